// IP addresses and interface names as netfilter matches them: CIDR containment for IPv4 and IPv6,
// and interface names with iptables' `+` / nft's `*` wildcard suffix. Runs in Node and the browser.

function v4(address: string): bigint | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = value * 256n + BigInt(part);
  }
  return value;
}

function v6(address: string): bigint | null {
  let text = address.toLowerCase();
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1] && tail[2]) {
    const n = v4(tail[2]);
    if (n === null) return null;
    text = `${tail[1]}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    value = (value << 16n) + BigInt(parseInt(g, 16));
  }
  return value;
}

/** Numeric value and bit width of an address, or null when it is not an IP address. */
export function parseAddress(address: string): { value: bigint; bits: 32 | 128 } | null {
  if (address.includes(':')) {
    const value = v6(address);
    return value === null ? null : { value, bits: 128 };
  }
  const value = v4(address);
  return value === null ? null : { value, bits: 32 };
}

/** Whether address lies in prefix (`a.b.c.d/n`, `x::/n` or a bare address); null when unknowable. */
export function inPrefix(address: string, prefix: string): boolean | null {
  const [base = '', lenText] = prefix.split('/');
  const a = parseAddress(address);
  const b = parseAddress(base);
  if (!a || !b) return null;
  if (a.bits !== b.bits) return false;
  const len = lenText === undefined ? a.bits : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > a.bits) return null;
  const shift = BigInt(a.bits - len);
  return a.value >> shift === b.value >> shift;
}

/** Interface name match with a trailing `+` (iptables) or `*` (nft) meaning "any suffix". */
export function interfaceMatches(name: string, pattern: string): boolean {
  if (pattern.endsWith('+') || pattern.endsWith('*')) return name.startsWith(pattern.slice(0, -1));
  return name === pattern;
}

/** An address without a host-length prefix: `127.0.0.1/32` → `127.0.0.1`, `::1/128` → `::1`. */
export function stripHostPrefix(address: string): string {
  return address.includes(':') ? address.replace(/\/128$/, '') : address.replace(/\/32$/, '');
}

/** Whether an address lies inside a CIDR such as 10.10.0.0/24 (either family); false for anything unparsable. */
export function inSubnet(address: string, cidr: string): boolean {
  return cidr.includes('/') && inPrefix(address, cidr) === true;
}

// Keyed, prefix-preserving address mapping (in the spirit of Crypto-PAn): two addresses sharing the first
// k bits map to addresses sharing exactly the first k bits, so subnets still contain their members and a
// gateway still sits in its network. Each address stays in its kind of space: private stays in its own
// private block, public stays public; loopback, unspecified, link-local v4 and multicast are unchanged.
import { createHmac } from 'node:crypto';

interface AddressClass {
  base: bigint;
  /** Bits fixed by the class (kept), then bits [fixed, permuteTo) permuted, the rest kept. */
  fixed: number;
  permuteTo: number;
}

const V4_WIDTH = 32;
const V6_WIDTH = 128;

function v4(text: string): bigint {
  return text.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

function inClass(value: bigint, width: number, base: bigint, bits: number): boolean {
  const shift = BigInt(width - bits);
  return value >> shift === base >> shift;
}

const V4_KEEP: [bigint, number][] = [
  [v4('0.0.0.0'), 8],
  [v4('127.0.0.0'), 8],
  [v4('169.254.0.0'), 16],
  [v4('224.0.0.0'), 3],
];
// Prefix lengths sit on the class boundary; the last 8 bits (the host number) are kept for plausibility.
const V4_PRIVATE: AddressClass[] = [
  { base: v4('10.0.0.0'), fixed: 8, permuteTo: 24 },
  { base: v4('172.16.0.0'), fixed: 12, permuteTo: 24 },
  { base: v4('192.168.0.0'), fixed: 16, permuteTo: 24 },
  { base: v4('100.64.0.0'), fixed: 10, permuteTo: 24 },
];
const V4_PUBLIC: AddressClass = { base: 0n, fixed: 0, permuteTo: 24 };

export function parseV6(text: string): bigint {
  let groups: string[];
  const tail = text.includes('.') ? text.slice(text.lastIndexOf(':') + 1) : null;
  const body = tail === null ? text : `${text.slice(0, text.lastIndexOf(':') + 1)}0:0`;
  if (body.includes('::')) {
    const [head = '', rest = ''] = body.split('::');
    const h = head ? head.split(':') : [];
    const t = rest ? rest.split(':') : [];
    groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  } else groups = body.split(':');
  let value = groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
  if (tail !== null) value = (value & ~0xffffffffn) | v4(tail);
  return value;
}

export function formatV6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - i * 16)) & 0xffffn));
  // RFC 5952: the longest run (≥ 2) of zero groups becomes `::`.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

const formatV4 = (value: bigint) => [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');

const V6_MAPPED_V4 = parseV6('::ffff:0:0');
const V6_KEEP: [bigint, number][] = [
  [0n, 128],
  [1n, 128],
  [parseV6('ff00::'), 8],
];
const V6_CLASSES: [bigint, number, AddressClass][] = [
  [parseV6('fe80::'), 10, { base: parseV6('fe80::'), fixed: 64, permuteTo: 128 }],
  [parseV6('fc00::'), 7, { base: parseV6('fc00::'), fixed: 8, permuteTo: 112 }],
  [parseV6('2000::'), 3, { base: parseV6('2000::'), fixed: 3, permuteTo: 112 }],
];

export class AddressMapper {
  private readonly bits = new Map<string, bigint>();
  private readonly done = new Map<string, string>();

  constructor(private readonly key: string | Uint8Array) {}

  private flip(family: string, prefix: bigint, length: number): bigint {
    const label = `${family}|${length}|${prefix.toString(16)}`;
    let bit = this.bits.get(label);
    if (bit === undefined) {
      bit = BigInt((createHmac('sha256', this.key).update(label).digest()[0] ?? 0) & 1);
      this.bits.set(label, bit);
    }
    return bit;
  }

  /**
   * Flips bit i when the keyed bit of the i-bit prefix says so: a bijection that keeps shared prefixes.
   * The first permuted bit always flips, so no address (and no network, a /16 in 172.16/12 included:
   * with only four bits left, one in sixteen used to map to itself) keeps its own value. It gives
   * away that one bit; the rest stays keyed.
   */
  private permute(value: bigint, width: number, c: AddressClass, family: string): bigint {
    let out = value;
    for (let i = c.fixed; i < c.permuteTo; i++) {
      const shift = BigInt(width - 1 - i);
      const bit = i === c.fixed ? 1n : this.flip(family, value >> (shift + 1n), i);
      out ^= bit << shift;
    }
    return out;
  }

  private mapV4Value(value: bigint): bigint {
    if (V4_KEEP.some(([base, bits]) => inClass(value, V4_WIDTH, base, bits))) return value;
    const priv = V4_PRIVATE.find((c) => inClass(value, V4_WIDTH, c.base, c.fixed));
    if (priv) return this.permute(value, V4_WIDTH, priv, 'v4');
    // Public: walk the permutation's cycle until it lands on a public address again (a bijection on them).
    let out = value;
    for (let guard = 0; guard < 10_000; guard++) {
      out = this.permute(out, V4_WIDTH, V4_PUBLIC, 'v4');
      const special = [...V4_KEEP, ...V4_PRIVATE.map((c): [bigint, number] => [c.base, c.fixed])];
      if (!special.some(([base, bits]) => inClass(out, V4_WIDTH, base, bits))) return out;
    }
    return value;
  }

  private mapV6Value(value: bigint): bigint {
    if (V6_KEEP.some(([base, bits]) => inClass(value, V6_WIDTH, base, bits))) return value;
    if (inClass(value, V6_WIDTH, V6_MAPPED_V4, 96))
      return V6_MAPPED_V4 | this.mapV4Value(value & 0xffffffffn);
    const hit = V6_CLASSES.find(([base, bits]) => inClass(value, V6_WIDTH, base, bits));
    return hit ? this.permute(value, V6_WIDTH, hit[2], 'v6') : value;
  }

  /** Maps an address; with a prefix length whose host bits are all zero (a network), the result is one too. */
  map(address: string, prefix: number | null = null): string {
    const memo = `${address}/${prefix ?? ''}`;
    const known = this.done.get(memo);
    if (known !== undefined) return known;
    const isV6 = address.includes(':');
    const width = isV6 ? V6_WIDTH : V4_WIDTH;
    const value = isV6 ? parseV6(address) : v4(address);
    let out = isV6 ? this.mapV6Value(value) : this.mapV4Value(value);
    if (prefix !== null && prefix < width) {
      const hostMask = (1n << BigInt(width - prefix)) - 1n;
      if ((value & hostMask) === 0n) out &= ~hostMask;
    }
    const text = isV6
      ? address.includes('.') && inClass(out, V6_WIDTH, V6_MAPPED_V4, 96)
        ? `::ffff:${formatV4(out & 0xffffffffn)}`
        : formatV6(out)
      : formatV4(out);
    this.done.set(memo, text);
    return text;
  }
}

// The address (and port range) a NAT statement rewrites to, as iptables and nft write it.

/** `10.0.0.3:80`, `10.0.0.3:9000-9001`, `[fd00::3]:80`, `fd00::3`, `10.0.0.3` → parts. */
export function parseNatTo(to: string): { address: string; from: number | null; to: number | null } | null {
  const m = /^\[([^\]]+)\](?::(\d+)(?:-(\d+))?)?$/.exec(to) ?? /^([^:[\]]+)(?::(\d+)(?:-(\d+))?)?$/.exec(to);
  if (m?.[1]) {
    const from = m[2] ? Number(m[2]) : null;
    return { address: m[1], from, to: m[3] ? Number(m[3]) : from };
  }
  return to.includes(':') && !to.includes('[') ? { address: to, from: null, to: null } : null;
}

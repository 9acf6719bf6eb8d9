// Whether one rule matches one packet, from the rule's parsed matches: protocol, addresses, devices,
// ports, addrtype and conntrack state. Unknown when the rule tests what the packet description lacks
// or what Netlens does not model (a `mark`, a set), so callers can say so instead of guessing.
import type { Family } from '../snapshot.js';
import type { RuleSpec } from '../rules/rule-spec.js';
import { inPrefix, interfaceMatches } from '../ip.js';

export interface NfPacket {
  family: Family;
  protocol: string;
  /** Source address; rules that test it are uncertain without it. */
  src: string | null;
  /** Without src: prefixes the source is known not to be in (the host's other subnets, for outside traffic). */
  srcNotIn?: readonly string[];
  dst: string;
  dport: number | null;
  /** Input device name; null for a packet the host itself sends (OUTPUT). */
  inInterface: string | null;
  /** Output device name; null before the routing decision (PREROUTING, INPUT). */
  outInterface: string | null;
  /** addrtype: whether the destination / source is an address of this host. */
  dstLocal: boolean;
  srcLocal: boolean;
  /** Connection-tracking state; a first packet is NEW. */
  ctstate?: string;
}

const PROTO_NUMBERS: Record<string, string> = {
  '6': 'tcp',
  '17': 'udp',
  '132': 'sctp',
  '1': 'icmp',
  '58': 'ipv6-icmp',
};
// Own keys only: a rule's protocol word (`constructor`…) must not find an inherited property.
const proto = (p: string) =>
  (Object.hasOwn(PROTO_NUMBERS, p) ? PROTO_NUMBERS[p] : undefined) ?? p.toLowerCase();
/** false when `prefix` lies inside one of `nets` (so a source known to be outside them is not in it). */
function outsideOf(prefix: string, nets: readonly string[] | undefined): false | null {
  const [base = '', len = '999'] = prefix.split('/');
  const inside = nets?.some((n) => inPrefix(base, n) === true && Number(len) >= Number(n.split('/')[1] ?? 0));
  return inside ? false : null;
}

/** true / false, or null when the rule tests something we cannot know about this packet. */
export function ruleMatches(spec: RuleSpec, p: NfPacket): boolean | null {
  const a = spec.args;
  let unknown = spec.unknown.length > 0;
  const checks: (boolean | null)[] = [];
  const test = (value: boolean | null, negated: boolean) =>
    checks.push(value === null ? null : value !== negated);
  if (a.protocol && a.protocol !== 'all' && a.protocol !== '0')
    test(proto(a.protocol) === proto(p.protocol), spec.protocolNegated);
  if (a.source) test(p.src ? inPrefix(p.src, a.source) : outsideOf(a.source, p.srcNotIn), a.sourceNegated);
  if (a.destination) test(inPrefix(p.dst, a.destination), a.destinationNegated);
  // No device is an empty name: `-i x` does not match it, `! -i x` does.
  if (a.inInterface) test(interfaceMatches(p.inInterface ?? '', a.inInterface), a.inInterfaceNegated);
  if (a.outInterface) test(interfaceMatches(p.outInterface ?? '', a.outInterface), a.outInterfaceNegated);
  if (a.dport) {
    const [lo = NaN, hi = lo] = a.dport.split(':').map(Number);
    test(p.dport == null ? null : p.dport >= lo && p.dport <= hi, spec.dportNegated);
  }
  if (a.dstType)
    test(
      a.dstType === 'LOCAL' ? p.dstLocal : a.dstType === 'UNICAST' ? !p.dstLocal : null,
      spec.dstTypeNegated,
    );
  if (a.srcType) test(a.srcType === 'LOCAL' ? p.srcLocal : null, spec.srcTypeNegated);
  if (spec.ctstate) test(spec.ctstate.includes((p.ctstate ?? 'NEW').toUpperCase()), spec.ctstateNegated);
  if (checks.includes(false)) return false;
  if (checks.includes(null)) unknown = true;
  return unknown ? null : true;
}

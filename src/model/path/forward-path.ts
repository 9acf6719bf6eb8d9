// Where a forwarded packet goes through the filter FORWARD hook: the chains it enters, the rules that
// match, and the verdict. A view of the general hook walk (netfilter.ts) for packets neither to nor
// from the host, kept for the callers and tests that ask only this question.
import type { Family, Firewall, FirewallBackend } from '../snapshot.js';
import type { RuleSpec } from '../rules/rule-spec.js';
import { ruleMatches as matches, walkHook, type PathStep } from './netfilter.js';

export type { PathStep } from './netfilter.js';

export interface ForwardPacket {
  inInterface: string;
  outInterface: string;
  dst: string;
  /** Source address; rules that test it are uncertain without it. */
  src?: string | null;
  protocol: string;
  dport?: number | null;
  /** Connection-tracking state of the packet; a first packet is NEW (the default). */
  ctstate?: string;
  family?: Family;
  backend?: FirewallBackend;
}

export interface ForwardPathResult {
  backend: FirewallBackend | null;
  family: Family;
  steps: PathStep[];
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  /** The rule that decided; null when a base chain's policy (or no rule at all) did. */
  decidedBy: string | null;
  /** The base chain whose policy decided, when one did. */
  policyOf: string | null;
  /** Some rule on the way could not be evaluated, or nothing was known about this family. */
  uncertain: boolean;
}

const familyOf = (p: ForwardPacket): Family => p.family ?? (p.dst.includes(':') ? 'ipv6' : 'ipv4');

const asNf = (p: ForwardPacket) => ({
  family: familyOf(p),
  protocol: p.protocol,
  src: p.src ?? null,
  dst: p.dst,
  dport: p.dport ?? null,
  inInterface: p.inInterface,
  outInterface: p.outInterface,
  // A forwarded packet is neither addressed to nor sent by this host.
  dstLocal: false,
  srcLocal: false,
  ...(p.ctstate !== undefined && { ctstate: p.ctstate }),
});

/** true / false, or null when the rule tests something we cannot know about this packet. */
export function ruleMatches(spec: RuleSpec, p: ForwardPacket): boolean | null {
  return matches(spec, asNf(p));
}

export function forwardPath(firewall: Firewall, packet: ForwardPacket): ForwardPathResult {
  const r = walkHook(firewall, 'forward', asNf(packet), {
    types: ['filter'],
    ...(packet.backend && { backend: packet.backend }),
  });
  return {
    backend: r.backend,
    family: r.family,
    steps: r.steps,
    verdict: r.verdict,
    decidedBy: r.decidedBy,
    policyOf: r.policyOf,
    uncertain: r.baseChains === 0 || r.unknown.length > 0,
  };
}

// What one firewall rule means, read from its text: the matches the path views evaluate and where
// control goes when the rule matches. Both parsers (iptables-save lines and the nft text we render)
// produce it, so the topology code can re-read a snapshot's rules without the raw facts.

/** The matches of a rule the path views evaluate (and the collector records as a rule fact). */
export interface RuleArgs {
  protocol: string | null;
  source: string | null;
  sourceNegated: boolean;
  destination: string | null;
  destinationNegated: boolean;
  inInterface: string | null;
  inInterfaceNegated: boolean;
  outInterface: string | null;
  outInterfaceNegated: boolean;
  /** --dport, a single port or `a:b`. */
  dport: string | null;
  /** -m addrtype --dst-type / --src-type values. */
  dstType: string | null;
  srcType: string | null;
  /** --to-destination / --to-source / nft dnat to, e.g. `10.10.0.3:80`. */
  toDestination: string | null;
  toSource: string | null;
  comment: string | null;
}

export type SimpleVerdict = 'accept' | 'drop' | 'reject' | 'return';

/** One entry of an nft verdict map: key (an interface name) → verdict. */
export interface VmapEntry {
  key: string;
  kind: 'jump' | 'goto' | SimpleVerdict | 'continue';
  chain: string | null;
}

export type RuleAction =
  | { kind: 'jump' | 'goto'; chain: string }
  | { kind: SimpleVerdict }
  /** nft `iifname vmap @map`: the verdict depends on the packet's interface. */
  | { kind: 'vmap'; key: 'iifname' | 'oifname' | 'other'; map: string | null; entries: VmapEntry[] }
  /** Any other target (DNAT, MASQUERADE, LOG, MARK…); NAT targets end the chain walk in their table. */
  | { kind: 'target'; target: string }
  | { kind: 'none' };

export interface RuleSpec {
  args: RuleArgs;
  protocolNegated: boolean;
  dportNegated: boolean;
  /** conntrack/ct states the rule requires (upper case), null when it does not look at them. */
  ctstate: string[] | null;
  ctstateNegated: boolean;
  dstTypeNegated: boolean;
  srcTypeNegated: boolean;
  action: RuleAction;
  /** Matches this model does not evaluate (e.g. `multiport`, `mark`): a path through them is uncertain. */
  unknown: string[];
}

export function emptyArgs(): RuleArgs {
  return {
    protocol: null,
    source: null,
    sourceNegated: false,
    destination: null,
    destinationNegated: false,
    inInterface: null,
    inInterfaceNegated: false,
    outInterface: null,
    outInterfaceNegated: false,
    dport: null,
    dstType: null,
    srcType: null,
    toDestination: null,
    toSource: null,
    comment: null,
  };
}

export function emptySpec(): RuleSpec {
  return {
    args: emptyArgs(),
    protocolNegated: false,
    dportNegated: false,
    ctstate: null,
    ctstateNegated: false,
    dstTypeNegated: false,
    srcTypeNegated: false,
    action: { kind: 'none' },
    unknown: [],
  };
}

const NAT_TARGETS = new Set(['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'NETMAP']);

/** Whether a matching rule with this action stops the walk through its chain (NAT statements do). */
export function isTerminal(action: RuleAction): boolean {
  switch (action.kind) {
    case 'accept':
    case 'drop':
    case 'reject':
    case 'return':
    case 'goto':
      return true;
    case 'target':
      return action.target === 'REJECT' || NAT_TARGETS.has(action.target);
    default:
      return false;
  }
}

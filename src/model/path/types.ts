// What the path engine answers: the hops a packet takes through namespaces, devices, routes and
// netfilter rules, and the verdict. Shared by the app's packet-path panel and `netlens path`.
import type { Text } from '../text/message.js';

export type Verdict = 'delivered' | 'blocked' | 'uncertain';

export type HopKind =
  | 'endpoint'
  | 'interface'
  | 'veth'
  | 'cable'
  | 'bridge'
  | 'route'
  | 'chain'
  | 'rule'
  | 'nat'
  | 'socket'
  | 'process'
  | 'verdict';

/** A netfilter rule a hop relies on, with where it sits. */
export interface RuleRef {
  id: string;
  table: string;
  chain: string;
  position: number;
  text: string;
  /** What it did to this packet: accept, drop, reject, jump, goto, return, nat, uncertain. */
  action: string;
}

/** A route a hop relies on (the most specific one of its namespace for the destination). */
export interface RouteRef {
  namespace: string;
  table: string;
  type: string;
  dst: string;
  gateway: string | null;
  dev: string | null;
}

export interface PathHop {
  kind: HopKind;
  label: string;
  detail: string;
  /** The label and detail as codes (the app words them in its language); absent for names and rule text. */
  labelText?: Text;
  detailText?: Text;
  /** Namespace id the hop happens in. */
  namespace: string | null;
  /** Interface id of the device the hop is on. */
  device: string | null;
  route: RouteRef | null;
  rule: RuleRef | null;
  /** Drawn item to highlight (interface, namespace, cable or NAT flow id). */
  item: string | null;
  /** This hop stops the packet. */
  blocked: boolean;
}

/** What stopped the packet. */
export type BlockCause =
  | { kind: 'rule'; rule: RuleRef }
  | { kind: 'policy'; chain: string }
  | { kind: 'route'; namespace: string; dst: string }
  | { kind: 'other'; text: string };

/** Where the packet ended up, when it was delivered. */
export interface Delivery {
  namespace: string;
  /** Containers living in that namespace. */
  containers: string[];
  address: string;
  port: number | null;
  /** The host process holding the socket, when known. */
  process: { name: string; pid: number } | null;
  /** Delivered to the wire through this host interface (destination outside the host). */
  leaves: string | null;
}

/** One end of a path as the user named it. */
export type EndSpec =
  | { kind: 'container'; name: string }
  | { kind: 'host' }
  | { kind: 'outside'; address?: string }
  | { kind: 'address'; address: string };

export interface PathQuery {
  from: EndSpec;
  to: EndSpec;
  /** Destination port; none means a ping (ICMP). */
  port?: number | null;
  /** tcp (default with a port), udp, sctp; icmp without a port. */
  protocol?: string;
}

export interface PathResult {
  title: string;
  from: string;
  to: string;
  protocol: string;
  port: number | null;
  hops: PathHop[];
  verdict: Verdict;
  reason: string;
  /**
   * The end's reason as a code (absent where it is no sentence) and the missing facts' codes: the
   * English `reason` is the first, then `; not known: ` and the second (path.notKnown).
   */
  reasonText?: Text;
  missingText?: Text[];
  blockedBy: BlockCause | null;
  /** Facts the snapshot lacks that made the verdict uncertain (empty otherwise). */
  missing: string[];
  delivered: Delivery | null;
  /** Drawn items in hop order, each once (for highlighting and numbering). */
  items: string[];
}

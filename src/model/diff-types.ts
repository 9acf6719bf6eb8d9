// The result of comparing two snapshots (src/diff). Plain data: it crosses IPC and is printed by the CLI.

export type DiffCollection =
  | 'host'
  /** A host sysctl that decides paths (`ip_forward`, `route_localnet on docker0`…). */
  | 'sysctl'
  | 'container'
  | 'namespace'
  | 'interface'
  | 'network'
  | 'natFlow'
  /** A docker-proxy process, by protocol, host address and port. */
  | 'proxy'
  /** A host socket listening on a published port. */
  | 'listener'
  | 'chain'
  | 'rule'
  | 'route'
  | 'finding';

export interface FieldChange {
  /** Dotted path inside the item, e.g. `peer`, `addresses`, `endpoints.appnet.ipv4` (`endpoints["a.b"]` when a key has dots). */
  path: string;
  /** Plain JSON values; `undefined` (absent from JSON output) when the path exists on one side only. */
  before: unknown;
  after: unknown;
  /** What the field is about when its path does not say it: an endpoint's interface name (`eth0`). */
  subject?: string;
  /** For a set (a sorted list on both sides): the members only B has and only A has. */
  added?: unknown[];
  removed?: unknown[];
}

/** What a change belongs to, for grouping: a container, a network, a named netns, the host, or the firewall. */
export interface ChangeOwner {
  kind: 'container' | 'network' | 'namespace' | 'host' | 'firewall';
  name: string;
}

export interface Change {
  kind: 'added' | 'removed' | 'changed';
  collection: DiffCollection;
  /** Semantic identity of the item (container name, namespace id, interface id…). */
  key: string;
  /** Short human label, e.g. `container web` or `tcp 0.0.0.0:8080 → 10.10.0.3:80`. */
  label: string;
  /** Only for `changed`. */
  fields: FieldChange[];
  /**
   * The item's id in each snapshot, null on the side that lacks it: containers and networks by name,
   * namespaces, interfaces, flows, rules and findings by id, chains as `backend:family:table:name`,
   * routes, sysctls, docker-proxies and listeners by their (host) namespace, the host as `host`.
   */
  ids: { a: string | null; b: string | null };
  /** The container, network, namespace, host or firewall the change is grouped under. */
  owner: ChangeOwner;
}

/**
 * What a comparison left out of `changes` unless asked for everything (`all`): changes the kernel
 * makes by itself (local-table, broadcast and IPv6 link-local routes and addresses, veth and bridge
 * MACs) and details that repeat another change (a namespace's interface list, a network's endpoints).
 */
export interface HiddenCounts {
  kernel: number;
  repeated: number;
}

export interface SnapshotSide {
  label: string;
  host: string;
  capturedAt: string;
}

export interface SnapshotDiff {
  a: SnapshotSide;
  b: SnapshotSide;
  /** No change left after hiding what `hidden` counts. */
  equal: boolean;
  /** Compared by role (two hosts, or asked for): ids, MACs and IPv6 link-local addresses were not compared. */
  crossHost?: boolean;
  /** How the comparison by role went (present when crossHost). */
  byRole?: ByRole;
  changes: Change[];
  /**
   * Namespaces and interfaces both sides have under different ids (a restarted container's new host
   * veth), as [id in A, id in B]: lets a view hang A's removed items on B's picture.
   */
  renamed: { namespaces: [string, string][]; interfaces: [string, string][] };
  /** Changes and fields left out (all zero when compared with `all`). */
  hidden: HiddenCounts;
}

/** Containers and networks with different names matched by the part they play. */
export interface RolePair {
  kind: 'container' | 'network';
  a: string;
  b: string;
  by: 'compose service' | 'compose project' | 'containers';
}

export interface ByRole {
  /** Addresses and generated names that differ were counted as changes. */
  strict: boolean;
  matched: RolePair[];
  /** Unless strict: fields whose values differ but mean the same (addresses, veth names), side by side. */
  expected: Change[];
}

/** How two snapshots are compared (the `snapshots:compare` request and `netlens diff` options). */
export interface CompareOptions {
  /** Show everything: counters and what is hidden by default (see HiddenCounts). */
  all?: boolean;
  /** Compare by role even when the host names are the same. */
  byRole?: boolean;
  /** By role, counting addresses and generated names that differ as changes. */
  strict?: boolean;
}

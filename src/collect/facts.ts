// Raw facts as collectors return them: parsed and validated, not yet joined. The topology builder
// (src/topology) turns them into a Snapshot. Nothing here knows about other namespaces or Docker.
import type {
  Address,
  Counters,
  DockerProxy,
  FirewallBackend,
  Family,
  Listener,
  Mesh,
  Sysctls,
} from '../model/snapshot.js';
import type { RuleArgs } from '../model/rules/rule-spec.js';

export type { RuleArgs };

/** One interface as `ip -json -details -stats addr show` prints it inside one namespace. */
export interface LinkFact {
  ifindex: number;
  name: string;
  /** linkinfo.info_kind: veth, bridge, macvlan, ipvlan, vxlan, vlan, dummy, tun… or null. */
  infoKind: string | null;
  /** linkinfo.info_slave_kind, e.g. `bridge` for a bridge port. */
  slaveKind: string | null;
  /** link_type: ether, loopback, none… */
  linkType: string | null;
  mac: string | null;
  mtu: number;
  operstate: string;
  flags: string[];
  /** Name of the master device (bridge) in the same namespace. */
  master: string | null;
  /** Peer/parent ifindex (`link_index`), in the namespace named by linkNetnsId when that is set. */
  linkIndex: number | null;
  linkNetnsId: number | null;
  /** Peer/parent name when it lives in the same namespace (`link`). */
  link: string | null;
  addresses: Address[];
  counters: Counters | null;
  /** For a vxlan device: its VNI, local VTEP address and UDP port (`ip -d` linkinfo.info_data). */
  vxlan?: { vni: number | null; local: string | null; port: number | null } | null;
}

/** One forwarding entry of `bridge -j fdb show` (Swarm's overlay namespaces: vxlan0's remote VTEPs). */
export interface FdbEntry {
  ifname: string;
  mac: string;
  /** The remote VTEP address, for entries that send to another host. */
  dst: string | null;
}

export interface RouteFact {
  family: Family;
  table: string;
  type: string;
  dst: string;
  gateway: string | null;
  dev: string | null;
  protocol: string | null;
  scope: string | null;
  prefsrc: string | null;
  metric: number | null;
}

export interface NamespaceFacts {
  /** null for the host namespace (the one the collector runs in). */
  path: string | null;
  /** Inode of the namespace (`stat -L -c %i`), equal to /proc/<pid>/ns/net's. */
  inode: number | null;
  links: LinkFact[];
  routes: RouteFact[];
  /** Why this namespace could not be read completely, if it could not. */
  error: string | null;
  /** Forwarding database, read only in overlay namespaces (`<n>-<network id>`). */
  fdb?: FdbEntry[];
  /** Swarm's mesh sandboxes (`ingress_sbox`, `lb_<id>`): their mangle marks and IPVS table. */
  mesh?: Mesh;
}

export interface KernelFacts {
  hostname: string | null;
  kernel: string | null;
  os: string | null;
  privilege: 'root' | 'sudo' | 'none';
  host: NamespaceFacts | null;
  /** Every namespace file under /var/run/docker/netns (and /var/run/netns), read in one round trip. */
  namespaces: NamespaceFacts[];
  /**
   * Namespace files that were listed but hold no namespace any more, or vanished while being read (a
   * container stopping): not shown, not a problem; the builder shows their container as stopping.
   */
  gone?: string[];
  /** Problems worth a warning in the snapshot (command missing, permission denied…). */
  problems: string[];
  /** The host's sysctls that decide paths, its listening sockets and docker-proxy processes (null: not read). */
  sysctls?: Sysctls | null;
  listeners?: Listener[] | null;
  proxies?: DockerProxy[] | null;
}

export interface RuleFact {
  chain: string;
  /** The rule as the tool prints it, without counters (iptables-save `-A …` line, or nft text). */
  text: string;
  target: string | null;
  args: RuleArgs;
  counters: { packets: number; bytes: number } | null;
}

export interface ChainFact {
  name: string;
  policy: string | null;
  counters: { packets: number; bytes: number } | null;
}

export interface TableFact {
  backend: FirewallBackend;
  family: Family;
  name: string;
  chains: ChainFact[];
  rules: RuleFact[];
}

export interface FirewallFacts {
  /** Backends whose tables hold Docker's rules (a `DOCKER` chain or Docker's nft tables). */
  backends: FirewallBackend[];
  tables: TableFact[];
  problems: string[];
}

/** What one command of the batched collection script printed. */
export interface CommandOutput {
  stdout: string;
  /** Exit status; null when unknown. 127 (or missing: true) when the command is not installed. */
  code: number | null;
  missing: boolean;
}

/** Firewall commands the batched script runs (each where installed), by name. */
export const FIREWALL_COMMANDS = [
  'iptables-legacy-save',
  'ip6tables-legacy-save',
  'iptables-nft-save',
  'ip6tables-nft-save',
  'nft-ruleset',
] as const;
export type FirewallCommand = (typeof FIREWALL_COMMANDS)[number];
/** Plus `iptables -V` (`iptables-version`), which tells whether plain `iptables` is nf_tables or legacy. */
export type FirewallOutputs = Partial<Record<FirewallCommand | 'iptables-version', CommandOutput>>;

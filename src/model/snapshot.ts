// The snapshot schema (netlens.snapshot/v1). Every snapshot that enters the program (from a file, a
// peer or a capture) is parsed with it, so a bad field is reported by name instead of crashing later.
// Documented for humans in docs/snapshot.md: keep the two in step. Fields added after v1 first shipped
// (engine, dockerHost, vm, swarm, services, namespace roles and mesh, vxlan, service and mark of NAT flows, a finding's text) are
// optional so older documents still parse; a capture always writes them.
import { z } from 'zod';
import { TextSchema } from './text/message.js';

export const SNAPSHOT_SCHEMA = 'netlens.snapshot/v1';

const int = z.number().int();
const nonNeg = int.nonnegative();

export const Family = z.enum(['ipv4', 'ipv6']);

export const Counters = z.object({
  rxBytes: nonNeg,
  rxPackets: nonNeg,
  txBytes: nonNeg,
  txPackets: nonNeg,
  rxErrors: nonNeg,
  txErrors: nonNeg,
  rxDropped: nonNeg,
  txDropped: nonNeg,
});

export const Address = z.object({
  family: Family,
  address: z.string(),
  prefixLen: int.min(0).max(128),
  scope: z.string().nullable(),
});

export const InterfaceKind = z.enum([
  'loopback',
  'physical',
  'bridge',
  'veth',
  'macvlan',
  'ipvlan',
  'vxlan',
  'vlan',
  'dummy',
  'tun',
  'other',
]);

export const Interface = z.object({
  /** `${namespace}/${name}`: stable across captures while the name is. */
  id: z.string(),
  namespace: z.string(),
  name: z.string(),
  ifindex: nonNeg,
  kind: InterfaceKind,
  /** The raw `linkinfo.info_kind` (e.g. `veth`, `bridge`), null for plain devices. */
  driver: z.string().nullable(),
  mac: z.string().nullable(),
  mtu: nonNeg,
  /** operstate as the kernel reports it: UP, DOWN, UNKNOWN, LOWERLAYERDOWN… */
  state: z.string(),
  flags: z.array(z.string()),
  addresses: z.array(Address),
  /** Interface id of the bridge this one is enslaved to. */
  master: z.string().nullable(),
  /** Interface id of the other end of a veth pair, null when it could not be found. */
  peer: z.string().nullable(),
  /** Interface id of the parent of a macvlan/ipvlan/vlan device. */
  parent: z.string().nullable(),
  /** Raw link facts the joins were made from (kept for inspection and findings). */
  linkIndex: nonNeg.nullable(),
  linkNetnsId: int.nullable(),
  counters: Counters.nullable(),
  /** A vxlan device (Swarm's `vxlan0`): VNI, local VTEP address, UDP port and the remote VTEPs in its fdb. */
  vxlan: z
    .object({
      vni: nonNeg.nullable(),
      local: z.string().nullable(),
      port: nonNeg.nullable(),
      /** Forwarding entries pointing at other hosts: container MAC → remote VTEP address. */
      peers: z.array(z.object({ mac: z.string(), dst: z.string() })),
    })
    .nullable()
    .optional(),
});

export const Route = z.object({
  namespace: z.string(),
  family: Family,
  table: z.string(),
  type: z.string(),
  dst: z.string(),
  gateway: z.string().nullable(),
  dev: z.string().nullable(),
  protocol: z.string().nullable(),
  scope: z.string().nullable(),
  prefsrc: z.string().nullable(),
  metric: nonNeg.nullable(),
});

export const NamespaceKind = z.enum(['host', 'container', 'netns']);
/** What a namespace no container owns is for (Swarm's overlay sandboxes). */
export const NamespaceRole = z.enum(['overlay', 'ingress-sbox', 'load-balancer']);

/** One real server of an IPVS service (`  -> <addr>:<port> <forward> <weight> <active> <inactive>`). */
export const IpvsDestination = z.object({
  address: z.string(),
  port: nonNeg,
  /** How IPVS hands the packet on: `Masq` (NAT, Swarm's), `Local`, `Tunnel`, `Route`. */
  forward: z.string(),
  weight: int,
  active: int,
  inactive: int,
});

/** One IPVS virtual service of `/proc/net/ip_vs`: chosen by a firewall mark, or by protocol, address and port. */
export const IpvsService = z.object({
  /** The firewall mark of an `FWM` service (Swarm's are all such), null for an address service. */
  fwmark: nonNeg.nullable(),
  protocol: z.string().nullable(),
  address: z.string().nullable(),
  port: nonNeg.nullable(),
  scheduler: z.string(),
  /** `ops` (one-packet scheduling), `persistent <seconds>`. */
  flags: z.array(z.string()),
  destinations: z.array(IpvsDestination),
});

/** A mangle-table MARK rule of a mesh sandbox: what traffic gets which firewall mark. */
export const MeshMark = z.object({
  mark: nonNeg,
  chain: z.string(),
  protocol: z.string().nullable(),
  /** `--dport` (a published port, in `ingress_sbox`), null when the rule has none. */
  port: nonNeg.nullable(),
  /** `-d` (a service's virtual IP, `10.0.0.2/32`), null when the rule has none. */
  destination: z.string().nullable(),
  rule: z.string(),
});

/** Swarm's routing mesh as one sandbox (`ingress_sbox`, `lb_<id>`) holds it: marks, then IPVS. */
export const Mesh = z.object({
  /** `read`; `absent`: no /proc/net/ip_vs (the kernel has no IPVS); `unreadable`: see `error`. */
  ipvs: z.enum(['read', 'absent', 'unreadable']),
  services: z.array(IpvsService),
  /** The sandbox's mangle MARK rules; null when its mangle table could not be read. */
  marks: z.array(MeshMark).nullable(),
  error: z.string().nullable(),
});

export const Namespace = z.object({
  /** `host`, `container:<name of the container that owns it>`, or `netns:<inode>`. */
  id: z.string(),
  kind: NamespaceKind,
  path: z.string().nullable(),
  inode: nonNeg.nullable(),
  /** Names of the containers living in it, owner first, then `--network container:` sharers, sorted. */
  containers: z.array(z.string()),
  interfaces: z.array(z.string()),
  role: NamespaceRole.nullable().optional(),
  /** The network a role namespace serves (`ingress`, an overlay's name). */
  network: z.string().nullable().optional(),
  /** `ingress-sbox` and `load-balancer` sandboxes: their mangle marks and IPVS table. */
  mesh: Mesh.nullable().optional(),
});

export const Subnet = z.object({ subnet: z.string(), gateway: z.string().nullable() });

export const NetworkEndpoint = z.object({
  container: z.string(),
  /** Interface id in the container's namespace that carries this endpoint. */
  interface: z.string().nullable(),
  ipv4: z.string().nullable(),
  ipv6: z.string().nullable(),
  mac: z.string().nullable(),
});

export const Network = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  scope: z.string(),
  internal: z.boolean(),
  ipv6: z.boolean(),
  subnets: z.array(Subnet),
  /** Host interface id of the Linux bridge (bridge driver) or parent (macvlan/ipvlan). */
  bridge: z.string().nullable(),
  options: z.record(z.string(), z.string()),
  endpoints: z.array(NetworkEndpoint),
});

export const PublishedPort = z.object({
  protocol: z.enum(['tcp', 'udp', 'sctp']),
  containerPort: nonNeg,
  hostIp: z.string(),
  hostPort: nonNeg,
});

export const ContainerEndpoint = z.object({
  network: z.string(),
  interface: z.string().nullable(),
  ipv4: z.string().nullable(),
  ipv4PrefixLen: nonNeg.nullable(),
  ipv6: z.string().nullable(),
  mac: z.string().nullable(),
  gateway: z.string().nullable(),
  aliases: z.array(z.string()),
});

export const Container = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  state: z.string(),
  /** HostConfig.NetworkMode with `container:<id>` rewritten to `container:<name>`. */
  networkMode: z.string(),
  namespace: z.string().nullable(),
  pid: nonNeg.nullable(),
  endpoints: z.array(ContainerEndpoint),
  ports: z.array(PublishedPort),
  /**
   * What `-p` asked for (HostConfig.PortBindings; host port 0: any free port). Docker publishes none
   * of it when the container is on internal networks only. Absent in snapshots made before it was read.
   */
  requestedPorts: z.array(PublishedPort).optional(),
  compose: z.object({ project: z.string(), service: z.string() }).nullable(),
});

export const RuleCounters = z.object({ packets: nonNeg, bytes: nonNeg });

export const FirewallBackend = z.enum(['iptables-nft', 'iptables-legacy', 'nftables']);

export const Rule = z.object({
  /** `${backend}:${family}:${table}:${chain}:${normalised text}` (+ `#n` for repeats): identity for diffs. */
  id: z.string(),
  backend: FirewallBackend,
  family: Family,
  table: z.string(),
  chain: z.string(),
  /** Position within its chain, from 1. */
  position: nonNeg,
  /** The rule without counters, as iptables-save (or nft) prints it. */
  text: z.string(),
  target: z.string().nullable(),
  counters: RuleCounters.nullable(),
});

export const Chain = z.object({
  backend: FirewallBackend,
  family: Family,
  table: z.string(),
  name: z.string(),
  policy: z.string().nullable(),
  counters: RuleCounters.nullable(),
});

export const Firewall = z.object({
  /** Backends that held Docker's rules; empty when none could be read. */
  backends: z.array(FirewallBackend),
  chains: z.array(Chain),
  rules: z.array(Rule),
});

export const DnatFlow = z.object({
  kind: z.literal('dnat'),
  /** `${protocol}/${hostIp}:${hostPort}`: identity for diffs. Ranges are expanded, one flow per port. */
  id: z.string(),
  family: Family,
  protocol: z.enum(['tcp', 'udp', 'sctp']),
  hostIp: z.string(),
  hostPort: nonNeg,
  toAddress: z.string(),
  toPort: nonNeg,
  /** Interface the rule excludes (`! -i br-…`), so traffic from that bridge is not rewritten. */
  excludeInterface: z.string().nullable(),
  container: z.string().nullable(),
  endpoint: z.string().nullable(),
  network: z.string().nullable(),
  rule: z.string().nullable(),
  /** Chains a packet from outside passes to reach the rule, e.g. PREROUTING → DOCKER. */
  chainPath: z.array(z.string()),
  /** Whether `docker inspect` lists this port as published. */
  published: z.boolean(),
  /** A Swarm routing-mesh port (DOCKER-INGRESS): the service that publishes it. */
  service: z.string().nullable().optional(),
});

export const MasqueradeFlow = z.object({
  kind: z.literal('masquerade'),
  id: z.string(),
  family: Family,
  source: z.string(),
  destination: z.string().nullable(),
  excludeOutInterface: z.string().nullable(),
  network: z.string().nullable(),
  rule: z.string(),
  /** `-m mark --mark v/m`: only marked packets (Podman's netavark/CNI port-forward hairpin). */
  mark: z.string().nullable().optional(),
  /** `-p` and `--dport` of the rule (Docker's hairpin rules have them); null when it has none. */
  protocol: z.string().nullable().optional(),
  port: z.string().nullable().optional(),
});

export const NatFlow = z.discriminatedUnion('kind', [DnatFlow, MasqueradeFlow]);

export const Finding = z.object({
  id: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
  /** The message as a code and parameters, for the app to word in its language (absent in older files). */
  text: TextSchema.optional(),
  /** Ids of the items concerned (containers by name, interfaces, rules, flows). */
  subjects: z.array(z.string()),
});

export const ServicePort = z.object({
  protocol: z.enum(['tcp', 'udp', 'sctp']),
  targetPort: nonNeg,
  publishedPort: nonNeg,
  /** `ingress` (routing mesh, on every node) or `host` (only where a task runs). */
  publishMode: z.string(),
});

export const ServiceTask = z.object({
  id: z.string(),
  slot: nonNeg.nullable(),
  node: z.string().nullable(),
  state: z.string(),
  desiredState: z.string(),
  /** The task's container on this host, by name, when it runs here. */
  container: z.string().nullable(),
  /** Addresses per network, `network=address/prefix`. */
  addresses: z.array(z.string()),
});

/** A Swarm service, from the managers' API. */
export const Service = z.object({
  id: z.string(),
  name: z.string(),
  mode: z.string(),
  replicas: nonNeg.nullable(),
  ports: z.array(ServicePort),
  /** The networks it is attached to, with its virtual IP on each (`null` without a VIP). */
  networks: z.array(z.object({ network: z.string(), vip: z.string().nullable() })),
  tasks: z.array(ServiceTask),
});

/** What a VM-hosted engine (Docker Desktop) keeps out of sight, and what is still shown. */
export const HostVm = z.object({
  product: z.string(),
  hidden: z.array(z.string()),
  shown: z.array(z.string()),
});

export const Warning = z.object({
  part: z.enum(['docker', 'kernel', 'firewall', 'connection']),
  code: z.string(),
  /** English, as the CLI and JSON show it. */
  message: z.string(),
  /** The message as a code the app words in its language (src/model/text/warning-text.ts). */
  text: TextSchema.optional(),
});

export const Protocol = z.enum(['tcp', 'udp', 'sctp']);

/** A listening (TCP) or bound (UDP) socket of the host namespace, as `ss -ltnup` shows it. */
export const Listener = z.object({
  /** Namespace id (only the host's sockets are captured). */
  namespace: z.string(),
  protocol: Protocol,
  family: Family,
  /** Bound address: `0.0.0.0`, `::` or one address (IPv6 without brackets or zone). */
  address: z.string(),
  port: nonNeg,
  /** An IPv6 wildcard socket that also takes IPv4 (ss prints `*`); false for IPv6-only; null unknown. */
  dualStack: z.boolean().nullable(),
  /** Owning processes (only known with root). */
  processes: z.array(z.object({ name: z.string(), pid: nonNeg })),
});

/** A running docker-proxy: the userland proxy Docker starts per published port and host address. */
export const DockerProxy = z.object({
  pid: nonNeg,
  protocol: Protocol,
  hostIp: z.string(),
  hostPort: nonNeg,
  containerIp: z.string(),
  containerPort: nonNeg,
});

/** A per-interface sysctl: `all`, `default` and the interfaces whose value differs from `default`. */
export const InterfaceSysctl = z.object({
  all: int.nullable(),
  default: int.nullable(),
  /** `{name, value}` sorted by name (a list, so redaction reaches the names). */
  interfaces: z.array(z.object({ name: z.string(), value: int })),
});

/** The host's sysctls that decide where packets may go; null where unreadable. */
export const Sysctls = z.object({
  /** net.ipv4.ip_forward */
  ipForward: z.boolean().nullable(),
  /** net.ipv6.conf.all.forwarding */
  ipv6Forwarding: z.boolean().nullable(),
  /** net.bridge.bridge-nf-call-iptables; false when br_netfilter is not loaded. */
  bridgeNfCallIptables: z.boolean().nullable(),
  bridgeNfCallIp6tables: z.boolean().nullable(),
  /** net.ipv4.conf.*.route_localnet */
  routeLocalnet: InterfaceSysctl,
  /** net.ipv4.conf.*.rp_filter */
  rpFilter: InterfaceSysctl,
});

/** A port RootlessKit forwards from the real host into its namespace (its API's `/v1/ports`). */
export const RootlessPort = z.object({
  /** `tcp`, `udp`, `sctp` (RootlessKit's `tcp4`/`tcp6` forms are folded into protocol and family). */
  protocol: z.string(),
  /** Where it listens on the real host (`0.0.0.0`, `::`, `127.0.0.1`…). */
  parentIp: z.string(),
  parentPort: nonNeg,
  /** Where the port driver connects inside the namespace; null: the driver's default (loopback for `builtin`). */
  childIp: z.string().nullable(),
  childPort: nonNeg,
});

/** Rootless Docker's RootlessKit: how the real host reaches its namespace (the picture's "host"). */
export const RootlessKit = z.object({
  /** RootlessKit's parent process, on the real host (it holds the host ports with the builtin driver). */
  pid: nonNeg.nullable(),
  /** Its child, whose user, mount and network namespaces hold the engine. */
  childPid: nonNeg.nullable(),
  /** Network driver: `slirp4netns`, `vpnkit`, `pasta`, `lxc-user-nic`; null when unknown. */
  network: z.string().nullable(),
  /** Port driver: `builtin`, `slirp4netns`, `implicit`, `none`; null when unknown. */
  portDriver: z.string().nullable(),
  /** The namespace's address on the network driver's device (slirp4netns: 10.0.2.100 on tap0). */
  childIp: z.string().nullable(),
  /** Forwarded ports; null when RootlessKit's API could not be read. */
  ports: z.array(RootlessPort).nullable(),
});

export const HostInfo = z.object({
  name: z.string(),
  target: z.string(),
  dockerVersion: z.string().nullable(),
  apiVersion: z.string().nullable(),
  kernel: z.string().nullable(),
  os: z.string().nullable(),
  firewallBackend: FirewallBackend.nullable(),
  /** How kernel and firewall facts were read: as root, through `sudo -n`, or not at all. */
  privilege: z.enum(['root', 'sudo', 'none']),
  rootless: z.boolean(),
  /** Rootless Docker: RootlessKit's drivers and forwarded ports, read on the real host. */
  rootlessKit: RootlessKit.nullable().optional(),
  /** The engine behind the Docker API: `docker` or `podman` (from `/version`), null when unknown. */
  engine: z.enum(['docker', 'podman']).nullable().optional(),
  /** Its product name as it reports it (`Docker Engine - Community`, `Podman Engine`, `Docker Desktop …`). */
  engineName: z.string().nullable().optional(),
  /** The engine address used (`unix:///run/podman/podman.sock`), null when not recorded. */
  dockerHost: z.string().nullable().optional(),
  /** Set when the engine runs in a VM this capture cannot look into (Docker Desktop). */
  vm: HostVm.nullable().optional(),
  /** This node's Swarm membership, null outside a swarm. */
  swarm: z
    .object({ nodeId: z.string(), nodeAddr: z.string().nullable(), manager: z.boolean() })
    .nullable()
    .optional(),
  collected: z.object({ docker: z.boolean(), kernel: z.boolean(), firewall: z.boolean() }),
});

export const Snapshot = z.object({
  schema: z.literal(SNAPSHOT_SCHEMA),
  capturedAt: z.string(),
  host: HostInfo,
  namespaces: z.array(Namespace),
  interfaces: z.array(Interface),
  routes: z.array(Route),
  networks: z.array(Network),
  containers: z.array(Container),
  /** Swarm services and their tasks (empty outside a swarm, or on a worker, which cannot list them). */
  services: z.array(Service).optional(),
  firewall: Firewall,
  natFlows: z.array(NatFlow),
  findings: z.array(Finding),
  warnings: z.array(Warning),
  /**
   * What delivers traffic besides NAT rules (host namespace). Absent in snapshots made before they
   * were captured; null when they could not be read. A capture always writes them.
   */
  sysctls: Sysctls.nullable().optional(),
  listeners: z.array(Listener).nullable().optional(),
  proxies: z.array(DockerProxy).nullable().optional(),
});

export type Family = z.infer<typeof Family>;
export type Counters = z.infer<typeof Counters>;
export type Address = z.infer<typeof Address>;
export type InterfaceKind = z.infer<typeof InterfaceKind>;
export type Interface = z.infer<typeof Interface>;
export type Route = z.infer<typeof Route>;
export type Namespace = z.infer<typeof Namespace>;
export type Network = z.infer<typeof Network>;
export type NetworkEndpoint = z.infer<typeof NetworkEndpoint>;
export type Container = z.infer<typeof Container>;
export type ContainerEndpoint = z.infer<typeof ContainerEndpoint>;
export type PublishedPort = z.infer<typeof PublishedPort>;
export type FirewallBackend = z.infer<typeof FirewallBackend>;
export type Rule = z.infer<typeof Rule>;
export type Chain = z.infer<typeof Chain>;
export type Firewall = z.infer<typeof Firewall>;
export type DnatFlow = z.infer<typeof DnatFlow>;
export type MasqueradeFlow = z.infer<typeof MasqueradeFlow>;
export type NatFlow = z.infer<typeof NatFlow>;
export type Finding = z.infer<typeof Finding>;
export type Service = z.infer<typeof Service>;
export type ServicePort = z.infer<typeof ServicePort>;
export type ServiceTask = z.infer<typeof ServiceTask>;
export type HostVm = z.infer<typeof HostVm>;
export type NamespaceRole = z.infer<typeof NamespaceRole>;
export type IpvsDestination = z.infer<typeof IpvsDestination>;
export type IpvsService = z.infer<typeof IpvsService>;
export type MeshMark = z.infer<typeof MeshMark>;
export type Mesh = z.infer<typeof Mesh>;
export type Warning = z.infer<typeof Warning>;
export type HostInfo = z.infer<typeof HostInfo>;
export type Snapshot = z.infer<typeof Snapshot>;
export type Protocol = z.infer<typeof Protocol>;
export type Listener = z.infer<typeof Listener>;
export type RootlessKit = z.infer<typeof RootlessKit>;
export type RootlessPort = z.infer<typeof RootlessPort>;
export type DockerProxy = z.infer<typeof DockerProxy>;
export type InterfaceSysctl = z.infer<typeof InterfaceSysctl>;
export type Sysctls = z.infer<typeof Sysctls>;

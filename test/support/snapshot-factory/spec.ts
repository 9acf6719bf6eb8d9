// The short description a test gives of a Docker host; the factory fills in the rest the way Engine
// 20.10 with iptables-nft does it. Every field is optional: `{}` is a host with only the default bridge.
import type { Finding, HostInfo, Warning } from '../../../src/model/snapshot.js';

export interface NetworkSpec {
  name: string;
  /** `bridge` (default), or `macvlan`: sits on `parent`, has no bridge device and no firewall rules. */
  driver?: 'bridge' | 'macvlan';
  /** IPv4 CIDR; default 172.17.0.0/16 for `bridge`, else 10.<10+n>.0.0/24 in declaration order. */
  subnet?: string;
  gateway?: string;
  id?: string;
  /** Host bridge name; default docker0 for `bridge`, else `br-` + the first 12 digits of the id. */
  bridgeName?: string;
  /** The host interface a macvlan network sits on; default eth0. */
  parent?: string;
  internal?: boolean;
  options?: Record<string, string>;
}

export interface AttachmentSpec {
  network: string;
  ip?: string;
  mac?: string;
  /** Name of the host end of the veth pair; default derived from container and network. */
  hostVeth?: string;
  aliases?: string[];
  /** MTU of the container's end (default 1500, the bridge's): another value is an MTU mismatch. */
  mtu?: number;
}

export interface PortSpec {
  containerPort: number;
  hostPort: number;
  protocol?: 'tcp' | 'udp';
  hostIp?: string;
}

export interface ContainerSpec {
  name: string;
  image?: string;
  id?: string;
  /** Default `running`; `exited`, `created` and `dead` containers have no namespace and no endpoints. */
  state?: string;
  /** Networks in attachment order (eth0, eth1…); default `['bridge']`. Ignored for host/none/container: modes. */
  networks?: (string | AttachmentSpec)[];
  networkMode?: 'host' | 'none' | `container:${string}`;
  ports?: PortSpec[];
  compose?: { project: string; service: string };
  pid?: number;
}

export interface RuleSpec {
  table: 'filter' | 'nat';
  chain: string;
  /** The rule after `-A <chain> `, e.g. `-s 10.0.0.0/8 -j DROP`. */
  rule: string;
  /** Where in the chain; default `top` (like `iptables -I`). */
  at?: 'top' | 'bottom';
}

/** A DNAT rule to an address no container holds (left behind, or written by hand). */
export interface StrayDnatSpec {
  hostPort: number;
  toAddress: string;
  toPort: number;
  protocol?: 'tcp' | 'udp';
  /** The network whose bridge the rule excludes; default `bridge`. */
  network?: string;
}

/** A host veth end still on a bridge whose peer is gone (a dangling veth). */
export interface StrayVethSpec {
  name: string;
  network: string;
}

export interface SnapshotSpec {
  host?: Partial<HostInfo>;
  capturedAt?: string;
  /** The host NIC's address (eth0). */
  hostAddress?: string;
  networks?: NetworkSpec[];
  containers?: ContainerSpec[];
  rules?: RuleSpec[];
  strayDnat?: StrayDnatSpec[];
  strayVeths?: StrayVethSpec[];
  /** Seed of made-up traffic counters on interfaces and rules; without it every counter is 0. */
  traffic?: number;
  /** Findings besides the ones the factory derives (MTU mismatch, dangling veth, DNAT to nowhere). */
  findings?: Finding[];
  warnings?: Warning[];
}

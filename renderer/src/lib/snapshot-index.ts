// Lookups over one snapshot, built once per snapshot and shared by layout, packet path and inspector.
import type {
  Container,
  DnatFlow,
  Interface,
  MasqueradeFlow,
  Namespace,
  Network,
  Rule,
  Snapshot,
} from '../../../src/model/snapshot.js';

export interface SnapshotIndex {
  snapshot: Snapshot;
  iface: Map<string, Interface>;
  namespace: Map<string, Namespace>;
  container: Map<string, Container>;
  network: Map<string, Network>;
  /** Network by the host interface id of its bridge/parent. */
  networkByDevice: Map<string, Network[]>;
  rule: Map<string, Rule>;
  dnat: DnatFlow[];
  masquerade: MasqueradeFlow[];
  /** Interfaces of each namespace, sorted by name. */
  ifacesOf: Map<string, Interface[]>;
}

const cache = new WeakMap<Snapshot, SnapshotIndex>();

export function indexSnapshot(snapshot: Snapshot): SnapshotIndex {
  const hit = cache.get(snapshot);
  if (hit) return hit;
  const ifacesOf = new Map<string, Interface[]>();
  for (const i of snapshot.interfaces) {
    const list = ifacesOf.get(i.namespace);
    if (list) list.push(i);
    else ifacesOf.set(i.namespace, [i]);
  }
  for (const list of ifacesOf.values()) list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const networkByDevice = new Map<string, Network[]>();
  for (const n of snapshot.networks) {
    if (!n.bridge) continue;
    networkByDevice.set(n.bridge, [...(networkByDevice.get(n.bridge) ?? []), n]);
  }
  const index: SnapshotIndex = {
    snapshot,
    iface: new Map(snapshot.interfaces.map((i) => [i.id, i])),
    namespace: new Map(snapshot.namespaces.map((n) => [n.id, n])),
    container: new Map(snapshot.containers.map((c) => [c.name, c])),
    network: new Map(snapshot.networks.map((n) => [n.name, n])),
    networkByDevice,
    rule: new Map(snapshot.firewall.rules.map((r) => [r.id, r])),
    dnat: snapshot.natFlows.filter((f): f is DnatFlow => f.kind === 'dnat'),
    masquerade: snapshot.natFlows.filter((f): f is MasqueradeFlow => f.kind === 'masquerade'),
    ifacesOf,
  };
  cache.set(snapshot, index);
  return index;
}

/** `host/docker0` → `docker0`; a bare name stays as it is. */
export function deviceName(idOrName: string): string {
  const slash = idOrName.lastIndexOf('/');
  return slash >= 0 ? idOrName.slice(slash + 1) : idOrName;
}

export function firstAddress(i: Interface, withPrefix = true): string {
  const a =
    i.addresses.find((x) => x.family === 'ipv4' && x.scope !== 'link') ??
    i.addresses.find((x) => x.scope !== 'link');
  if (!a) return '';
  return withPrefix ? `${a.address}/${a.prefixLen}` : a.address;
}

// Which column each namespace box belongs to. Columns are Docker networks ordered by name, then host
// bridges no network claims, then the catch-all groups; a namespace sits under the network of its
// first interface (eth0), so a new container never moves boxes of other networks.
import { words } from '../i18n/words.js';
import type { Interface, Network } from '../../../../src/model/snapshot.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import type { BarKind } from './types.js';

export interface ColumnDef {
  key: string;
  kind: BarKind;
  network: Network | null;
  /** Host interface id of the bridge (or macvlan parent) this column hangs from. */
  device: string | null;
  label: string;
}

/** One box's interface and where its cable goes. */
export interface PortLink {
  iface: Interface | null;
  /** Pseudo-port id when no kernel view (`endpoint:<container>:<network>`). */
  id: string;
  kind: 'veth' | 'parent' | 'logical' | 'pair' | 'none';
  /** Column whose bar it reaches (veth/parent/logical). */
  column: string | null;
  /** The other end: host veth, parent interface, bar id, or peer interface in another namespace. */
  to: string | null;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const SKIP_DRIVERS = new Set(['host', 'null']);

export const OTHER = 'other';
export const NONE = 'none';
export const STOPPED = 'stopped';

export function columnDefs(ix: SnapshotIndex): ColumnDef[] {
  const defs: ColumnDef[] = [];
  const claimed = new Set<string>();
  const networks = [...ix.snapshot.networks]
    .filter((n) => !SKIP_DRIVERS.has(n.driver))
    .sort((a, b) => cmp(a.name, b.name));
  for (const n of networks) {
    const kind: BarKind =
      n.driver === 'bridge'
        ? 'bridge'
        : n.driver === 'macvlan'
          ? 'macvlan'
          : n.driver === 'ipvlan'
            ? 'ipvlan'
            : 'network';
    if (kind === 'bridge' && n.bridge) claimed.add(n.bridge);
    defs.push({ key: `net:${n.name}`, kind, network: n, device: n.bridge, label: n.name });
  }
  const bridges = ix.snapshot.interfaces
    .filter((i) => i.namespace === 'host' && i.kind === 'bridge' && !claimed.has(i.id))
    .sort((a, b) => cmp(a.name, b.name));
  for (const b of bridges)
    defs.push({ key: `br:${b.name}`, kind: 'bridge', network: null, device: b.id, label: b.name });
  const w = words().drawing;
  defs.push({ key: OTHER, kind: 'direct', network: null, device: null, label: w.other });
  defs.push({ key: NONE, kind: 'none', network: null, device: null, label: w.none });
  defs.push({ key: STOPPED, kind: 'stopped', network: null, device: null, label: w.stopped });
  return defs;
}

export interface Resolver {
  /** Column a host device (bridge or parent) heads, if any. */
  columnOfDevice(id: string, driver?: string): string | null;
  columnOfNetwork(name: string): string | null;
}

export function resolver(defs: ColumnDef[]): Resolver {
  const byDevice = new Map<string, ColumnDef[]>();
  const byNetwork = new Map<string, string>();
  for (const d of defs) {
    if (d.device) byDevice.set(d.device, [...(byDevice.get(d.device) ?? []), d]);
    if (d.network) byNetwork.set(d.network.name, d.key);
  }
  return {
    columnOfDevice(id, driver) {
      const list = byDevice.get(id) ?? [];
      const match = driver
        ? list.find((d) => d.network?.driver === driver)
        : list.find((d) => d.kind === 'bridge');
      return (match ?? list[0])?.key ?? null;
    },
    columnOfNetwork: (name) => byNetwork.get(name) ?? null,
  };
}

/** Where each interface of a namespace leads. */
export function portLinks(ix: SnapshotIndex, nsId: string, res: Resolver): PortLink[] {
  const all = ix.ifacesOf.get(nsId) ?? [];
  const links: PortLink[] = [];
  for (const i of all) {
    if (i.kind === 'loopback') continue;
    const peer = i.peer ? ix.iface.get(i.peer) : undefined;
    if (i.kind === 'veth' && peer && peer.namespace === 'host') {
      const column = peer.master ? res.columnOfDevice(peer.master) : OTHER;
      links.push({ iface: i, id: i.id, kind: 'veth', column: column ?? OTHER, to: peer.id });
    } else if (i.kind === 'veth' && peer) {
      links.push({ iface: i, id: i.id, kind: 'pair', column: null, to: peer.id });
    } else if ((i.kind === 'macvlan' || i.kind === 'ipvlan' || i.kind === 'vlan') && i.parent) {
      links.push({
        iface: i,
        id: i.id,
        kind: 'parent',
        column: res.columnOfDevice(i.parent, i.kind) ?? OTHER,
        to: i.parent,
      });
    } else {
      links.push({ iface: i, id: i.id, kind: 'none', column: null, to: null });
    }
  }
  if (links.length === 0 && all.length === 0) {
    // No kernel view of this namespace: show Docker's endpoints as logical ports.
    const ns = ix.namespace.get(nsId);
    const owner = ns?.containers[0] ? ix.container.get(ns.containers[0]) : undefined;
    for (const e of owner?.endpoints ?? []) {
      const column = res.columnOfNetwork(e.network);
      links.push({
        iface: null,
        id: `endpoint:${owner?.name ?? ''}:${e.network}`,
        kind: 'logical',
        column,
        to: column ? `column:${column}` : null,
      });
    }
  }
  if (links.length === 0) {
    const loopback = all.find((i) => i.kind === 'loopback');
    if (loopback) links.push({ iface: loopback, id: loopback.id, kind: 'none', column: null, to: null });
  }
  return links;
}

/** The column of a namespace: its owner's first endpoint (by interface name), else its first link. */
export function columnOf(ix: SnapshotIndex, nsId: string, links: PortLink[], res: Resolver): string {
  const ns = ix.namespace.get(nsId);
  const owner = ns?.containers[0] ? ix.container.get(ns.containers[0]) : undefined;
  if (owner) {
    const endpoints = [...owner.endpoints].sort(
      (a, b) => cmp(a.interface ?? '\uffff', b.interface ?? '\uffff') || cmp(a.network, b.network),
    );
    for (const e of endpoints) {
      const column = res.columnOfNetwork(e.network);
      if (column) return column;
    }
  }
  const linked = links.find((l) => l.column);
  if (linked?.column) return linked.column;
  const onlyLoopback = links.every((l) => l.iface?.kind === 'loopback');
  if (owner && (owner.networkMode === 'none' || onlyLoopback)) return NONE;
  return OTHER;
}

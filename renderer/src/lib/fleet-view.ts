// What the fleet view draws: one card per host (side by side) with what its latest snapshot holds, and
// one row per overlay network stitched across them by network id and VNI (src/model/fleet.ts), with
// the cell of each host: its sandbox, vxlan device, VTEP and containers there, and the tunnels between.
import type { HostEntry } from '../../../src/api/contract.js';
import { stitchOverlays, type FleetOverlay, type OverlayMember } from '../../../src/model/fleet.js';
import type { Snapshot } from '../../../src/model/snapshot.js';

export interface FleetCard {
  hostId: string;
  label: string;
  state: HostEntry['status']['state'];
  /** The host's name as its kernel says, once a snapshot arrived. */
  name: string | null;
  engine: string | null;
  swarm: 'manager' | 'worker' | null;
  containers: number;
  networks: number;
  namespaces: number;
  published: number;
  findings: number;
}

export interface FleetRow {
  overlay: FleetOverlay;
  /** Per card, in card order: that host's membership, null where the host does not hold the network. */
  cells: (OverlayMember | null)[];
  /** Tunnels whose far end is a host of the fleet, as card indexes (from < to once, both directions merged). */
  links: { from: number; to: number }[];
  /** VTEPs that no host of the fleet advertises. */
  strangers: string[];
}

export interface FleetModel {
  cards: FleetCard[];
  rows: FleetRow[];
}

function card(host: HostEntry, s: Snapshot | undefined): FleetCard {
  return {
    hostId: host.id,
    label: host.label || host.target,
    state: host.status.state,
    name: s?.host.name ?? null,
    engine: s ? (s.host.engineName ?? s.host.engine ?? null) : null,
    swarm: s?.host.swarm ? (s.host.swarm.manager ? 'manager' : 'worker') : null,
    containers: s?.containers.length ?? 0,
    networks: s?.networks.length ?? 0,
    namespaces: s?.namespaces.length ?? 0,
    published: s?.natFlows.filter((f) => f.kind === 'dnat' && f.published).length ?? 0,
    findings: s?.findings.length ?? 0,
  };
}

/** The fleet of the hosts listed, from the snapshots the app holds (hosts without one show as cards only). */
export function fleetModel(hosts: readonly HostEntry[], snapshots: Record<string, Snapshot>): FleetModel {
  const cards = hosts.map((h) => card(h, snapshots[h.id]));
  const index = new Map(cards.map((c, i) => [c.hostId, i]));
  const captured = hosts.flatMap((h) => {
    const snapshot = snapshots[h.id];
    return snapshot ? [{ label: h.id, snapshot }] : [];
  });
  const rows = stitchOverlays(captured).map((overlay): FleetRow => {
    const cells = cards.map((c) => overlay.members.find((m) => m.host === c.hostId) ?? null);
    const links = new Map<string, { from: number; to: number }>();
    const strangers = new Set<string>();
    for (const t of overlay.tunnels) {
      const a = index.get(t.from);
      const b = t.to === null ? undefined : index.get(t.to);
      if (a === undefined) continue;
      if (b === undefined) {
        strangers.add(t.dst);
        continue;
      }
      const [from, to] = a < b ? [a, b] : [b, a];
      links.set(`${from}-${to}`, { from, to });
    }
    return { overlay, cells, links: [...links.values()], strangers: [...strangers].sort() };
  });
  return { cards, rows };
}

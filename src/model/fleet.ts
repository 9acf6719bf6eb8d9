// Several hosts side by side: Swarm overlay networks stitched across their snapshots by network id
// (a swarm-scoped network has one id on every node) and VNI, with the VXLAN tunnels each node's
// forwarding table points at resolved to the fleet's other nodes by their advertise address. Pure and
// browser-shared, so the app can draw the fleet from the snapshots it already has.
import { cmp } from './order.js';
import type { Snapshot } from './snapshot.js';

export interface FleetHost {
  /** How the caller names the host (its target, or a label). */
  label: string;
  snapshot: Snapshot;
}

export interface OverlayMember {
  host: string;
  /** The overlay sandbox on that host (`overlay:<net>`), null when the host has none (no local task). */
  namespace: string | null;
  /** Its vxlan device (interface id) and the VNI that device carries. */
  vxlan: string | null;
  vni: number | null;
  /** This host's VTEP address (its vxlan local, else its Swarm advertise address). */
  vtep: string | null;
  /** Containers on this host with an endpoint on the network. */
  containers: string[];
}

export interface OverlayTunnel {
  from: string;
  /** The fleet host whose VTEP is `dst`, null when no host of the fleet advertises it. */
  to: string | null;
  dst: string;
}

export interface FleetOverlay {
  networkId: string;
  name: string;
  /** The VNI all members agree on; null when none reports one. */
  vni: number | null;
  /** Members disagree on the VNI (a network re-created on one node, or two networks mixed up). */
  vniMismatch: boolean;
  members: OverlayMember[];
  tunnels: OverlayTunnel[];
}

/** Overlay networks across the fleet, by network id, with members and the tunnels between them. */
export function stitchOverlays(hosts: readonly FleetHost[]): FleetOverlay[] {
  const byVtep = new Map<string, string>();
  for (const h of hosts) {
    const addr = h.snapshot.host.swarm?.nodeAddr;
    if (addr) byVtep.set(addr, h.label);
  }
  const overlays = new Map<string, FleetOverlay>();
  for (const h of hosts) {
    const s = h.snapshot;
    for (const network of s.networks) {
      if (network.driver !== 'overlay') continue;
      const sandbox = s.namespaces.find((n) => n.role === 'overlay' && n.network === network.name) ?? null;
      const vxlan = sandbox
        ? (s.interfaces.find((i) => i.namespace === sandbox.id && i.kind === 'vxlan') ?? null)
        : null;
      const vtep = vxlan?.vxlan?.local ?? s.host.swarm?.nodeAddr ?? null;
      const entry = overlays.get(network.id) ?? {
        networkId: network.id,
        name: network.name,
        vni: null,
        vniMismatch: false,
        members: [],
        tunnels: [],
      };
      entry.members.push({
        host: h.label,
        namespace: sandbox?.id ?? null,
        vxlan: vxlan?.id ?? null,
        vni: vxlan?.vxlan?.vni ?? null,
        vtep,
        containers: network.endpoints.map((e) => e.container).sort(cmp),
      });
      const seen = new Set<string>();
      for (const peer of vxlan?.vxlan?.peers ?? []) {
        if (seen.has(peer.dst)) continue;
        seen.add(peer.dst);
        entry.tunnels.push({ from: h.label, to: byVtep.get(peer.dst) ?? null, dst: peer.dst });
      }
      overlays.set(network.id, entry);
    }
  }
  for (const o of overlays.values()) {
    const vnis = [...new Set(o.members.map((m) => m.vni).filter((v): v is number => v !== null))];
    o.vni = vnis.length === 1 ? (vnis[0] ?? null) : null;
    o.vniMismatch = vnis.length > 1;
    o.members.sort((a, b) => cmp(a.host, b.host));
    o.tunnels.sort((a, b) => cmp(a.from, b.from) || cmp(a.dst, b.dst));
  }
  return [...overlays.values()].sort((a, b) => cmp(a.name, b.name) || cmp(a.networkId, b.networkId));
}

// Swarm's routing mesh read from a snapshot: in a mesh sandbox (`ingress_sbox`, `lb_<id>`) a mangle
// MARK rule gives a published port (or a service's virtual IP) a firewall mark, and the IPVS service
// chosen by that mark balances the connection over the tasks' addresses. This joins the three (mark →
// IPVS service → real servers → tasks) for the packet path, the inspector and the CLI. Browser-safe.
import type { IpvsService, Mesh, MeshMark, Namespace, Snapshot } from './snapshot.js';

/** One real server of the mesh, with the task (and container, when it runs on this host) behind it. */
export interface MeshBackend {
  address: string;
  port: number;
  weight: number;
  /** The task's container on this host, by name; null when the task runs on another node or is unknown. */
  container: string | null;
  /** The Swarm service and the node its task runs on, when the service list names the address. */
  service: string | null;
  node: string | null;
}

/**
 * How one marked selector fares: `balanced` (an IPVS service with real servers), `no-backends` (the
 * service has none), `no-service` (IPVS has no service for the mark), `ipvs-absent` (the kernel has no
 * IPVS), `ipvs-unreadable`.
 */
export type MeshState = 'balanced' | 'no-backends' | 'no-service' | 'ipvs-absent' | 'ipvs-unreadable';

export interface MeshEntry {
  /** The sandbox's namespace id. */
  sandbox: string;
  mark: MeshMark;
  /** The Swarm service the selector belongs to (its published port or virtual IP), when known. */
  serviceName: string | null;
  state: MeshState;
  ipvs: IpvsService | null;
  backends: MeshBackend[];
}

/** An address without its prefix: a VIP is `10.0.0.2/24` in the service list, `10.0.0.2/32` in the rule. */
const bare = (cidr: string | null) => (cidr === null ? null : cidr.replace(/\/\d{1,3}$/, ''));

/** Task address → task facts, from the services' tasks (`network=address/prefix`) and the networks. */
function taskIndex(s: Snapshot, network: string | null) {
  const byAddress = new Map<string, Omit<MeshBackend, 'address' | 'port' | 'weight'>>();
  for (const svc of s.services ?? [])
    for (const task of svc.tasks)
      for (const a of task.addresses) {
        const eq = a.indexOf('=');
        if (eq < 0 || (network !== null && a.slice(0, eq) !== network)) continue;
        const address = a.slice(eq + 1).replace(/\/\d{1,3}$/, '');
        byAddress.set(address, { container: task.container, service: svc.name, node: task.node });
      }
  // A container of this host on the sandbox's network, which the service list may not name (a worker).
  for (const n of s.networks)
    if (network === null || n.name === network)
      for (const e of n.endpoints)
        for (const address of [e.ipv4, e.ipv6]) {
          const at = address === null ? null : address.replace(/\/\d{1,3}$/, '');
          if (at === null) continue;
          const known = byAddress.get(at);
          byAddress.set(at, {
            container: known?.container ?? e.container,
            service: known?.service ?? null,
            node: known?.node ?? null,
          });
        }
  return byAddress;
}

/** The Swarm service a mark's selector belongs to: by published port (ingress) or by virtual IP. */
function serviceFor(s: Snapshot, mark: MeshMark, network: string | null): string | null {
  for (const svc of s.services ?? []) {
    if (mark.port !== null) {
      const proto = mark.protocol ?? 'tcp';
      if (
        svc.ports.some(
          (p) => p.publishMode === 'ingress' && p.publishedPort === mark.port && p.protocol === proto,
        )
      )
        return svc.name;
    } else if (mark.destination !== null) {
      const vip = bare(mark.destination);
      if (svc.networks.some((n) => (network === null || n.network === network) && bare(n.vip) === vip))
        return svc.name;
    }
  }
  return null;
}

function stateOf(mesh: Mesh, ipvs: IpvsService | null): MeshState {
  if (mesh.ipvs === 'absent') return 'ipvs-absent';
  if (mesh.ipvs === 'unreadable') return 'ipvs-unreadable';
  if (!ipvs) return 'no-service';
  return ipvs.destinations.some((d) => d.weight > 0) ? 'balanced' : 'no-backends';
}

/** Every marked selector of one mesh sandbox, joined to its IPVS service and tasks. */
export function meshEntries(s: Snapshot, ns: Namespace): MeshEntry[] {
  const mesh = ns.mesh;
  if (!mesh) return [];
  const tasks = taskIndex(s, ns.network ?? null);
  return (mesh.marks ?? []).map((mark) => {
    const ipvs = mesh.services.find((v) => v.fwmark === mark.mark) ?? null;
    const backends = (ipvs?.destinations ?? []).map((d) => ({
      address: d.address,
      port: d.port,
      weight: d.weight,
      container: null,
      service: null,
      node: null,
      ...tasks.get(d.address),
    }));
    return {
      sandbox: ns.id,
      mark,
      serviceName: serviceFor(s, mark, ns.network ?? null),
      state: stateOf(mesh, ipvs),
      ipvs,
      backends,
    };
  });
}

/**
 * What the ingress sandbox does with a connection to a published port: the mark its mangle rule sets
 * and where IPVS sends it. Null when no ingress sandbox's mesh was read (not a Swarm node, an older
 * snapshot) or no MARK rule selects the port, with `marks` telling which.
 */
export function meshForPort(
  s: Snapshot,
  protocol: string,
  port: number,
  sandbox?: string,
): { entry: MeshEntry | null; mesh: Mesh | null; sandbox: string | null } {
  const ns = s.namespaces.find(
    (n) => n.role === 'ingress-sbox' && n.mesh && (sandbox === undefined || n.id === sandbox),
  );
  if (!ns?.mesh) return { entry: null, mesh: null, sandbox: null };
  const entry =
    meshEntries(s, ns).find((e) => e.mark.port === port && (e.mark.protocol ?? 'tcp') === protocol) ?? null;
  return { entry, mesh: ns.mesh, sandbox: ns.id };
}

/** `0x100`: a mark as iptables-save and ipvsadm print it. */
export const markText = (mark: number) => `0x${mark.toString(16)}`;

/** `10.0.0.7` (web.1), `10.0.0.8` (on node-2): a backend as one line of text. */
export function backendText(b: MeshBackend): string {
  const where = b.container ?? (b.node ? `on ${b.node}` : null);
  return `${b.address}${b.port ? `:${b.port}` : ''}${where ? ` (${where})` : ''}${b.weight === 0 ? ' weight 0' : ''}`;
}

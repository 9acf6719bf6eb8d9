// Which namespace each container lives in, and which kernel namespace facts belong to which id: a
// container's, the host's, a Swarm sandbox named after its network (`overlay:<net>`, `ingress-sbox:ingress`,
// `load-balancer:<net>`), or an anonymous `netns:<inode>`.
import type { DockerContainerFact, DockerNetworkFact } from '../collect/docker/docker-facts.js';
import type { KernelFacts, NamespaceFacts } from '../collect/facts.js';
import type { Namespace, NamespaceRole } from '../model/snapshot.js';
import { cmp } from '../model/order.js';

export const HOST_NS = 'host';
const MESH_ROLES: ReadonlySet<NamespaceRole> = new Set(['ingress-sbox', 'load-balancer']);

export interface NamespacePlan {
  namespaces: Namespace[];
  /** Kernel facts per namespace id (absent when the kernel view could not be read). */
  facts: Map<string, NamespaceFacts>;
  /** Namespace id per container name (null for stopped containers). */
  containerNamespace: Map<string, string | null>;
  /** `container:<id>` network modes rewritten to names. */
  networkMode: Map<string, string>;
}

/** What Swarm's sandboxes are for, from their file name: `<n>-<network id[:10]>`, `ingress_sbox`, `lb_<id>`. */
export function roleOf(
  path: string,
  networks: readonly DockerNetworkFact[],
): { role: NamespaceRole; network: string } | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const byPrefix = (prefix: string) =>
    networks.find((n) => n.id.startsWith(prefix) && n.driver === 'overlay')?.name ?? prefix;
  if (base === 'ingress_sbox')
    return { role: 'ingress-sbox', network: networks.find((n) => n.name === 'ingress')?.name ?? 'ingress' };
  const lb = /^lb_([0-9a-z]{1,64})$/.exec(base);
  if (lb?.[1]) return { role: 'load-balancer', network: byPrefix(lb[1]) };
  const overlay = /^[0-9]{1,9}-([0-9a-z]{1,64})$/.exec(base);
  if (overlay?.[1]) return { role: 'overlay', network: byPrefix(overlay[1]) };
  return null;
}

export function planNamespaces(
  containers: DockerContainerFact[],
  kernel: KernelFacts | null,
  networks: readonly DockerNetworkFact[] = [],
): NamespacePlan {
  const byId = new Map(containers.map((c) => [c.id, c]));
  const containerNamespace = new Map<string, string | null>();
  const networkMode = new Map<string, string>();
  const members = new Map<string, { owner: string | null; sharers: string[] }>();
  const pathToNs = new Map<string, string>();
  const join = (ns: string, name: string, owner: boolean) => {
    const entry = members.get(ns) ?? { owner: null, sharers: [] };
    if (owner) entry.owner = name;
    else entry.sharers.push(name);
    members.set(ns, entry);
  };
  members.set(HOST_NS, { owner: null, sharers: [] });

  // Owners first: running containers with a namespace of their own.
  for (const c of containers) {
    const mode = c.networkMode;
    if (mode.startsWith('container:')) {
      const target = byId.get(mode.slice('container:'.length));
      networkMode.set(c.name, `container:${target?.name ?? mode.slice('container:'.length)}`);
      continue;
    }
    networkMode.set(c.name, mode);
    if (!c.running) containerNamespace.set(c.name, null);
    else if (mode === 'host') {
      containerNamespace.set(c.name, HOST_NS);
      join(HOST_NS, c.name, false);
    } else {
      const id = `container:${c.name}`;
      containerNamespace.set(c.name, id);
      join(id, c.name, true);
      if (c.sandboxKey) pathToNs.set(c.sandboxKey, id);
    }
  }
  // Then `--network container:X` sharers, which follow X (possibly into the host namespace).
  for (const c of containers) {
    if (!c.networkMode.startsWith('container:')) continue;
    const target = byId.get(c.networkMode.slice('container:'.length));
    const ns = c.running && target ? (containerNamespace.get(target.name) ?? null) : null;
    containerNamespace.set(c.name, ns);
    if (ns) join(ns, c.name, false);
  }

  const facts = new Map<string, NamespaceFacts>();
  const inodes = new Map<string, number | null>();
  const paths = new Map<string, string | null>();
  const roles = new Map<string, { role: NamespaceRole; network: string }>();
  if (kernel?.host) {
    facts.set(HOST_NS, kernel.host);
    inodes.set(HOST_NS, kernel.host.inode);
  }
  const hostInode = kernel?.host?.inode ?? null;
  for (const ns of kernel?.namespaces ?? []) {
    if (!ns.path) continue;
    if (hostInode !== null && ns.inode === hostInode) continue;
    const owner = pathToNs.get(ns.path);
    // The same namespace can be bound at two paths; the first seen (sorted) wins.
    const role = owner ? null : roleOf(ns.path, networks);
    if (role && ns.inode !== null && [...inodes.values()].includes(ns.inode)) continue;
    // Swarm's sandboxes are named after their network; a second one for the same network keeps its inode.
    let id = owner ?? (role ? `${role.role}:${role.network}` : `netns:${ns.inode ?? ns.path}`);
    if (role && facts.has(id)) id = `${id}#${ns.inode ?? ns.path}`;
    if (facts.has(id)) continue;
    if (role) roles.set(id, role);
    facts.set(id, ns);
    inodes.set(id, ns.inode);
    paths.set(id, ns.path);
    if (!members.has(id)) members.set(id, { owner: null, sharers: [] });
  }
  for (const [path, id] of pathToNs) if (!paths.has(id)) paths.set(id, path);

  const namespaces: Namespace[] = [...members.entries()].map(([id, m]) => ({
    id,
    kind: id === HOST_NS ? 'host' : id.startsWith('container:') ? 'container' : 'netns',
    path: paths.get(id) ?? null,
    inode: inodes.get(id) ?? null,
    containers: [...(m.owner ? [m.owner] : []), ...m.sharers.sort(cmp)],
    interfaces: [],
    role: roles.get(id)?.role ?? null,
    network: roles.get(id)?.network ?? null,
    // The routing mesh's sandboxes carry their marks and IPVS table (null: not read).
    ...(MESH_ROLES.has(roles.get(id)?.role ?? 'overlay') && { mesh: facts.get(id)?.mesh ?? null }),
  }));
  namespaces.sort((a, b) => (a.id === HOST_NS ? -1 : b.id === HOST_NS ? 1 : cmp(a.id, b.id)));
  return { namespaces, facts, containerNamespace, networkMode };
}

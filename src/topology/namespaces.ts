// Which namespace each container lives in, and which kernel namespace facts belong to which id.
import type { DockerContainerFact } from '../collect/docker/docker-facts.js';
import type { KernelFacts, NamespaceFacts } from '../collect/facts.js';
import type { Namespace } from '../model/snapshot.js';
import { cmp } from '../model/order.js';

export const HOST_NS = 'host';

export interface NamespacePlan {
  namespaces: Namespace[];
  /** Kernel facts per namespace id (absent when the kernel view could not be read). */
  facts: Map<string, NamespaceFacts>;
  /** Namespace id per container name (null for stopped containers). */
  containerNamespace: Map<string, string | null>;
  /** `container:<id>` network modes rewritten to names. */
  networkMode: Map<string, string>;
}

export function planNamespaces(containers: DockerContainerFact[], kernel: KernelFacts | null): NamespacePlan {
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
    const id = owner ?? `netns:${ns.inode ?? ns.path}`;
    if (facts.has(id)) continue;
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
    role: null,
    network: null,
  }));
  namespaces.sort((a, b) => (a.id === HOST_NS ? -1 : b.id === HOST_NS ? 1 : cmp(a.id, b.id)));
  return { namespaces, facts, containerNamespace, networkMode };
}

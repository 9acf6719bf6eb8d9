// Keys of namespaces and interfaces for comparison, shared by the diff (src/diff/identity.ts) and the
// renderer's compare view, which turns change keys back into drawn ids. No node: imports, so the
// renderer can bundle it.
import type { Interface, Snapshot } from './snapshot.js';

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Names of containers and networks as compared: their own, or their role when two hosts are compared by role. */
export interface RoleNames {
  container(name: string): string;
  network(name: string): string;
}

export const OWN_NAMES: RoleNames = { container: (name) => name, network: (name) => name };

/**
 * Namespace id → key: the id, `netns:<file name>` for namespaces known by a path (inodes change per
 * boot), `container:<role>` for a container's namespace when names are roles.
 */
export function namespaceKeys(s: Snapshot, names: RoleNames = OWN_NAMES): Map<string, string> {
  const keys = new Map<string, string>();
  const used = new Map<string, number>();
  for (const n of s.namespaces) {
    const owner = n.kind === 'container' ? n.containers[0] : undefined;
    const key =
      n.kind === 'netns' && n.path
        ? `netns:${baseName(n.path)}`
        : owner !== undefined && n.id === `container:${owner}`
          ? `container:${names.container(owner)}`
          : n.id;
    keys.set(n.id, key);
    used.set(key, (used.get(key) ?? 0) + 1);
  }
  for (const [id, key] of keys) if ((used.get(key) ?? 0) > 1) keys.set(id, id);
  return keys;
}

export interface InterfaceKeys {
  nsKeys: Map<string, string>;
  /** Interface id → key: host veth ends by their peer, Docker bridges by their network, else `<ns>/<name>`. */
  keys: Map<string, string>;
  /** What an interface with a meaning-based key is: `veth to container:web/eth0`, `bridge of network x`. */
  roles: Map<string, string>;
  /** Bridge interface id → network name. */
  bridgeOf: Map<string, string>;
  hostNs: Set<string>;
  byId: Map<string, Interface>;
}

/**
 * `byNetwork` (comparing two hosts by role): a container's interface that carries an endpoint is known
 * by the network it serves (`container:web/@net(appnet)`), since attach order (eth0, eth1) may differ.
 */
export function interfaceKeys(s: Snapshot, names: RoleNames = OWN_NAMES, byNetwork = false): InterfaceKeys {
  const nsKeys = namespaceKeys(s, names);
  const ns = (id: string) => nsKeys.get(id) ?? id;
  const byId = new Map(s.interfaces.map((i) => [i.id, i]));
  const served = new Map<string, string>();
  if (byNetwork)
    for (const c of s.containers)
      for (const e of c.endpoints)
        if (e.interface && !served.has(e.interface)) served.set(e.interface, names.network(e.network));
  const plainKey = (i: Interface) => `${ns(i.namespace)}/${i.name}`;
  const memberKey = (i: Interface) => {
    const network = served.get(i.id);
    return network === undefined ? plainKey(i) : `${ns(i.namespace)}/@net(${network})`;
  };
  const hostNs = new Set(s.namespaces.filter((n) => n.kind === 'host').map((n) => n.id));
  if (hostNs.size === 0) hostNs.add('host');

  const bridgeOf = new Map<string, string>();
  for (const n of s.networks) {
    const dev = n.bridge ? byId.get(n.bridge) : undefined;
    if (dev?.kind === 'bridge' && !bridgeOf.has(dev.id)) bridgeOf.set(dev.id, n.name);
  }
  const roles = new Map<string, string>();
  const proposed = new Map<string, string>();
  for (const i of s.interfaces) {
    const network = bridgeOf.get(i.id);
    const peer = i.peer ? byId.get(i.peer) : undefined;
    if (network !== undefined) {
      proposed.set(i.id, `${ns(i.namespace)}/bridge→network:${names.network(network)}`);
      roles.set(i.id, `bridge of network ${network}`);
    } else if (i.kind === 'veth' && hostNs.has(i.namespace) && peer && peer.namespace !== i.namespace) {
      proposed.set(i.id, `${ns(i.namespace)}/veth→${memberKey(peer)}`);
      roles.set(i.id, `veth to ${peer.id}`);
    } else proposed.set(i.id, memberKey(i));
  }
  // Two devices claiming one meaning (unusual) fall back to plain names, so keys stay unique.
  const claims = new Map<string, number>();
  for (const key of proposed.values()) claims.set(key, (claims.get(key) ?? 0) + 1);
  const keys = new Map<string, string>();
  for (const i of s.interfaces) {
    const key = proposed.get(i.id) ?? plainKey(i);
    const unique = (claims.get(key) ?? 0) === 1;
    keys.set(i.id, unique ? key : plainKey(i));
    if (!unique) roles.delete(i.id);
  }
  return { nsKeys, keys, roles, bridgeOf, hostNs, byId };
}

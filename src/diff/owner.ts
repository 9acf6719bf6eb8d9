// What each compared item belongs to (a container, a network, a named netns, the host, the firewall),
// so a change list can group a stopped container's namespace, veth, routes, flows and rules under it.
import type { ChangeOwner } from '../model/diff-types.js';
import type { InterfaceKeys } from '../model/item-keys.js';
import type { Snapshot } from '../model/snapshot.js';

export interface Owners {
  host: ChangeOwner;
  firewall: ChangeOwner;
  container(name: string): ChangeOwner;
  network(name: string): ChangeOwner;
  /** A container's namespace belongs to its owner container, a named netns to itself, the rest to the host. */
  ns(id: string | null): ChangeOwner;
  /** An interface: by its namespace; a host veth by what its peer belongs to; a bridge by its network. */
  iface(id: string | null): ChangeOwner;
  /**
   * From a text with meaning tokens (`@ip(web/appnet)`, `@bridge(appnet)`…, which already name roles):
   * containers first, then networks.
   */
  meaning(text: string): ChangeOwner | null;
}

const TOKEN = /@(ip|veth|bridge|subnet|gateway)\(([^)]*)\)/g;

/** `roleOf` names containers and networks by their role (their name unless compared by role). */
export function buildOwners(
  s: Snapshot,
  keys: InterfaceKeys,
  roleOf: { container(name: string): string; network(name: string): string },
): Owners {
  const host: ChangeOwner = { kind: 'host', name: s.host.name };
  const firewall: ChangeOwner = { kind: 'firewall', name: 'firewall' };
  const container = (name: string): ChangeOwner => ({ kind: 'container', name: roleOf.container(name) });
  const network = (name: string): ChangeOwner => ({ kind: 'network', name: roleOf.network(name) });
  const namespaces = new Map(s.namespaces.map((n) => [n.id, n]));
  const nsByKey = new Map([...keys.nsKeys].map(([id, key]) => [key, id]));

  const ns = (id: string | null): ChangeOwner => {
    const n = id === null ? undefined : namespaces.get(id);
    if (!n || n.kind === 'host') return host;
    if (n.kind === 'container') return container(n.containers[0] ?? n.id.replace(/^container:/, ''));
    return { kind: 'namespace', name: keys.nsKeys.get(n.id) ?? n.id };
  };
  const iface = (id: string | null): ChangeOwner => {
    const i = id === null ? undefined : keys.byId.get(id);
    if (!i) return host;
    const bridge = keys.bridgeOf.get(i.id);
    if (bridge !== undefined) return network(bridge);
    const own = ns(i.namespace);
    if (own.kind !== 'host' || !i.peer) return own;
    const peer = keys.byId.get(i.peer);
    return peer && peer.namespace !== i.namespace ? ns(peer.namespace) : own;
  };
  const meaning = (text: string): ChangeOwner | null => {
    let found: ChangeOwner | null = null;
    for (const [, kind, inside = ''] of text.matchAll(TOKEN)) {
      if (kind === 'ip') return { kind: 'container', name: inside.slice(0, inside.indexOf('/')) };
      if (kind === 'veth') {
        const owner = ns(nsByKey.get(inside.slice(0, inside.lastIndexOf('/'))) ?? null);
        if (owner.kind === 'container') return owner;
        found ??= owner.kind === 'host' ? null : owner;
      } else found ??= { kind: 'network', name: inside };
    }
    return found;
  };
  return { host, firewall, container, network, ns, iface, meaning };
}

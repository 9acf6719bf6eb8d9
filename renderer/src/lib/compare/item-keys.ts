// The comparison's identity of namespaces and interfaces, computed in the renderer so a change key from
// the back end (`host/veth→container:web/eth0`, `host/bridge→network:appnet`, `netns:cni-1/eth0`) can be
// turned back into the interface ids each snapshot draws. It mirrors src/diff/identity.ts, which cannot
// be bundled for the browser (it uses node: modules); test/unit/renderer/compare.test.ts checks that
// every key the real diff produces resolves here.
import type { Interface, Snapshot } from '../../../../src/model/snapshot.js';

export interface ItemKeys {
  /** Namespace id → key, and back. */
  nsKey: Map<string, string>;
  nsByKey: Map<string, string>;
  /** Interface id → key, and back. */
  ifaceKey: Map<string, string>;
  ifaceByKey: Map<string, string>;
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

function namespaceKeys(s: Snapshot): Map<string, string> {
  const keys = new Map<string, string>();
  const used = new Map<string, number>();
  for (const n of s.namespaces) {
    const key = n.kind === 'netns' && n.path ? `netns:${baseName(n.path)}` : n.id;
    keys.set(n.id, key);
    used.set(key, (used.get(key) ?? 0) + 1);
  }
  for (const [id, key] of keys) if ((used.get(key) ?? 0) > 1) keys.set(id, id);
  return keys;
}

const cache = new WeakMap<Snapshot, ItemKeys>();

export function itemKeys(s: Snapshot): ItemKeys {
  const hit = cache.get(s);
  if (hit) return hit;
  const nsKey = namespaceKeys(s);
  const ns = (id: string) => nsKey.get(id) ?? id;
  const byId = new Map(s.interfaces.map((i) => [i.id, i]));
  const plain = (i: Interface) => `${ns(i.namespace)}/${i.name}`;
  const hostNs = new Set(s.namespaces.filter((n) => n.kind === 'host').map((n) => n.id));
  if (hostNs.size === 0) hostNs.add('host');
  const bridgeOf = new Map<string, string>();
  for (const n of s.networks) {
    const dev = n.bridge ? byId.get(n.bridge) : undefined;
    if (dev?.kind === 'bridge' && !bridgeOf.has(dev.id)) bridgeOf.set(dev.id, n.name);
  }
  const proposed = new Map<string, string>();
  for (const i of s.interfaces) {
    const network = bridgeOf.get(i.id);
    const peer = i.peer ? byId.get(i.peer) : undefined;
    if (network !== undefined) proposed.set(i.id, `${ns(i.namespace)}/bridge→network:${network}`);
    else if (i.kind === 'veth' && hostNs.has(i.namespace) && peer && peer.namespace !== i.namespace)
      proposed.set(i.id, `${ns(i.namespace)}/veth→${plain(peer)}`);
    else proposed.set(i.id, plain(i));
  }
  // Two devices claiming one meaning fall back to plain names, as the diff does.
  const claims = new Map<string, number>();
  for (const key of proposed.values()) claims.set(key, (claims.get(key) ?? 0) + 1);
  const ifaceKey = new Map<string, string>();
  for (const i of s.interfaces) {
    const key = proposed.get(i.id) ?? plain(i);
    ifaceKey.set(i.id, (claims.get(key) ?? 0) === 1 ? key : plain(i));
  }
  const keys: ItemKeys = {
    nsKey,
    nsByKey: new Map([...nsKey].map(([id, key]) => [key, id])),
    ifaceKey,
    ifaceByKey: new Map([...ifaceKey].map(([id, key]) => [key, id])),
  };
  cache.set(s, keys);
  return keys;
}

/** A key without the `#2` the diff appends to repeated keys. */
export const baseKey = (key: string) => key.replace(/#\d+$/, '');

/** The id in `s` of the namespace a change key names, if `s` has it. */
export function namespaceIdOf(s: Snapshot, key: string): string | null {
  return itemKeys(s).nsByKey.get(baseKey(key)) ?? null;
}

/** The id in `s` of the interface a change key names, if `s` has it. */
export function interfaceIdOf(s: Snapshot, key: string): string | null {
  const keys = itemKeys(s);
  return keys.ifaceByKey.get(key) ?? keys.ifaceByKey.get(baseKey(key)) ?? null;
}

/** Label the diff gives a MASQUERADE flow; its key uses addresses by meaning, so flows are found by label. */
export function masqueradeLabel(f: {
  source: string;
  destination: string | null;
  excludeOutInterface: string | null;
}): string {
  const destination = f.destination ? ` → ${f.destination}` : '';
  return `masquerade ${f.source}${destination}${f.excludeOutInterface ? ` unless out ${f.excludeOutInterface}` : ''}`;
}

/** The id in `s` of the NAT flow a change names: DNAT flows by id, MASQUERADE flows by label. */
export function natFlowIdOf(s: Snapshot, change: { key: string; label: string }): string | null {
  const byId = s.natFlows.find((f) => f.id === baseKey(change.key));
  if (byId) return byId.id;
  const masq = s.natFlows.find((f) => f.kind === 'masquerade' && masqueradeLabel(f) === change.label);
  return masq?.id ?? null;
}

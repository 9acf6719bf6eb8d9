// The comparison's identity of namespaces and interfaces, indexed both ways so a change key from the
// back end (`host/veth→container:web/eth0`, `host/bridge→network:appnet`, `netns:cni-1/eth0`) can be
// turned back into the interface ids each snapshot draws. The keys come from the diff's own code.
import { interfaceKeys } from '../../../../src/diff/item-keys.js';
import type { Snapshot } from '../../../../src/model/snapshot.js';

export interface ItemKeys {
  /** Namespace id → key, and back. */
  nsKey: Map<string, string>;
  nsByKey: Map<string, string>;
  /** Interface id → key, and back. */
  ifaceKey: Map<string, string>;
  ifaceByKey: Map<string, string>;
}

const cache = new WeakMap<Snapshot, ItemKeys>();

export function itemKeys(s: Snapshot): ItemKeys {
  const hit = cache.get(s);
  if (hit) return hit;
  const { nsKeys: nsKey, keys: ifaceKey } = interfaceKeys(s);
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

// The picture of a comparison: snapshot B plus what A had and B lost, so removed containers, interfaces,
// networks and flows are still drawn (and marked). A removed item's references to things both sides
// have (a veth's bridge, a namespace) are rewritten to B's ids, so it hangs where it used to.
import type { Change, SnapshotDiff } from '../../../../src/model/diff-types.js';
import type { Interface, Namespace, Network, Snapshot } from '../../../../src/model/snapshot.js';

/** Maps ids of A's namespaces and interfaces to B's ids of the same items (the diff says which differ). */
function translator(diff: SnapshotDiff) {
  const namespaces = new Map(diff.renamed.namespaces);
  const interfaces = new Map(diff.renamed.interfaces);
  const ns = (id: string): string => namespaces.get(id) ?? id;
  const iface = (id: string | null): string | null => (id === null ? null : (interfaces.get(id) ?? id));
  return { ns, iface };
}

/** A's ids of the items of one collection that B lost. */
const removedOf = (diff: SnapshotDiff, collection: Change['collection']): string[] =>
  diff.changes.flatMap((c) =>
    c.kind === 'removed' && c.collection === collection && c.ids.a !== null ? [c.ids.a] : [],
  );

export function mergeForCompare(a: Snapshot, b: Snapshot, diff: SnapshotDiff): Snapshot {
  const t = translator(diff);
  const merged: Snapshot = {
    ...b,
    namespaces: b.namespaces.map((n) => ({ ...n, interfaces: [...n.interfaces] })),
    interfaces: [...b.interfaces],
    networks: [...b.networks],
    containers: [...b.containers],
    natFlows: [...b.natFlows],
    firewall: { ...b.firewall, rules: [...b.firewall.rules] },
  };
  const nsIds = new Set(merged.namespaces.map((n) => n.id));
  const ifaceIds = new Set(merged.interfaces.map((i) => i.id));

  for (const id of removedOf(diff, 'namespace')) {
    const n = a.namespaces.find((x) => x.id === id);
    if (!n || nsIds.has(t.ns(n.id))) continue;
    const copy: Namespace = { ...n, interfaces: n.interfaces.map((i) => t.iface(i) ?? i) };
    merged.namespaces.push(copy);
    nsIds.add(copy.id);
  }
  for (const id of removedOf(diff, 'interface')) {
    const i = a.interfaces.find((x) => x.id === id);
    if (!i || ifaceIds.has(i.id)) continue;
    const namespace = t.ns(i.namespace);
    const copy: Interface = {
      ...i,
      namespace,
      master: t.iface(i.master),
      peer: t.iface(i.peer),
      parent: t.iface(i.parent),
    };
    merged.interfaces.push(copy);
    ifaceIds.add(copy.id);
    const owner = merged.namespaces.find((n) => n.id === namespace);
    if (owner && !owner.interfaces.includes(copy.id)) owner.interfaces.push(copy.id);
  }
  for (const name of removedOf(diff, 'network')) {
    const n = a.networks.find((x) => x.name === name);
    if (!n || merged.networks.some((x) => x.name === n.name)) continue;
    const copy: Network = {
      ...n,
      bridge: t.iface(n.bridge),
      endpoints: n.endpoints.map((e) => ({ ...e, interface: t.iface(e.interface) })),
    };
    merged.networks.push(copy);
  }
  for (const name of removedOf(diff, 'container')) {
    const c = a.containers.find((x) => x.name === name);
    if (!c || merged.containers.some((x) => x.name === c.name)) continue;
    merged.containers.push({
      ...c,
      namespace: c.namespace === null ? null : t.ns(c.namespace),
      endpoints: c.endpoints.map((e) => ({ ...e, interface: t.iface(e.interface) })),
    });
  }
  const ruleIds = new Set(merged.firewall.rules.map((r) => r.id));
  for (const id of removedOf(diff, 'natFlow')) {
    const f = a.natFlows.find((x) => x.id === id);
    if (!f || merged.natFlows.some((x) => x.id === f.id)) continue;
    merged.natFlows.push(f.kind === 'dnat' ? { ...f, endpoint: t.iface(f.endpoint) } : f);
    // The rule behind a removed flow, so the inspector can still show it.
    const rule = a.firewall.rules.find((r) => r.id === f.rule);
    if (rule && !ruleIds.has(rule.id)) {
      merged.firewall.rules.push(rule);
      ruleIds.add(rule.id);
    }
  }
  return merged;
}

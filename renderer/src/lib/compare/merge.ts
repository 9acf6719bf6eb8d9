// The picture of a comparison: snapshot B plus what A had and B lost, so removed containers, interfaces,
// networks and flows are still drawn (and marked). A removed item's references to things both sides
// have (a veth's bridge, a namespace) are rewritten to B's ids, so it hangs where it used to; a removed
// item whose id B gives to something else (another host's `host/veth1a2b3c4`, a redacted copy's) gets
// an id of its own, so no two drawn items share one.
import type { Change, SnapshotDiff } from '../../../../src/model/diff-types.js';
import type { Interface, Namespace, Network, Snapshot } from '../../../../src/model/snapshot.js';

/** Where A's namespaces and interfaces are in the merged picture. */
export interface Translator {
  ns(id: string): string;
  iface(id: string | null): string | null;
  /** NAT flows: a removed flow whose id B gives another flow (masquerade ids are rule texts) gets its own. */
  flow(id: string): string;
}

/** A's ids of the items of one collection that B lost. */
const removedOf = (diff: SnapshotDiff, collection: Change['collection']): string[] =>
  diff.changes.flatMap((c) =>
    c.kind === 'removed' && c.collection === collection && c.ids.a !== null ? [c.ids.a] : [],
  );

/** An id not taken: `<id> (A)`, `<id> (A2)`… */
function fresh(id: string, taken: Set<string>): string {
  let n = 1;
  let out = `${id} (A)`;
  while (taken.has(out)) out = `${id} (A${++n})`;
  taken.add(out);
  return out;
}

/**
 * Maps ids of A's namespaces and interfaces to the merged picture: B's id of the same item (the diff
 * says which differ), a fresh id for a removed item whose id B uses for another, else the id itself.
 */
export function translatorFor(a: Snapshot, b: Snapshot, diff: SnapshotDiff): Translator {
  const namespaces = new Map(diff.renamed.namespaces);
  const interfaces = new Map(diff.renamed.interfaces);
  const nsTaken = new Set([...b.namespaces.map((n) => n.id), ...a.namespaces.map((n) => n.id)]);
  for (const id of removedOf(diff, 'namespace'))
    if (b.namespaces.some((n) => n.id === id) && !namespaces.has(id)) namespaces.set(id, fresh(id, nsTaken));
  const ns = (id: string): string => namespaces.get(id) ?? id;
  const inB = new Set(b.interfaces.map((i) => i.id));
  const ifTaken = new Set([...inB, ...a.interfaces.map((i) => i.id)]);
  const removed = new Set(removedOf(diff, 'interface'));
  for (const i of a.interfaces) {
    if (interfaces.has(i.id) || !removed.has(i.id)) continue;
    // In a namespace that got an id of its own, or under an id B uses for another interface.
    if (ns(i.namespace) !== i.namespace) interfaces.set(i.id, fresh(`${ns(i.namespace)}/${i.name}`, ifTaken));
    else if (inB.has(i.id)) interfaces.set(i.id, fresh(i.id, ifTaken));
  }
  const flows = new Map<string, string>();
  const flowTaken = new Set([...b.natFlows.map((f) => f.id), ...a.natFlows.map((f) => f.id)]);
  for (const id of removedOf(diff, 'natFlow'))
    if (b.natFlows.some((f) => f.id === id)) flows.set(id, fresh(id, flowTaken));
  return {
    ns,
    iface: (id) => (id === null ? null : (interfaces.get(id) ?? id)),
    flow: (id) => flows.get(id) ?? id,
  };
}

export function mergeForCompare(
  a: Snapshot,
  b: Snapshot,
  diff: SnapshotDiff,
  t = translatorFor(a, b, diff),
): Snapshot {
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
    const copy: Namespace = { ...n, id: t.ns(n.id), interfaces: n.interfaces.map((i) => t.iface(i) ?? i) };
    merged.namespaces.push(copy);
    nsIds.add(copy.id);
  }
  for (const id of removedOf(diff, 'interface')) {
    const i = a.interfaces.find((x) => x.id === id);
    if (!i || ifaceIds.has(t.iface(i.id) ?? i.id)) continue;
    const namespace = t.ns(i.namespace);
    const copy: Interface = {
      ...i,
      id: t.iface(i.id) ?? i.id,
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
    if (!f || merged.natFlows.some((x) => x.id === t.flow(f.id))) continue;
    merged.natFlows.push(
      f.kind === 'dnat'
        ? { ...f, id: t.flow(f.id), endpoint: t.iface(f.endpoint) }
        : { ...f, id: t.flow(f.id) },
    );
    // The rule behind a removed flow, so the inspector can still show it.
    const rule = a.firewall.rules.find((r) => r.id === f.rule);
    if (rule && !ruleIds.has(rule.id)) {
      merged.firewall.rules.push(rule);
      ruleIds.add(rule.id);
    }
  }
  return merged;
}

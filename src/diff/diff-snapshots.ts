// Compare two snapshots by meaning: items matched by semantic identity (see identity.ts), field changes
// with dotted paths, volatile fields ignored unless asked for, output in a fixed order.
import type { Change, DiffCollection, FieldChange, SnapshotDiff } from '../model/diff-types.js';
import type { Snapshot } from '../model/snapshot.js';
import { cmp } from '../model/order.js';
import { diffViews } from './field-diff.js';
import { buildIdentity, type Identity } from './identity.js';
import {
  projectContainer,
  projectHost,
  projectInterface,
  projectNamespace,
  projectNetwork,
  type Item,
  type ProjectOptions,
} from './project-objects.js';
import {
  chainKey,
  projectChain,
  projectFinding,
  projectNatFlow,
  projectRoute,
  projectRule,
} from './project-net.js';

export interface DiffOptions {
  /** Also compare counters, ifindexes, pids, namespace inodes, rule positions and capture times. */
  volatile?: boolean;
  /** Force (or suppress) cross-host mode; by default on when the host names differ. */
  crossHost?: boolean;
}

/** Collections in the order a person reads a change list: the host, then what runs, then plumbing. */
export const COLLECTION_ORDER: readonly DiffCollection[] = [
  'host',
  'container',
  'network',
  'namespace',
  'interface',
  'route',
  'natFlow',
  'chain',
  'rule',
  'finding',
];

/** Keys unique within one side: a repeated key gets `#2`, `#3`… in the order the items appear. */
function uniqueKeys(items: Item[]): Map<string, Item> {
  const out = new Map<string, Item>();
  const seen = new Map<string, number>();
  for (const item of items) {
    const n = (seen.get(item.key) ?? 0) + 1;
    seen.set(item.key, n);
    const key = n > 1 ? `${item.key}#${n}` : item.key;
    out.set(key, { ...item, key });
  }
  return out;
}

function project(s: Snapshot, id: Identity, o: ProjectOptions): Record<DiffCollection, Item[]> {
  const hostNs = s.namespaces.find((n) => n.kind === 'host')?.id ?? 'host';
  return {
    host: [projectHost(s, o)],
    container: s.containers.map((c) => projectContainer(c, id, o)),
    network: s.networks.map((n) => projectNetwork(n, id, o)),
    namespace: s.namespaces.map((n) => projectNamespace(n, id, o)),
    interface: s.interfaces.map((i) => projectInterface(i, id, o)),
    route: s.routes.map((r) => projectRoute(r, id)),
    natFlow: s.natFlows.map((f) => projectNatFlow(f, id, hostNs)),
    chain: s.firewall.chains.map((c) => projectChain(c, o)),
    rule: s.firewall.rules.map((r, i) => projectRule(r, i, id, o)),
    finding: s.findings.map((f) => projectFinding(f, id, o)),
  };
}

/** Rule keys and texts of each chain, in chain order. */
function chainOrders(s: Snapshot, id: Identity): Map<string, { key: string; text: string }[]> {
  const orders = new Map<string, { key: string; text: string; position: number }[]>();
  s.firewall.rules.forEach((r, i) => {
    const chain = chainKey(r, r.chain);
    const list = orders.get(chain) ?? [];
    list.push({ key: id.rule(r, i), text: r.text.trim().replace(/\s+/g, ' '), position: r.position });
    orders.set(chain, list);
  });
  for (const list of orders.values()) list.sort((x, y) => x.position - y.position);
  return orders;
}

/** A reordering of rules both sides have (inserting or deleting one is not a reordering). */
function orderChange(
  a: { key: string; text: string }[] | undefined,
  b: { key: string; text: string }[] | undefined,
): FieldChange | null {
  if (!a || !b) return null;
  const inB = new Set(b.map((r) => r.key));
  const inA = new Set(a.map((r) => r.key));
  const before = a.filter((r) => inB.has(r.key));
  const after = b.filter((r) => inA.has(r.key));
  if (before.every((r, i) => r.key === after[i]?.key)) return null;
  return { path: 'order', before: before.map((r) => r.text), after: after.map((r) => r.text) };
}

function sideLabel(s: Snapshot, label: string | undefined, fallback: string) {
  return { label: label ?? fallback, host: s.host.name, capturedAt: s.capturedAt };
}

export function diffSnapshots(
  a: Snapshot,
  b: Snapshot,
  labels: { a?: string; b?: string } = {},
  options: DiffOptions = {},
): SnapshotDiff {
  const crossHost = options.crossHost ?? a.host.name !== b.host.name;
  const o: ProjectOptions = { volatile: options.volatile === true, crossHost };
  const idA = buildIdentity(a);
  const idB = buildIdentity(b);
  const itemsA = project(a, idA, o);
  const itemsB = project(b, idB, o);
  const ordersA = chainOrders(a, idA);
  const ordersB = chainOrders(b, idB);

  const changes: Change[] = [];
  const renamed: SnapshotDiff['renamed'] = { namespaces: [], interfaces: [] };
  for (const collection of COLLECTION_ORDER) {
    const before = uniqueKeys(itemsA[collection]);
    const after = uniqueKeys(itemsB[collection]);
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort(cmp);
    for (const key of keys) {
      const x = before.get(key);
      const y = after.get(key);
      const ids = { a: x?.id ?? null, b: y?.id ?? null };
      if (x && !y) changes.push({ kind: 'removed', collection, key, label: x.label, fields: [], ids });
      else if (y && !x) changes.push({ kind: 'added', collection, key, label: y.label, fields: [], ids });
      else if (x && y) {
        if (x.id !== y.id && (collection === 'namespace' || collection === 'interface'))
          renamed[collection === 'namespace' ? 'namespaces' : 'interfaces'].push([x.id, y.id]);
        // Compared by meaning, shown as written.
        const fields = diffViews(x.view, y.view).map((f) =>
          x.display && y.display && Object.hasOwn(y.display, f.path)
            ? { ...f, before: x.display[f.path], after: y.display[f.path] }
            : f,
        );
        if (collection === 'chain') {
          const order = orderChange(ordersA.get(key), ordersB.get(key));
          if (order) fields.push(order);
        }
        if (fields.length > 0)
          changes.push({ kind: 'changed', collection, key, label: y.label, fields, ids });
      }
    }
  }
  return {
    a: sideLabel(a, labels.a, 'a'),
    b: sideLabel(b, labels.b, 'b'),
    equal: changes.length === 0,
    crossHost,
    changes,
    renamed,
  };
}

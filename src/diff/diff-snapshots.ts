// Compare two snapshots by meaning: items matched by semantic identity (see identity.ts), field changes
// with dotted paths, volatile fields ignored and kernel-made or repeated details hidden unless asked
// for, output in a fixed order.
import type { Change, DiffCollection, FieldChange, HiddenCounts, SnapshotDiff } from '../model/diff-types.js';
import type { Snapshot } from '../model/snapshot.js';
import { cmp } from '../model/order.js';
import { compareFields, type FieldContext } from './compare-fields.js';
import { buildIdentity, type Identity } from './identity.js';
import { matchRoles } from './roles.js';
import {
  projectContainer,
  projectHost,
  projectInterface,
  projectNamespace,
  projectNetwork,
  type Item,
  type Known,
  type ProjectOptions,
} from './project-objects.js';
import {
  deliveryPorts,
  projectListeners,
  projectProxy,
  projectSysctls,
  sysctlNames,
  type SysctlNames,
} from './project-delivery.js';
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
  /**
   * Everything: volatile fields, and what is hidden by default (routes and addresses the kernel makes
   * by itself, details that repeat another change).
   */
  all?: boolean;
  /** Force (or suppress) comparing by role; by default on when the host names differ. */
  crossHost?: boolean;
  /** Compare by role even on one host (two captures of one compose project, say); same as crossHost. */
  byRole?: boolean;
  /** By role, but addresses and generated names that differ are changes, not expected differences. */
  strict?: boolean;
}

/** Collections in the order a person reads a change list: the host, then what runs, then plumbing. */
export const COLLECTION_ORDER: readonly DiffCollection[] = [
  'host',
  'sysctl',
  'container',
  'network',
  'namespace',
  'interface',
  'route',
  'natFlow',
  'proxy',
  'listener',
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

/** What both sides captured (see ProjectOptions.known). */
function knownOnBoth(a: Snapshot, b: Snapshot): Known {
  const both = (has: (s: Snapshot) => boolean) => has(a) && has(b);
  return {
    // Read for every container or for none (older snapshots).
    requestedPorts: both((s) => s.containers.every((c) => c.requestedPorts !== undefined)),
    sysctls: both((s) => s.sysctls != null),
    listeners: both((s) => s.listeners != null),
    proxies: both((s) => s.proxies != null),
  };
}

function project(
  s: Snapshot,
  id: Identity,
  o: ProjectOptions,
  both: { ports: ReadonlySet<string>; sysctls: SysctlNames },
): Record<DiffCollection, Item[]> {
  const hostNs = s.namespaces.find((n) => n.kind === 'host')?.id ?? 'host';
  const known = o.known;
  return {
    host: [projectHost(s, id, o)],
    sysctl: known?.sysctls ? projectSysctls(s, id, hostNs, both.sysctls) : [],
    proxy: known?.proxies ? (s.proxies ?? []).map((p) => projectProxy(p, s, id, hostNs, o)) : [],
    listener: known?.listeners ? projectListeners(s, id, both.ports, o) : [],
    container: s.containers.map((c) => projectContainer(c, id, o)),
    network: s.networks.map((n) => projectNetwork(n, id, o)),
    namespace: s.namespaces.map((n) => projectNamespace(n, id, o)),
    interface: s.interfaces.map((i) => projectInterface(i, id, o)),
    route: s.routes.map((r) => projectRoute(r, id)),
    natFlow: s.natFlows.map((f) => projectNatFlow(f, id, hostNs)),
    chain: s.firewall.chains.map((c) => projectChain(c, id, o)),
    rule: s.firewall.rules.map((r, i) => projectRule(r, i, id, o)),
    finding: s.findings.map((f) => projectFinding(f, s, id)),
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
  // Strict is a way of comparing by role, so it asks for one.
  const byRole =
    options.byRole ??
    (options.strict === true ? true : undefined) ??
    options.crossHost ??
    a.host.name !== b.host.name;
  const strict = byRole && options.strict === true;
  const all = options.all === true;
  const o: ProjectOptions = {
    volatile: all || options.volatile === true,
    crossHost: byRole,
    known: knownOnBoth(a, b),
  };
  const roles = byRole ? matchRoles(a, b) : null;
  const idA = buildIdentity(a, roles ? { names: roles.a, words: new Map() } : undefined);
  const idB = buildIdentity(b, roles ? { names: roles.b, words: roles.words } : undefined);
  // Sockets on a port either side publishes: one that outlives its publish is a change too.
  const both = { ports: new Set([...deliveryPorts(a), ...deliveryPorts(b)]), sysctls: sysctlNames(a, b) };
  const itemsA = project(a, idA, o, both);
  const itemsB = project(b, idB, o, both);
  const ordersA = chainOrders(a, idA);
  const ordersB = chainOrders(b, idB);

  const changes: Change[] = [];
  const expected: Change[] = [];
  const renamed: SnapshotDiff['renamed'] = { namespaces: [], interfaces: [] };
  const hidden: HiddenCounts = { kernel: 0, repeated: 0 };
  const ctx: FieldContext = { idA, idB, byMeaning: byRole && !strict, all, hidden };
  for (const collection of COLLECTION_ORDER) {
    const before = uniqueKeys(itemsA[collection]);
    const after = uniqueKeys(itemsB[collection]);
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort(cmp);
    for (const key of keys) {
      const x = before.get(key);
      const y = after.get(key);
      const ids = { a: x?.id ?? null, b: y?.id ?? null };
      if (x && y && x.id !== y.id && (collection === 'namespace' || collection === 'interface'))
        renamed[collection === 'namespace' ? 'namespaces' : 'interfaces'].push([x.id, y.id]);
      const item = y ?? x;
      if (!item) continue;
      const quiet = item.kernel === true && !all;
      let fields: FieldChange[] = [];
      if (x && y) {
        const compared = compareFields(x, y, ctx);
        fields = compared.fields;
        if (compared.expected.length > 0 && !quiet)
          expected.push({
            kind: 'changed',
            collection,
            key,
            label: item.label,
            fields: compared.expected,
            ids,
            owner: item.owner,
          });
        if (collection === 'chain') {
          const order = orderChange(ordersA.get(key), ordersB.get(key));
          if (order) fields.push(order);
        }
        if (fields.length === 0) continue;
      }
      if (quiet) {
        hidden.kernel += 1;
        continue;
      }
      const kind = x && y ? 'changed' : x ? 'removed' : 'added';
      changes.push({ kind, collection, key, label: item.label, fields, ids, owner: item.owner });
    }
  }
  return {
    a: sideLabel(a, labels.a, 'a'),
    b: sideLabel(b, labels.b, 'b'),
    equal: changes.length === 0,
    crossHost: byRole,
    ...(byRole ? { byRole: { strict, matched: roles?.pairs ?? [], expected } } : {}),
    changes,
    renamed,
    hidden,
  };
}

// Live updates as keyed patches: the session sends one full snapshot, then only what changed.
// Shared by the back end and the renderer, so nothing here may import Node modules.
//
// Ordering contract: every collection of a snapshot is kept in CANONICAL order (see `compareItems`):
// by key, except the host namespace first, rules by chain then position, routes and NAT flows as the
// builder sorts them. It is the builder's own order, so canonicalise(capture) is the capture itself. `applyPatch` always returns canonical
// order, and the session canonicalises every snapshot it sends, so a patched snapshot deep-equals the
// fresh one. Items whose keys collide (possible for routes) travel as a group: an upsert of key K
// replaces every item with key K, and removing K removes them all.
import { z } from 'zod';
import type { PatchCollection, SnapshotPatch } from './wire.js';
import { keyOf } from './keys.js';
import { deepEqual, stableJson } from './equal.js';
import { applyDelivery, deliveryPatch } from './patch-delivery.js';
import { diffCollection } from './patch-diff.js';
import { PatchBaseError, PatchInvalidError } from './patch-errors.js';
import { cmp, groupByKey, remembered } from './order.js';
import {
  Chain,
  Container,
  Finding,
  FirewallBackend,
  HostInfo,
  Interface,
  Namespace,
  NatFlow,
  Network,
  Route,
  Rule,
  Warning,
} from './snapshot.js';
import type { Snapshot } from './snapshot.js';

export { PatchBaseError, PatchInvalidError } from './patch-errors.js';
export { deepEqual };

interface Items {
  namespaces: Namespace;
  interfaces: Interface;
  routes: Route;
  networks: Network;
  containers: Container;
  'firewall.chains': Chain;
  'firewall.rules': Rule;
  natFlows: NatFlow;
  findings: Finding;
  warnings: Warning;
}

export const PATCH_COLLECTIONS = [
  'namespaces',
  'interfaces',
  'routes',
  'networks',
  'containers',
  'firewall.chains',
  'firewall.rules',
  'natFlows',
  'findings',
  'warnings',
] as const satisfies readonly PatchCollection[];

const schemas: { [C in PatchCollection]: z.ZodType<Items[C]> } = {
  namespaces: Namespace,
  interfaces: Interface,
  routes: Route,
  networks: Network,
  containers: Container,
  'firewall.chains': Chain,
  'firewall.rules': Rule,
  natFlows: NatFlow,
  findings: Finding,
  warnings: Warning,
};

type Collections = { [C in PatchCollection]: Items[C][] };

function collectionsOf(s: Snapshot): Collections {
  return {
    namespaces: s.namespaces,
    interfaces: s.interfaces,
    routes: s.routes,
    networks: s.networks,
    containers: s.containers,
    'firewall.chains': s.firewall.chains,
    'firewall.rules': s.firewall.rules,
    natFlows: s.natFlows,
    findings: s.findings,
    warnings: s.warnings,
  };
}

function assemble(base: Snapshot, c: Collections, backends: Snapshot['firewall']['backends']): Snapshot {
  return {
    ...base,
    namespaces: c.namespaces,
    interfaces: c.interfaces,
    routes: c.routes,
    networks: c.networks,
    containers: c.containers,
    firewall: { backends, chains: c['firewall.chains'], rules: c['firewall.rules'] },
    natFlows: c.natFlows,
    findings: c.findings,
    warnings: c.warnings,
  };
}

const keyFns = Object.fromEntries(
  PATCH_COLLECTIONS.map((c) => [c, remembered(keyOf[c] as (item: object) => string)]),
) as Record<PatchCollection, (item: object) => string>;

function keyFn<C extends PatchCollection>(c: C): (item: Items[C]) => string {
  return keyFns[c];
}

const joined = (...parts: (string | number | null)[]) => parts.map((p) => String(p ?? '')).join('\u0000');

/** Where the canonical order differs from plain key order: the builder's own sorts, so it needs no re-sort. */
const orderKeyFns: Partial<{ [C in PatchCollection]: (item: Items[C]) => string }> = {
  // Elementwise, as src/topology/firewall.ts sorts them; rules then by position.
  'firewall.chains': (c) => joined(c.backend, c.family, c.table, c.name),
  'firewall.rules': (r) => joined(r.backend, r.family, r.table, r.chain),
  // As src/topology/interfaces.ts buildRoutes sorts them.
  routes: (r) => `${r.namespace}|${r.family}|${r.table}|${r.dst}|${r.type}|${r.dev ?? ''}|${r.metric ?? 0}`,
  // DNAT flows first, then MASQUERADE, each by id (src/topology/build.ts).
  natFlows: (f) => joined(f.kind, f.id),
};
const orderKeys = Object.fromEntries(
  Object.entries(orderKeyFns).map(([c, fn]) => [c, remembered(fn as (item: object) => string)]),
) as typeof orderKeyFns;

/** Canonical order of one collection (see the ordering contract at the top of this file). */
export function compareItems<C extends PatchCollection>(c: C, a: Items[C], b: Items[C]): number {
  if (c === 'namespaces') {
    const ah = (a as Namespace).id === 'host';
    const bh = (b as Namespace).id === 'host';
    if (ah !== bh) return ah ? -1 : 1;
  }
  const order = orderKeys[c];
  if (order) {
    const byOrder = cmp(order(a), order(b));
    if (byOrder !== 0) return byOrder;
    if (c === 'firewall.rules') {
      const byPosition = (a as Rule).position - (b as Rule).position;
      if (byPosition !== 0) return byPosition;
    }
  }
  const key = keyFn(c);
  return cmp(key(a), key(b)) || cmp(stableJson(a), stableJson(b));
}

function sorted<C extends PatchCollection>(c: C, items: Items[C][]): Items[C][] {
  return [...items].sort((a, b) => compareItems(c, a, b));
}

/** The same snapshot with every collection in canonical order. */
export function canonicalise(s: Snapshot): Snapshot {
  const c = collectionsOf(s);
  const out = {} as Collections;
  for (const name of PATCH_COLLECTIONS)
    (out as Record<PatchCollection, unknown[]>)[name] = sorted(name, c[name]);
  return assemble(s, out, s.firewall.backends);
}

/**
 * Items grouped by key; a group has more than one item only when keys collide, and only such a group
 * is sorted (canonical order within it): the session diffs two whole snapshots after every update, so
 * this must not sort thousands of items that the map does not need in order.
 */
function byKey<C extends PatchCollection>(c: C, items: Items[C][]): Map<string, Items[C][]> {
  const out = groupByKey(keyFn(c), items);
  for (const [k, group] of out) if (group.length > 1) out.set(k, sorted(c, group));
  return out;
}

/** Two canonical lists as one canonical list. */
function merge<C extends PatchCollection>(c: C, a: Items[C][], b: Items[C][]): Items[C][] {
  if (b.length === 0) return a;
  const out: Items[C][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length)
    out.push(
      compareItems(c, a[i] as Items[C], b[j] as Items[C]) <= 0 ? (a[i++] as Items[C]) : (b[j++] as Items[C]),
    );
  while (i < a.length) out.push(a[i++] as Items[C]);
  while (j < b.length) out.push(b[j++] as Items[C]);
  return out;
}

/** The same item objects in the same order (the builder reuses what did not change). */
function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * What turns `prev` into `next`; null when nothing but capturedAt changed. `canonical`: both are
 * known to be canonical (the session canonicalises every snapshot it sends), so the order of their
 * ~20,000 items at a thousand containers need not be checked after every update.
 */
export function computePatch(
  prev: Snapshot,
  next: Snapshot,
  options: { canonical?: boolean } = {},
): SnapshotPatch | null {
  const canonical = options.canonical === true;
  const patch: SnapshotPatch = { base: prev.capturedAt, capturedAt: next.capturedAt, upsert: {}, remove: {} };
  let changed = false;
  if (!deepEqual(prev.host, next.host)) {
    patch.host = next.host;
    changed = true;
  }
  if (!deepEqual(prev.firewall.backends, next.firewall.backends)) {
    patch.firewallBackends = next.firewall.backends;
    changed = true;
  }
  const delivery = deliveryPatch(prev, next, canonical);
  if (delivery) {
    patch.delivery = delivery;
    changed = true;
  }
  const a = collectionsOf(prev);
  const b = collectionsOf(next);
  for (const c of PATCH_COLLECTIONS) {
    if (sameItems(a[c], b[c])) continue;
    const { upsert, remove } = diffCollection<Items[typeof c]>(a[c], b[c], {
      key: keyFn(c),
      compare: (x, y) => compareItems(c, x, y),
      byKey: (items) => byKey(c, items),
      canonical,
    });
    if (upsert.length > 0) patch.upsert[c] = upsert;
    if (remove.length > 0) patch.remove[c] = remove;
    changed ||= upsert.length > 0 || remove.length > 0;
  }
  return changed ? patch : null;
}

function valid<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new PatchInvalidError(
    `patch ${where}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
  );
}

function parseItems<C extends PatchCollection>(c: C, raw: unknown): Items[C][] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new PatchInvalidError(`patch upsert.${c} is not a list`);
  return raw.map((item, i) => {
    const parsed = schemas[c].safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PatchInvalidError(
        `patch upsert.${c}[${i}].${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
      );
    }
    return parsed.data;
  });
}

/** The patch's own shape, checked before anything in it is used: it arrives from a peer. */
const Envelope = z.object({
  base: z.string(),
  capturedAt: z.string(),
  host: z.unknown().optional(),
  firewallBackends: z.unknown().optional(),
  delivery: z.unknown().optional(),
  upsert: z.record(z.string(), z.unknown()),
  remove: z.record(z.string(), z.array(z.string())),
});

/**
 * `prev` with the patch applied. `prev` is canonical (as every snapshot the session sends, and every
 * result of this function), so untouched collections are kept as they are and touched ones merged:
 * applying a small patch costs little on a big host. Throws PatchBaseError when the patch was made
 * against another snapshot, PatchInvalidError when it or an item does not match the schema.
 */
export function applyPatch(prev: Snapshot, input: SnapshotPatch): Snapshot {
  const envelope = Envelope.safeParse(input);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    throw new PatchInvalidError(
      `patch ${issue?.path.join('.') || '(whole)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const patch = envelope.data;
  if (patch.base !== prev.capturedAt) throw new PatchBaseError(patch.base, prev.capturedAt);
  const current = collectionsOf(prev);
  const out = {} as Collections;
  for (const c of PATCH_COLLECTIONS) {
    const removed = patch.remove[c];
    const upserts = parseItems(c, patch.upsert[c]);
    if (removed === undefined && upserts.length === 0) {
      (out as Record<PatchCollection, unknown[]>)[c] = current[c];
      continue;
    }
    // An upsert replaces every item of its key, so colliding keys travel together.
    const key = keyFn(c);
    const drop = new Set([...(removed ?? []), ...upserts.map(key)]);
    const kept = current[c].filter((item) => !drop.has(key(item)));
    (out as Record<PatchCollection, unknown[]>)[c] = merge(c, kept, sorted(c, upserts));
  }
  const host = patch.host === undefined ? prev.host : valid(HostInfo, patch.host, 'host');
  const backends =
    patch.firewallBackends === undefined
      ? prev.firewall.backends
      : valid(FirewallBackend.array(), patch.firewallBackends, 'firewallBackends');
  const delivery = patch.delivery === undefined ? {} : applyDelivery(prev, patch.delivery);
  return { ...assemble(prev, out, backends), ...delivery, host, capturedAt: patch.capturedAt };
}

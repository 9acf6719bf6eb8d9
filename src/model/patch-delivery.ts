// The part of a live patch that is not a top-level keyed collection: the host's sysctls, listening
// sockets and docker-proxy processes. Sysctls travel whole when they changed; sockets and proxies as
// keyed changes (at a thousand published ports the whole lists were ~0.5 MB a patch), or whole when
// they became known or unknown. Old patches (history files) carry all three whole and still apply.
// Everything is validated on arrival like any item.
import { z } from 'zod';
import { DockerProxy, Listener, Sysctls, type Snapshot } from './snapshot.js';
import type { DeliveryPatch, ListChanges } from './wire.js';
import { PatchInvalidError } from './patch-errors.js';
import { deepEqual } from './equal.js';
import { groupByKey } from './order.js';
import { diffCollection } from './patch-diff.js';
import { cmp, listenerKey, proxyKey } from './order.js';

type Delivered = Pick<Snapshot, 'sysctls' | 'listeners' | 'proxies'>;

interface Part<T> {
  name: 'listeners' | 'proxies';
  changes: 'listenerChanges' | 'proxyChanges';
  key: (item: T) => string;
  schema: z.ZodType<T>;
}
const LISTENERS: Part<Listener> = {
  name: 'listeners',
  changes: 'listenerChanges',
  key: listenerKey,
  schema: Listener,
};
const PROXIES: Part<DockerProxy> = {
  name: 'proxies',
  changes: 'proxyChanges',
  key: proxyKey,
  schema: DockerProxy,
};

function listChanges<T>(part: Part<T>, a: T[], b: T[], canonical: boolean): ListChanges<T> | null {
  const { upsert, remove } = diffCollection(a, b, {
    key: part.key,
    compare: (x, y) => cmp(part.key(x), part.key(y)),
    byKey: (items) => groupByKey(part.key, items),
    canonical,
  });
  return upsert.length > 0 || remove.length > 0 ? { upsert, remove } : null;
}

/** What turns `prev`'s delivery facts into `next`'s; undefined when nothing changed. `canonical`: as computePatch's. */
export function deliveryPatch(
  prev: Delivered,
  next: Delivered,
  canonical = false,
): DeliveryPatch | undefined {
  const out: DeliveryPatch = {};
  if (!deepEqual(prev.sysctls ?? null, next.sysctls ?? null)) out.sysctls = next.sysctls ?? null;
  const list = <T>(part: Part<T>, a: T[] | null | undefined, b: T[] | null | undefined) => {
    if (a && b) {
      const changes = listChanges(part, a, b, canonical);
      if (changes) (out[part.changes] as ListChanges<T>) = changes;
    } else if (!deepEqual(a ?? null, b ?? null)) (out[part.name] as T[] | null) = b ?? null;
  };
  list(LISTENERS, prev.listeners, next.listeners);
  list(PROXIES, prev.proxies, next.proxies);
  return Object.keys(out).length > 0 ? out : undefined;
}

function invalid(where: string, issues: readonly { path: PropertyKey[]; message: string }[]): never {
  const issue = issues[0];
  const at = issue && issue.path.length > 0 ? `.${issue.path.map(String).join('.')}` : '';
  throw new PatchInvalidError(`patch delivery.${where}${at}: ${issue?.message ?? 'invalid'}`);
}

const Changes = z.object({ upsert: z.array(z.unknown()), remove: z.array(z.string()) });

/** `prev`'s list with keyed changes applied, in canonical order. */
function applied<T>(part: Part<T>, prev: T[] | null | undefined, raw: unknown): T[] {
  const changes = Changes.safeParse(raw);
  if (!changes.success) invalid(part.changes, changes.error.issues);
  if (!prev) throw new PatchInvalidError(`patch delivery.${part.changes}: the base has no ${part.name}`);
  const upserts = changes.data.upsert.map((item, i) => {
    const parsed = part.schema.safeParse(item);
    if (!parsed.success) invalid(`${part.changes}.upsert.${String(i)}`, parsed.error.issues);
    return parsed.data;
  });
  const drop = new Set([...changes.data.remove, ...upserts.map(part.key)]);
  const keyed = [...prev.filter((item) => !drop.has(part.key(item))), ...upserts].map((item) => ({
    item,
    key: part.key(item),
  }));
  // Stable: an upserted group keeps its own order, as the fresh capture has it.
  return keyed.sort((x, y) => cmp(x.key, y.key)).map((k) => k.item);
}

function whole<T>(schema: z.ZodType<T>, value: unknown, name: string): T | null {
  if (value === null) return null;
  const parsed = schema.safeParse(value);
  if (!parsed.success) invalid(name, parsed.error.issues);
  return parsed.data;
}

/** `prev`'s delivery facts with `input` (a peer's patch.delivery) applied. */
export function applyDelivery(prev: Delivered, input: unknown): Delivered {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new PatchInvalidError('patch delivery: expected an object');
  const d = input as Record<string, unknown>;
  const list = <T>(part: Part<T>, base: T[] | null | undefined): T[] | null | undefined => {
    if (d[part.name] !== undefined) return whole(z.array(part.schema), d[part.name], part.name);
    if (d[part.changes] !== undefined) return applied(part, base, d[part.changes]);
    return base;
  };
  return {
    sysctls: d.sysctls === undefined ? prev.sysctls : whole(Sysctls, d.sysctls, 'sysctls'),
    listeners: list(LISTENERS, prev.listeners),
    proxies: list(PROXIES, prev.proxies),
  };
}

// The part of a live patch that is not a keyed collection: the host's sysctls, listening sockets and
// docker-proxy processes travel whole when any of them changed, validated on arrival like any item.
import type { z } from 'zod';
import { DockerProxy, Listener, Sysctls, type Snapshot } from './snapshot.js';
import type { SnapshotPatch } from './wire.js';
import { PatchInvalidError } from './patch-errors.js';

export type Delivery = NonNullable<SnapshotPatch['delivery']>;

export const deliveryOf = (s: Snapshot): Delivery => ({
  sysctls: s.sysctls,
  listeners: s.listeners,
  proxies: s.proxies,
});

function check<T>(schema: z.ZodType<T>, value: T | null | undefined, name: string): T | null | undefined {
  if (value == null) return value;
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new PatchInvalidError(`patch delivery.${name}: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

export function parseDelivery(input: unknown): Delivery {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new PatchInvalidError('patch delivery: expected an object');
  const d = input as Delivery;
  return {
    sysctls: check(Sysctls, d.sysctls, 'sysctls'),
    listeners: check(Listener.array(), d.listeners, 'listeners'),
    proxies: check(DockerProxy.array(), d.proxies, 'proxies'),
  };
}

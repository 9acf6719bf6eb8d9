// Live patches carry the sysctls, listening sockets and docker-proxy processes: a new published port
// (a new proxy and socket) reaches the app without a full snapshot, as keyed changes, not whole lists.
import { describe, expect, it } from 'vitest';
import { applyPatch, computePatch, PatchInvalidError } from '../../../src/model/patch.js';
import type { Listener, Snapshot } from '../../../src/model/snapshot.js';
import { dockerSysctls, pathSnapshot } from '../../support/path-snapshot.js';

const before = pathSnapshot({ containers: [{ name: 'web' }] });
const after = {
  ...pathSnapshot(
    { containers: [{ name: 'web', ports: [{ containerPort: 80, hostPort: 8080 }] }] },
    dockerSysctls({ ipForward: false }),
  ),
  capturedAt: '2025-01-01T10:00:05.000Z',
};

const at = (s: Snapshot, capturedAt: string): Snapshot => ({ ...s, capturedAt });
const socket = (port: number, pid = port): Listener => ({
  namespace: 'host',
  protocol: 'tcp',
  family: 'ipv4',
  address: '0.0.0.0',
  port,
  dualStack: null,
  processes: [{ name: 'docker-proxy', pid }],
});
/** A host with many published ports: `ports` listening sockets. */
const busy = (ports: number[], capturedAt: string): Snapshot => ({
  ...at(after, capturedAt),
  listeners: ports.map((p) => socket(p)),
});

describe('patches and delivery facts', () => {
  it('a new socket and proxy travel as keyed changes; a changed sysctl whole; all apply', () => {
    const patch = computePatch(before, after);
    expect(patch?.delivery?.proxyChanges?.upsert).toHaveLength(2);
    expect(patch?.delivery?.proxies).toBeUndefined();
    expect(patch?.delivery?.sysctls?.ipForward).toBe(false);
    const applied = applyPatch(before, patch!);
    expect(applied.proxies).toEqual(after.proxies);
    expect(applied.listeners).toEqual(after.listeners);
    expect(applied.sysctls?.ipForward).toBe(false);
    expect(computePatch(after, at(after, 'x'))?.delivery).toBeUndefined();
  });

  it('one port more on a busy host sends that socket alone, and a removed one by key', () => {
    const ports = Array.from({ length: 1000 }, (_, i) => 20000 + i);
    const a = busy(ports, '2025-01-01T10:00:06.000Z');
    const b = busy([19999, ...ports.filter((p) => p !== 20500)], '2025-01-01T10:00:07.000Z');
    const patch = computePatch(a, b)!;
    expect(patch.delivery?.listenerChanges?.upsert).toEqual([socket(19999)]);
    expect(patch.delivery?.listenerChanges?.remove).toEqual(['tcp ipv4 0.0.0.0 0000020500']);
    expect(patch.delivery?.listeners).toBeUndefined();
    expect(JSON.stringify(patch.delivery).length).toBeLessThan(1000);
    expect(applyPatch(a, patch)).toEqual(b);
    // The session's snapshots are canonical, so it skips checking their order: the same patch.
    expect(computePatch(a, b, { canonical: true })).toEqual(patch);
  });

  it('sockets sharing a key (one port, two processes) travel and apply as their group', () => {
    const a = busy([80, 443], '2025-01-01T10:00:06.000Z');
    const b = {
      ...a,
      capturedAt: '2025-01-01T10:00:07.000Z',
      listeners: [socket(80), socket(443, 1), socket(443, 2)],
    };
    const patch = computePatch(a, b)!;
    expect(patch.delivery?.listenerChanges?.upsert).toEqual([socket(443, 1), socket(443, 2)]);
    expect(applyPatch(a, patch)).toEqual(b);
  });

  it('a list that became unknown (null) or known again travels whole', () => {
    const known = busy([80], '2025-01-01T10:00:06.000Z');
    const unknown = { ...known, capturedAt: '2025-01-01T10:00:07.000Z', listeners: null };
    const lost = computePatch(known, unknown)!;
    expect(lost.delivery).toEqual({ listeners: null });
    expect(applyPatch(known, lost).listeners).toBeNull();
    const back = computePatch(unknown, at(known, '2025-01-01T10:00:08.000Z'))!;
    expect(back.delivery?.listeners).toEqual([socket(80)]);
  });

  it('a patch written before keyed changes (all three whole, as in history files) still applies', () => {
    const old = {
      base: before.capturedAt,
      capturedAt: after.capturedAt,
      upsert: {},
      remove: {},
      delivery: { sysctls: after.sysctls, listeners: after.listeners, proxies: after.proxies },
    };
    const applied = applyPatch(before, old);
    expect(applied.proxies).toEqual(after.proxies);
    expect(applied.listeners).toEqual(after.listeners);
  });

  it('a malformed proxy, malformed changes, or changes to an unknown list are refused', () => {
    const patch = computePatch(before, after)!;
    const bad = (delivery: unknown) => () => applyPatch(before, { ...patch, delivery: delivery as never });
    expect(bad({ proxies: [{ pid: -1 }] })).toThrow(PatchInvalidError);
    expect(bad({ proxyChanges: { upsert: [{ pid: -1 }], remove: [] } })).toThrow(/proxyChanges\.upsert\.0/);
    expect(bad({ listenerChanges: { upsert: 'x', remove: [] } })).toThrow(PatchInvalidError);
    expect(bad({ listenerChanges: { upsert: [], remove: [7] } })).toThrow(PatchInvalidError);
    expect(bad([])).toThrow(PatchInvalidError);
    const noList = { ...before, listeners: null };
    expect(() =>
      applyPatch(noList, { ...patch, delivery: { listenerChanges: { upsert: [socket(1)], remove: [] } } }),
    ).toThrow(/the base has no listeners/);
  });
});

// Live patches carry the sysctls, listening sockets and docker-proxy processes: a new published port
// (a new proxy and socket) reaches the app without a full snapshot.
import { describe, expect, it } from 'vitest';
import { applyPatch, computePatch, PatchInvalidError } from '../../../src/model/patch.js';
import { dockerSysctls, pathSnapshot } from '../../support/path-snapshot.js';

const before = pathSnapshot({ containers: [{ name: 'web' }] });
const after = {
  ...pathSnapshot(
    { containers: [{ name: 'web', ports: [{ containerPort: 80, hostPort: 8080 }] }] },
    dockerSysctls({ ipForward: false }),
  ),
  capturedAt: '2025-01-01T10:00:05.000Z',
};

describe('patches and delivery facts', () => {
  it('a changed socket, proxy or sysctl travels whole and applies', () => {
    const patch = computePatch(before, after);
    expect(patch?.delivery?.proxies).toHaveLength(2);
    const applied = applyPatch(before, patch!);
    expect(applied.proxies).toEqual(after.proxies);
    expect(applied.listeners).toEqual(after.listeners);
    expect(applied.sysctls?.ipForward).toBe(false);
    expect(computePatch(after, { ...after, capturedAt: 'x' })?.delivery).toBeUndefined();
  });

  it('a malformed proxy in a patch is refused', () => {
    const patch = computePatch(before, after)!;
    patch.delivery = { ...patch.delivery, proxies: [{ pid: -1 } as never] };
    expect(() => applyPatch(before, patch)).toThrow(PatchInvalidError);
  });
});

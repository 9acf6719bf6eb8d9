// The preload against a mocked `electron` module, and the renderer's transport chooser on top of it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../src/api/contract.js';
import type { NetlensApi } from '../../../src/api/contract.js';
import { chooseApi, wsUrlFor } from '../../../renderer/src/lib/api.js';

type Forward = (event: unknown, message: unknown) => void;

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<(event: unknown, message: unknown) => void>>();
  const replies: unknown[] = [];
  const invocations: unknown[][] = [];
  return {
    exposed,
    listeners,
    replies,
    invocations,
    module: {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void exposed.set(key, api) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invocations.push(args);
          return Promise.resolve(replies.shift());
        },
        on: (channel: string, listener: (event: unknown, message: unknown) => void) => {
          listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
        },
        removeListener: (channel: string, listener: (event: unknown, message: unknown) => void) => {
          listeners.get(channel)?.delete(listener);
        },
      },
    },
  };
});
vi.mock('electron', () => electron.module);

let bridge: NetlensApi;
beforeAll(async () => {
  await import('../../../electron/preload.js');
  bridge = electron.exposed.get('netlens') as NetlensApi;
});

describe('preload', () => {
  it('exposes one object, window.netlens, with request and on only', () => {
    expect([...electron.exposed.keys()]).toEqual(['netlens']);
    expect(Object.keys(bridge).sort()).toEqual(['on', 'request']);
  });

  it('invokes the one request channel and unwraps replies', async () => {
    electron.replies.push({ ok: true, result: [{ id: 'local' }] });
    expect(await bridge.request('hosts:list', {})).toEqual([{ id: 'local' }]);
    expect(electron.invocations.at(-1)).toEqual(['netlens:request', { name: 'hosts:list', args: {} }]);
  });

  it('rejects with a plain { code, message } that survives contextBridge', async () => {
    electron.replies.push({ ok: false, error: { code: 'not-found', message: 'no host "x"' } });
    const failure: unknown = await bridge
      .request('session:connect', { hostId: 'x' })
      .catch((error: unknown) => error);
    expect(failure).toEqual({ code: 'not-found', message: 'no host "x"' });
    expect(Object.getPrototypeOf(failure)).toBe(Object.prototype);
    electron.replies.push('garbage');
    await expect(bridge.request('hosts:list', {})).rejects.toEqual({
      code: 'internal',
      message: 'malformed reply from the main process',
    });
  });

  it('listens on the one event channel, filtered by event name, until unsubscribed', () => {
    const seen: unknown[] = [];
    const off = bridge.on('hosts:changed', (payload) => seen.push(payload));
    const [forward] = [...(electron.listeners.get('netlens:event') ?? [])] as Forward[];
    forward?.({}, { event: 'hosts:changed', payload: { hosts: [] } });
    forward?.({}, { event: 'host:status', payload: { hostId: 'local' } });
    forward?.({}, null);
    expect(seen).toEqual([{ hosts: [] }]);
    off();
    expect(electron.listeners.get('netlens:event')?.size).toBe(0);
    expect([...electron.listeners.keys()]).toEqual(['netlens:event']);
  });

  it('becomes an ApiError-throwing NetlensApi in the renderer', async () => {
    const api = chooseApi({ netlens: bridge, location: { protocol: 'netlens:', host: 'app', search: '' } });
    electron.replies.push({ ok: false, error: { code: 'conflict', message: 'already there' } });
    const failure = await api.request('hosts:add', { target: 'x' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'conflict', message: 'already there' });
  });
});

describe('renderer transport chooser', () => {
  it('builds the WebSocket URL from the page location and its token', () => {
    expect(wsUrlFor({ protocol: 'http:', host: '127.0.0.1:4000', search: '?token=abc_-1' })).toBe(
      'ws://127.0.0.1:4000/api?token=abc_-1',
    );
    expect(wsUrlFor({ protocol: 'http:', host: 'localhost:9', search: '' })).toBe(
      'ws://localhost:9/api?token=',
    );
  });
});

describe('build-preload.js', () => {
  it('bundles ONE CommonJS file whose only require is electron', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlw-preload-'));
    try {
      const outfile = join(dir, 'preload.cjs');
      execFileSync(process.execPath, ['electron/build-preload.js', '--outfile', outfile], { stdio: 'pipe' });
      const code = readFileSync(outfile, 'utf8');
      expect([...code.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1])).toEqual(['"electron"']);
      expect(code).not.toMatch(/^\s*(import|export)\s/m);
      expect(code).toContain('exposeInMainWorld("netlens"');
      expect(code).not.toContain('zod');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

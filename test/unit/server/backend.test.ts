import { ConnectionError } from '../../../src/connection/types.js';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostEntry } from '../../../src/api/contract.js';
import { dispatch } from '../../../src/server/handler-wrap.js';
import type { Backend } from '../../../src/server/backend.js';
import { createBackend } from '../../../src/server/backend.js';
import type { Recorded } from './fakes.js';
import { fakeDeps, fakeDiff, fakeSessions, memoryStore } from './fakes.js';
import { openHistory } from '../../../src/history/index.js';
import { computePatch } from '../../../src/model/patch.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

let dir: string;
let hostsFile: string;
const backends: Backend[] = [];

function start(overrides: Parameters<typeof fakeDeps>[1] = {}) {
  const deps = fakeDeps(hostsFile, overrides);
  const backend = createBackend(deps);
  backends.push(backend);
  const events: Recorded[] = [];
  backend.events((event, payload) => events.push({ event, payload } as Recorded));
  const call = (name: string, args: unknown = {}) => dispatch(backend.handlers, name, args);
  return { backend, deps, events, call };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nlw-backend-'));
  hostsFile = join(dir, 'data', 'hosts.json');
});
afterEach(async () => {
  await Promise.all(backends.splice(0).map((backend) => backend.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

describe('hosts registry', () => {
  it('always lists local first, disconnected', async () => {
    const { call } = start();
    expect(await call('hosts:list')).toEqual({
      ok: true,
      result: [
        {
          id: 'local',
          target: 'local',
          dockerHost: null,
          label: 'This computer',
          status: { state: 'disconnected' },
        },
      ],
    });
  });

  it('persists added targets and reads them back in a new back end', async () => {
    const first = start();
    const added = await first.call('hosts:add', { target: ' alice@db.example:2222 ', label: 'DB' });
    expect(added).toEqual({
      ok: true,
      result: {
        id: 'alice@db.example:2222',
        target: 'alice@db.example:2222',
        dockerHost: null,
        label: 'DB',
        status: { state: 'disconnected' },
      },
    });
    expect(first.events.map((e) => e.event)).toContain('hosts:changed');
    expect(JSON.parse(readFileSync(hostsFile, 'utf8'))).toEqual({
      version: 2,
      hosts: [{ target: 'alice@db.example:2222', label: 'DB' }],
    });
    const second = start();
    const listed = await second.call('hosts:list');
    expect(listed.ok && (listed.result as HostEntry[]).map((h) => h.id)).toEqual([
      'local',
      'alice@db.example:2222',
    ]);
  });

  it("adds a host's engine socket (Podman's), as a host of its own even for local, and keeps it", async () => {
    const first = start();
    const added = await first.call('hosts:add', {
      target: 'local',
      dockerHost: ' unix:///run/podman/podman.sock ',
    });
    expect(added).toMatchObject({
      ok: true,
      result: {
        id: 'local unix:///run/podman/podman.sock',
        target: 'local',
        dockerHost: 'unix:///run/podman/podman.sock',
        label: 'local unix:///run/podman/podman.sock',
      },
    });
    expect(
      await first.call('hosts:add', { target: 'me@box', dockerHost: '/run/user/1000/podman/podman.sock' }),
    ).toMatchObject({ ok: true, result: { id: 'me@box unix:///run/user/1000/podman/podman.sock' } });
    // Over SSH only a Unix socket on that host can be reached; a bad address never reaches the file.
    expect(await first.call('hosts:add', { target: 'me@box', dockerHost: 'tcp://box:2375' })).toMatchObject({
      ok: false,
    });
    expect(await first.call('hosts:add', { target: 'me@box', dockerHost: 'unix://../x' })).toMatchObject({
      ok: false,
    });
    expect(JSON.parse(readFileSync(hostsFile, 'utf8'))).toEqual({
      version: 2,
      hosts: [
        {
          target: 'local',
          label: 'local unix:///run/podman/podman.sock',
          dockerHost: 'unix:///run/podman/podman.sock',
        },
        {
          target: 'me@box',
          label: 'me@box unix:///run/user/1000/podman/podman.sock',
          dockerHost: 'unix:///run/user/1000/podman/podman.sock',
        },
      ],
    });
    const second = start();
    const listed = await second.call('hosts:list');
    expect(listed.ok && (listed.result as HostEntry[]).map((h) => [h.id, h.dockerHost])).toEqual([
      ['local', null],
      ['local unix:///run/podman/podman.sock', 'unix:///run/podman/podman.sock'],
      ['me@box unix:///run/user/1000/podman/podman.sock', 'unix:///run/user/1000/podman/podman.sock'],
    ]);
  });

  it('accepts SSH targets and aliases as written (trimmed)', async () => {
    const { call } = start();
    for (const target of ['prod', 'alice@db.example', 'root@[fe80::1]:22', 'ssh://bob@my-alias.lan:2200/']) {
      expect(await call('hosts:add', { target: ` ${target}\t` })).toMatchObject({
        ok: true,
        result: { id: target, target, label: target },
      });
    }
  });

  it('refuses duplicates, "local", option-like and malformed targets with codes', async () => {
    const { call } = start();
    await call('hosts:add', { target: 'prod' });
    expect(await call('hosts:add', { target: 'prod' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await call('hosts:add', { target: 'local' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    for (const target of [
      '-oProxyCommand=touch x',
      'a b',
      'user@host:99999',
      'host:0',
      'u@',
      '@h',
      'host;rm',
      'h`id`',
      '$(id)',
    ]) {
      expect(await call('hosts:add', { target })).toMatchObject({
        ok: false,
        error: { code: 'bad-request' },
      });
    }
    expect(await call('hosts:add', { target: '' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('target') as string },
    });
  });

  it('removes a host (disconnecting it first) but never local', async () => {
    const sessions = fakeSessions();
    const { call } = start({ createSession: sessions.createSession });
    await call('hosts:add', { target: 'bob@web' });
    await call('session:connect', { hostId: 'bob@web' });
    expect(await call('hosts:remove', { hostId: 'local' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await call('hosts:remove', { hostId: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await call('hosts:remove', { hostId: 'bob@web' })).toEqual({ ok: true, result: null });
    expect(sessions.sessions[0]?.disposed).toBe(true);
    expect(JSON.parse(readFileSync(hostsFile, 'utf8'))).toEqual({ version: 2, hosts: [] });
  });

  it('adds, reloads, connects and removes a 258-character target (longer than the old 200-character host id)', async () => {
    const host = ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(61)].join('.');
    const target = `root@${host}`;
    expect(target).toHaveLength(258);
    const first = start();
    // No label: the target is the label, so the hosts file must take a label as long as a target.
    expect(await first.call('hosts:add', { target })).toMatchObject({
      ok: true,
      result: { id: target, target, label: target },
    });
    const sessions = fakeSessions();
    const second = start({ createSession: sessions.createSession });
    const listed = await second.call('hosts:list');
    expect(listed.ok && (listed.result as HostEntry[]).map((h) => h.id)).toEqual(['local', target]);
    expect(existsSync(`${hostsFile}.invalid`)).toBe(false);
    expect(await second.call('session:connect', { hostId: target })).toEqual({ ok: true, result: null });
    expect(sessions.sessions[0]?.target).toMatchObject({ kind: 'ssh', user: 'root', host, port: 22 });
    expect(await second.call('snapshots:save', { hostId: target, name: 'long' })).toMatchObject({ ok: true });
    expect(await second.call('hosts:remove', { hostId: target })).toEqual({ ok: true, result: null });
    expect(sessions.sessions[0]?.disposed).toBe(true);
    expect(JSON.parse(readFileSync(hostsFile, 'utf8'))).toEqual({ version: 2, hosts: [] });
  });

  it('refuses a hosts file entry outside the target grammar, and a target that stopped parsing at connect', async () => {
    const { call, deps } = start();
    await call('hosts:add', { target: 'gone-alias' });
    // The ssh config now names an invalid HostName for it: the connect says why, as an error status.
    const home = deps.targetOptions?.homedir ?? '';
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'config'), 'Host gone-alias\n  HostName -oProxyCommand=x\n');
    expect(await call('session:connect', { hostId: 'gone-alias' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('HostName') as string },
    });
    const listed = await call('hosts:list');
    expect(listed.ok && (listed.result as HostEntry[])[1]?.status).toMatchObject({
      state: 'error',
      code: 'bad-target',
    });
    await backends.splice(0).at(0)?.dispose();
    writeFileSync(
      hostsFile,
      JSON.stringify({ version: 1, hosts: [{ target: '-oProxyCommand=x', label: 'x' }] }),
    );
    const again = start();
    expect(await again.call('hosts:list')).toMatchObject({ ok: true, result: [{ id: 'local' }] });
    expect(again.deps.lines.join('\n')).toMatch(/hosts\.0\.target: not a valid SSH target/);
  });

  it('sets a bad hosts file aside and starts with local only', async () => {
    writeFileSync(join(dir, 'hosts.json'), '{"version":1,"hosts":[{"target":42}]}');
    hostsFile = join(dir, 'hosts.json');
    const { call, deps } = start();
    const listed = await call('hosts:list');
    expect(listed.ok && (listed.result as HostEntry[]).map((h) => h.id)).toEqual(['local']);
    expect(existsSync(`${hostsFile}.invalid`)).toBe(true);
    expect(deps.lines.join('\n')).toMatch(/hosts\.0\.target/);
  });

  it('survives a hosts file that is not JSON at all', async () => {
    hostsFile = join(dir, 'hosts.json');
    writeFileSync(hostsFile, 'not json');
    const { call } = start();
    expect(await call('hosts:list')).toMatchObject({ ok: true });
  });
});

describe('sessions', () => {
  it('connects, forwards session events, and reports status', async () => {
    const sessions = fakeSessions();
    const { call, events } = start({ createSession: sessions.createSession });
    expect(await call('session:connect', { hostId: 'local' })).toEqual({ ok: true, result: null });
    expect(events.map((e) => e.event)).toEqual(['host:status', 'host:snapshot', 'host:status']);
    expect(events[0]).toMatchObject({ payload: { hostId: 'local', status: { state: 'connecting' } } });
    const listed = await call('hosts:list');
    expect(listed.ok && (listed.result as HostEntry[])[0]?.status.state).toBe('live');
    const current = await call('session:current', { hostId: 'local' });
    expect(current.ok && (current.result as { containers: { name: string }[] }).containers[0]?.name).toBe(
      'local-web',
    );
    // Counters go out as deltas: the whole table is there for a client that joins late.
    expect(await call('session:counters', { hostId: 'local' })).toMatchObject({
      ok: true,
      result: { full: true },
    });
    // A second connect reuses the session.
    await call('session:connect', { hostId: 'local' });
    expect(sessions.sessions).toHaveLength(1);
  });

  it('drops events of a session after it was disconnected', async () => {
    const sessions = fakeSessions();
    const { call, events } = start({ createSession: sessions.createSession });
    await call('session:connect', { hostId: 'local' });
    await call('session:disconnect', { hostId: 'local' });
    expect(sessions.sessions[0]?.disposed).toBe(true);
    expect(events.at(-1)).toEqual({
      event: 'host:status',
      payload: { hostId: 'local', status: { state: 'disconnected' } },
    });
    const before = events.length;
    sessions.sessions[0]?.emit('host:warnings', { hostId: 'local', warnings: [] });
    expect(events).toHaveLength(before);
    expect(await call('session:current', { hostId: 'local' })).toEqual({ ok: true, result: null });
    expect(await call('session:counters', { hostId: 'local' })).toEqual({ ok: true, result: null });
  });

  it('turns a failed connect into "unavailable" and an error status', async () => {
    const unreachable = Object.assign(new Error('ssh: connect ECONNREFUSED 127.0.0.1:2'), {
      code: 'unreachable',
    });
    const sessions = fakeSessions({ failStart: () => unreachable });
    const { call } = start({ createSession: sessions.createSession });
    expect(await call('session:connect', { hostId: 'local' })).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'ssh: connect ECONNREFUSED 127.0.0.1:2' },
    });
    expect(sessions.sessions[0]?.disposed).toBe(true);
    const listed = await call('hosts:list');
    expect(listed.ok && (listed.result as HostEntry[])[0]?.status).toEqual({
      state: 'error',
      reason: unreachable.message,
    });
    expect(await call('session:capture', { hostId: 'local' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });

  it('reports an unknown host key with its code, and trusts it only when asked', async () => {
    const unknownKey = new ConnectionError(
      'host-key-unknown',
      'unknown host key SHA256:abc; use --accept-new-host-key',
    );
    const sessions = fakeSessions({ failStart: () => (sessions.sessions.length === 1 ? unknownKey : null) });
    const { call } = start({ createSession: sessions.createSession });
    expect(await call('session:connect', { hostId: 'local' })).toMatchObject({ ok: false });
    const listed = await call('hosts:list');
    expect(listed.ok && (listed.result as HostEntry[])[0]?.status).toEqual({
      state: 'error',
      reason: unknownKey.message,
      code: 'host-key-unknown',
    });
    expect(sessions.sessions[0]?.acceptNewHostKey).toBe(false);
    expect(await call('session:connect', { hostId: 'local', acceptNewHostKey: true })).toMatchObject({
      ok: true,
    });
    expect(sessions.sessions[1]?.acceptNewHostKey).toBe(true);
    expect(await call('session:connect', { hostId: 'local', acceptNewHostKey: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
  });

  it('needs a connection to capture and names unknown hosts', async () => {
    const { call } = start();
    expect(await call('session:capture', { hostId: 'local' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    expect(await call('session:connect', { hostId: 'ghost' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('disposes every session on dispose', async () => {
    const sessions = fakeSessions();
    const { call, backend } = start({ createSession: sessions.createSession });
    await call('hosts:add', { target: 'web1' });
    await call('session:connect', { hostId: 'local' });
    await call('session:connect', { hostId: 'web1' });
    await backend.dispose();
    expect(sessions.sessions.map((s) => s.disposed)).toEqual([true, true]);
    expect(await call('session:connect', { hostId: 'local' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });
});

describe('snapshots', () => {
  it('saves the live snapshot and compares saved with live', async () => {
    const store = memoryStore();
    const { call } = start({ store });
    await call('session:connect', { hostId: 'local' });
    const saved = await call('snapshots:save', { hostId: 'local', name: 'before', note: 'n' });
    expect(saved).toMatchObject({
      ok: true,
      result: { id: 'snap-1', name: 'before', note: 'n', containers: 1 },
    });
    const compared = await call('snapshots:compare', {
      a: { kind: 'saved', id: 'snap-1' },
      b: { kind: 'live', hostId: 'local' },
    });
    expect(compared).toMatchObject({
      ok: true,
      result: { diff: { a: { label: 'before' }, b: { label: 'local (live)' }, equal: true } },
    });
  });

  it('passes the compare options to the diff, and refuses options of the wrong type', async () => {
    const seen: unknown[] = [];
    const store = memoryStore();
    const { call } = start({
      store,
      diff: (a, b, labels, options) => {
        seen.push(options);
        return fakeDiff(a, b, labels);
      },
    });
    await call('session:connect', { hostId: 'local' });
    await call('snapshots:save', { hostId: 'local', name: 'before' });
    const refs = { a: { kind: 'saved', id: 'snap-1' }, b: { kind: 'live', hostId: 'local' } };
    expect(await call('snapshots:compare', { ...refs, all: true })).toMatchObject({ ok: true });
    expect(await call('snapshots:compare', refs)).toMatchObject({ ok: true });
    expect(seen).toEqual([{ all: true }, {}]);
    expect(await call('snapshots:compare', { ...refs, all: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('all') as string },
    });
  });

  it('passes store errors through with their codes', async () => {
    const { call } = start();
    expect(await call('snapshots:open', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await call('snapshots:import', { fileName: 'x.json', content: '{}' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('schema') as string },
    });
    expect(await call('snapshots:open', { id: '../etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
  });
});

describe('history', () => {
  it('records the session and answers the timeline: points, a moment, saving it, comparing moments', async () => {
    const history = openHistory(join(dir, 'history'), {}, { now: () => Date.parse('2025-01-01T00:00:05Z') });
    const store = memoryStore();
    const sessions = fakeSessions();
    const { call } = start({ history, store, createSession: sessions.createSession });
    await call('session:connect', { hostId: 'local' });
    const first = buildSnapshot({
      capturedAt: '2025-01-01T00:00:00.000Z',
      containers: [{ name: 'local-web' }],
    });
    const later = buildSnapshot({ capturedAt: '2025-01-01T00:00:03.000Z' });
    // The patch a live session would send when local-web goes away.
    sessions.sessions[0]!.emit('host:patch', { hostId: 'local', patch: computePatch(first, later)! });
    await history.flush();

    const points = await call('history:list', { hostId: 'local' });
    expect(points).toMatchObject({
      ok: true,
      result: [
        { at: '2025-01-01T00:00:00.000Z', kind: 'full' },
        { at: '2025-01-01T00:00:03.000Z', kind: 'patch', changes: ['local-web removed'] },
      ],
    });
    const at = await call('history:at', { hostId: 'local', at: '2025-01-01T00:00:01.000Z' });
    expect(at).toMatchObject({ ok: true, result: { capturedAt: '2025-01-01T00:00:00.000Z' } });
    const saved = await call('history:save', { hostId: 'local', at: '2025-01-01T00:00:01Z', name: 'moment' });
    expect(saved).toMatchObject({ ok: true, result: { name: 'moment', containers: 1 } });
    const compared = await call('snapshots:compare', {
      a: { kind: 'moment', hostId: 'local', at: '2025-01-01T00:00:01Z' },
      b: { kind: 'moment', hostId: 'local', at: '2025-01-01T00:00:04Z' },
    });
    expect(compared).toMatchObject({
      ok: true,
      result: { diff: { a: { label: 'local at 2025-01-01T00:00:01Z' }, equal: false } },
    });
    expect(await call('history:at', { hostId: 'local', at: '2024-12-31T00:00:00Z' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await call('history:at', { hostId: 'local', at: 'yesterday' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('at') as string },
    });
    expect(await call('history:list', { hostId: 'local', limit: 100_000 })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
  });

  it('says the timeline is off when nothing records it', async () => {
    const { call } = start();
    expect(await call('history:list', { hostId: 'local' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('history is off') as string },
    });
  });
});

// Saved hosts (#10 item 5): a host keeps its settings in the hosts file (version 2, 0600), every field is
// checked by the one target grammar and refused by name, an edit re-keys and reconnects, and a version 1
// file still loads. Real files in a temporary folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostEntry } from '../../../src/api/contract.js';
import { ConnectionError } from '../../../src/connection/types.js';
import { createBackend } from '../../../src/server/backend.js';
import type { Backend } from '../../../src/server/backend.js';
import { dispatch } from '../../../src/server/handler-wrap.js';
import { fakeDeps, fakeSessions } from './fakes.js';

let dir: string;
let home: string;
let hostsFile: string;
const backends: Backend[] = [];

function start(sessions = fakeSessions()) {
  const backend = createBackend(
    fakeDeps(hostsFile, {
      createSession: sessions.createSession,
      targetOptions: { homedir: home, localUser: 'tester' },
    }),
  );
  backends.push(backend);
  const call = (name: string, args: unknown = {}) => dispatch(backend.handlers, name, args);
  return { call, sessions };
}

const hostsOf = async (call: ReturnType<typeof start>['call']) => {
  const listed = await call('hosts:list');
  if (!listed.ok) throw new Error('hosts:list failed');
  return listed.result as HostEntry[];
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nlw-saved-'));
  home = join(dir, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true });
  writeFileSync(join(home, '.ssh', 'id_test'), 'not read here\n');
  hostsFile = join(dir, 'data', 'hosts.json');
});
afterEach(async () => {
  await Promise.all(backends.splice(0).map((backend) => backend.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

describe('saved host settings', () => {
  const full = {
    label: 'Lab behind the bastion',
    target: '10.0.0.7',
    user: 'ops',
    port: '2222',
    identityFile: '~/.ssh/id_test',
    jump: 'jump@bastion.example:22,ops@10.0.0.1',
    dockerHost: 'unix:///run/podman/podman.sock',
    sudo: false,
  };

  it('keeps every setting in a 0600 version 2 file, reads it back, and connects with them', async () => {
    const first = start();
    const added = await first.call('hosts:add', full);
    const id = 'ops@10.0.0.7:2222 unix:///run/podman/podman.sock';
    expect(added).toMatchObject({
      ok: true,
      result: {
        id,
        target: '10.0.0.7',
        user: 'ops',
        port: 2222,
        identityFile: '~/.ssh/id_test',
        jump: 'jump@bastion.example:22,ops@10.0.0.1',
        dockerHost: 'unix:///run/podman/podman.sock',
        sudo: false,
      },
    });
    expect(statSync(hostsFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(hostsFile, 'utf8'))).toEqual({
      version: 2,
      hosts: [
        {
          target: '10.0.0.7',
          label: 'Lab behind the bastion',
          dockerHost: 'unix:///run/podman/podman.sock',
          user: 'ops',
          port: 2222,
          identityFile: '~/.ssh/id_test',
          jump: 'jump@bastion.example:22,ops@10.0.0.1',
          sudo: false,
        },
      ],
    });
    const second = start();
    const [, reloaded] = await hostsOf(second.call);
    expect(reloaded).toMatchObject({ id, user: 'ops', port: 2222, sudo: false });
    expect(await second.call('session:connect', { hostId: id })).toEqual({ ok: true, result: null });
    const session = second.sessions.sessions[0];
    expect(session?.target).toMatchObject({ kind: 'ssh', user: 'ops', port: 2222, host: '10.0.0.7' });
    expect(session?.target.dockerHost?.display).toBe('unix:///run/podman/podman.sock');
    expect(session?.settings).toEqual({
      identityFile: join(home, '.ssh', 'id_test'),
      jump: 'jump@bastion.example:22,ops@10.0.0.1',
      sudo: false,
    });
  });

  it('names every wrong field, and saves nothing', async () => {
    const { call } = start();
    const refused = await call('hosts:add', {
      target: '-oProxyCommand=x',
      user: 'bad user',
      port: '70000',
      identityFile: 'id_rsa',
      jump: 'a,,b',
      dockerHost: 'http://x',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const fields = !refused.ok ? refused.error.fields : undefined;
    expect(Object.keys(fields ?? {}).sort()).toEqual([
      'dockerHost',
      'identityFile',
      'jump',
      'port',
      'target',
      'user',
    ]);
    expect(fields?.target).toMatch(/may not start with "-"/);
    expect(fields?.port).toBe('a port is a number from 1 to 65535');
    expect(fields?.identityFile).toBe('write the key file as an absolute path or ~/…');
    expect(fields?.jump).toMatch(/invalid jump host list/);
    const missing = await call('hosts:add', { target: 'ops@lab', identityFile: '~/.ssh/nope' });
    expect(!missing.ok && missing.error.fields).toEqual({ identityFile: 'no file at ~/.ssh/nope' });
    const twice = await call('hosts:add', { target: 'ops@lab:22', user: 'root', port: 2200 });
    expect(!twice.ok && twice.error.fields).toEqual({
      user: 'the target already names the user ops: give it in one place',
      port: 'the target already names the port 22: give it in one place',
    });
    const localJump = await call('hosts:add', { target: 'local', jump: 'bastion' });
    expect(!localJump.ok && localJump.error.fields).toEqual({ jump: 'only an SSH host has this setting' });
    expect((await hostsOf(call)).map((host) => host.id)).toEqual(['local']);
  });

  it('an edit re-keys the host, ends its session, refuses a clash, and never touches local', async () => {
    const { call, sessions } = start();
    await call('hosts:add', { target: 'web', user: 'ops' });
    await call('hosts:add', { target: 'db' });
    expect(await call('session:connect', { hostId: 'ops@web' })).toMatchObject({ ok: true });
    const updated = await call('hosts:update', {
      hostId: 'ops@web',
      settings: { target: 'web', user: 'root', port: 2222, label: 'Web' },
    });
    expect(updated).toMatchObject({ ok: true, result: { id: 'root@web:2222', label: 'Web' } });
    expect(sessions.sessions[0]?.disposed).toBe(true);
    // Order kept: the edited host stays where it was.
    expect((await hostsOf(call)).map((host) => host.id)).toEqual(['local', 'root@web:2222', 'db']);
    expect(
      await call('hosts:update', { hostId: 'db', settings: { target: 'web', user: 'root', port: '2222' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict', fields: { target: '"root@web:2222" is already in the list' } },
    });
    expect(
      await call('hosts:update', { hostId: 'root@web:2222', settings: { target: 'web', port: 'x' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad-request', fields: { port: 'a port is a number from 1 to 65535' } },
    });
    expect(await call('hosts:update', { hostId: 'local', settings: { target: 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect((JSON.parse(readFileSync(hostsFile, 'utf8')) as { hosts: unknown }).hosts).toEqual([
      { target: 'web', label: 'Web', user: 'root', port: 2222 },
      { target: 'db', label: 'db' },
    ]);
  });

  it('loads a version 1 file as it was, and writes version 2 on the next change', async () => {
    mkdirSync(join(dir, 'data'));
    const v1 = {
      version: 1,
      hosts: [
        { target: 'alice@db.example:2222', label: 'DB' },
        { target: 'me@box', label: 'box', dockerHost: 'unix:///run/user/1000/podman/podman.sock' },
      ],
    };
    writeFileSync(hostsFile, JSON.stringify(v1), { mode: 0o600 });
    const { call } = start();
    expect((await hostsOf(call)).map((host) => [host.id, host.label])).toEqual([
      ['local', 'This computer'],
      ['alice@db.example:2222', 'DB'],
      ['me@box unix:///run/user/1000/podman/podman.sock', 'box'],
    ]);
    expect(JSON.parse(readFileSync(hostsFile, 'utf8'))).toEqual(v1);
    await call('hosts:add', { target: 'new' });
    expect(JSON.parse(readFileSync(hostsFile, 'utf8'))).toEqual({
      version: 2,
      hosts: [...v1.hosts, { target: 'new', label: 'new' }],
    });
  });

  it.each([
    ['an option as a jump host', { jump: '-oProxyCommand=touch /tmp/x' }],
    ['a control character in the key path', { identityFile: '/tmp/a\nb' }],
    ['a relative key path', { identityFile: 'id_rsa' }],
    ['a key the schema does not know', { proxyCommand: 'nc %h %p' }],
    ['a user that does not fit the target', { target: 'a@b', user: 'c' }],
    ['a port out of range', { port: 0 }],
  ])('sets aside a version 2 file with %s', async (_why, change) => {
    mkdirSync(join(dir, 'data'));
    writeFileSync(
      hostsFile,
      JSON.stringify({ version: 2, hosts: [{ target: 'web', label: 'web', ...change }] }),
    );
    const { call } = start();
    expect((await hostsOf(call)).map((host) => host.id)).toEqual(['local']);
    expect(readFileSync(`${hostsFile}.invalid`, 'utf8')).toContain('"label":"web"');
  });

  it('a first-seen host key comes with its fingerprint, and trusting passes that fingerprint only', async () => {
    const facts = {
      host: 'ops@10.0.0.7:2222',
      keyType: 'ssh-ed25519',
      fingerprint: `SHA256:${'A'.repeat(43)}`,
      knownHostsPath: '/home/t/.ssh/known_hosts',
    };
    const unknown = new ConnectionError(
      'host-key-unknown',
      `the host key of ${facts.host} is not known yet: ssh-ed25519 ${facts.fingerprint}; if that fingerprint is right, connect again with --accept-new-host-key`,
      facts,
    );
    const sessions = fakeSessions({ failStart: () => (sessions.sessions.length === 1 ? unknown : null) });
    const { call } = start(sessions);
    await call('hosts:add', { target: '10.0.0.7', user: 'ops', port: 2222 });
    const hostId = 'ops@10.0.0.7:2222';
    expect(await call('session:connect', { hostId })).toMatchObject({ ok: false });
    const [, host] = await hostsOf(call);
    expect(host?.status).toEqual({
      state: 'error',
      code: 'host-key-unknown',
      reason: `the host key of ${facts.host} is not known yet: ssh-ed25519 ${facts.fingerprint}; check it with the host's administrator before trusting it`,
      hostKey: facts,
    });
    expect(await call('session:connect', { hostId, trustHostKey: 'SHA256:short' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', fields: { trustHostKey: 'a SHA256 fingerprint' } },
    });
    expect(await call('session:connect', { hostId, trustHostKey: facts.fingerprint })).toEqual({
      ok: true,
      result: null,
    });
    expect(sessions.sessions[1]?.acceptNewHostKey).toBe(false);
    expect(sessions.sessions[1]?.settings).toEqual({ trustedFingerprints: [facts.fingerprint] });
  });
});

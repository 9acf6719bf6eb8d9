// A 258-character target (longer than the 200-character host id the contract once allowed) goes the
// whole way through the real back end and the request contract: added, connected over SSH to the
// loopback sshd (an ssh_config alias of 253 characters points at 127.0.0.1), saved from, removed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostEntry, SnapshotMeta } from '../../src/api/contract.js';
import { dispatch } from '../../src/server/handler-wrap.js';
import type { Backend } from '../../src/server/backend.js';
import { createDefaultBackend } from '../../src/server/wire.js';
import { dockerAvailable, waitFor } from '../support/lab.js';
import { options } from '../support/ssh-client.js';
import { sshdSkipReason, startSshd } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';

const skip = sshdSkipReason();
// In CI a missing dockerd throws here, failing the file rather than skipping.
const hasDocker = skip === undefined && dockerAvailable();

// Four DNS labels, 63 + 63 + 63 + 61 characters and three dots: the longest host name there is.
const ALIAS = ['a', 'b', 'c', 'd'].map((c, i) => c.repeat(i < 3 ? 63 : 61)).join('.');
const TARGET = `root@${ALIAS}`;

describe.runIf(hasDocker)('a 258-character target through the back end', () => {
  let sshd: Sshd;
  let dir: string;
  let backend: Backend;
  const call = async <T>(name: string, args: unknown = {}): Promise<T> => {
    const answer = await dispatch(backend.handlers, name, args);
    if (!answer.ok) throw new Error(`${name}: ${answer.error.code}: ${answer.error.message}`);
    return answer.result as T;
  };

  beforeAll(async () => {
    sshd = await startSshd();
    dir = mkdtempSync(join(tmpdir(), 'nls-long-target-'));
    const sshConfig = join(dir, 'ssh_config');
    writeFileSync(sshConfig, `Host ${ALIAS}\n  HostName 127.0.0.1\n  Port ${sshd.port}\n`);
    backend = createDefaultBackend({
      storeDir: join(dir, 'store'),
      dataDir: join(dir, 'data'),
      connectOptions: options(sshd, { sshConfigPath: sshConfig }),
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await backend?.dispose();
    await sshd?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is added, connected, saved from and removed', async () => {
    expect(TARGET).toHaveLength(258);
    const added = await call<HostEntry>('hosts:add', { target: TARGET });
    expect(added).toMatchObject({ id: TARGET, target: TARGET, label: TARGET });
    expect(JSON.parse(readFileSync(join(dir, 'data', 'hosts.json'), 'utf8'))).toEqual({
      version: 2,
      hosts: [{ target: TARGET, label: TARGET }],
    });

    const logins = sshd.acceptedLogins();
    await call('session:connect', { hostId: TARGET });
    expect(sshd.acceptedLogins()).toBeGreaterThan(logins);
    const hosts = await call<HostEntry[]>('hosts:list');
    expect(hosts.find((h) => h.id === TARGET)?.status.state).toBe('live');
    const saved = await call<SnapshotMeta>('snapshots:save', { hostId: TARGET, name: 'long target' });
    expect(saved.target).toBe(TARGET);

    await call('hosts:remove', { hostId: TARGET });
    expect((await call<HostEntry[]>('hosts:list')).map((h) => h.id)).toEqual(['local']);
    await waitFor(() => sshd.sessionPids().length === 0, 10_000, 'the SSH session to end');
    expect(JSON.parse(readFileSync(join(dir, 'data', 'hosts.json'), 'utf8'))).toEqual({
      version: 2,
      hosts: [],
    });
  });
});

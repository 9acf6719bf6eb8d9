// Failures over SSH name their real cause in one line with the fix: the SSH link lost mid-capture,
// the engine gone or not answering, a user the Docker socket refuses, stream-local forwarding off
// with no docker CLI to fall back on; and a capture without root or sudo gives one privilege warning.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture } from '../../src/capture/capturer.js';
import { connect } from '../../src/connection/connect.js';
import { ConnectionError } from '../../src/connection/types.js';
import { startDockerSocketProxy } from '../support/docker-socket-proxy.js';
import type { DockerSocketProxy } from '../support/docker-socket-proxy.js';
import { dockerAvailable, waitFor } from '../support/lab.js';
import { options, refusal, url } from '../support/ssh-client.js';
import { sshdSkipReason, startSshd } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';
import { createTestUser } from '../support/test-user.js';
import type { TestUser } from '../support/test-user.js';

const skip = sshdSkipReason();
const hasDocker = skip === undefined && dockerAvailable();

/** The capture's error, once the proxy has a Docker request of it in flight and `cut` has run. */
async function failMidCapture(
  conn: Awaited<ReturnType<typeof connect>>,
  proxy: DockerSocketProxy,
  cut: () => Promise<void> | void,
): Promise<ConnectionError> {
  proxy.hold();
  const seen = proxy.requests.length;
  const outcome = capture(conn).then(
    () => new Error('the capture was expected to fail'),
    (error: unknown) => error,
  );
  await waitFor(() => proxy.requests.length > seen, 10_000, 'a Docker request in flight');
  await cut();
  const error = await outcome;
  expect(error).toBeInstanceOf(ConnectionError);
  expect((error as Error).message).not.toMatch(/\n/);
  return error as ConnectionError;
}

describe.skipIf(skip || !hasDocker)('SSH failures that name their cause', () => {
  let sshd: Sshd;
  let noCli: Sshd;
  let plain: TestUser;
  let dockerOnly: TestUser;
  const shAndIdOnly = mkdtempSync(join(tmpdir(), 'nls-path-'));
  beforeAll(async () => {
    chmodSync(shAndIdOnly, 0o755);
    symlinkSync('/bin/sh', join(shAndIdOnly, 'sh'));
    symlinkSync(
      execFileSync('sh', ['-c', 'command -v id'], { encoding: 'utf8' }).trim(),
      join(shAndIdOnly, 'id'),
    );
    sshd = await startSshd();
    // The user's ~/.ssh/environment sets a PATH with sh and id only, so dial-stdio has no docker CLI
    // to run; only this sshd reads that file.
    noCli = await startSshd({
      allowStreamLocalForwarding: false,
      extraConfig: ['PermitUserEnvironment yes'],
    });
    const key = readFileSync(`${sshd.identityFile}.pub`, 'utf8');
    plain = createTestUser(`nls${process.pid}p`, key);
    dockerOnly = createTestUser(`nls${process.pid}d`, key, {
      groups: ['docker'],
      environment: [`PATH=${shAndIdOnly}`],
    });
  });
  afterAll(async () => {
    await sshd?.dispose();
    await noCli?.dispose();
    await plain?.remove();
    await dockerOnly?.remove();
    rmSync(shAndIdOnly, { recursive: true, force: true });
  });

  it('sshd killed mid-capture: the SSH link was lost, not the engine', async () => {
    const proxy = await startDockerSocketProxy();
    const conn = await connect(url(sshd), options(sshd, { dockerSocketPath: proxy.path }));
    try {
      const error = await failMidCapture(conn, proxy, () => sshd.stop());
      expect(error.code).toBe('closed');
      expect(error.message).toMatch(/^the SSH link to root@127\.0\.0\.1:\d+ was lost \(.*\): .*reconnect$/);
    } finally {
      await conn.close();
      await proxy.close();
      await sshd.start();
    }
  });

  it('the engine stops answering mid-capture: the engine, not the link', async () => {
    const proxy = await startDockerSocketProxy();
    const conn = await connect(url(sshd), options(sshd, { dockerSocketPath: proxy.path }));
    try {
      const error = await failMidCapture(conn, proxy, () => proxy.reset());
      expect(error.code).toBe('docker-unavailable');
      expect(error.message).toContain(`the Docker engine on root@127.0.0.1:${sshd.port} does not answer`);
      expect(error.message).toContain(proxy.path);
      expect(error.message).toMatch(/check that dockerd runs there/);
    } finally {
      await conn.close();
      await proxy.close();
    }
  });

  it('the engine goes away mid-capture (its socket removed): no Docker socket, start dockerd', async () => {
    const proxy = await startDockerSocketProxy();
    const conn = await connect(url(sshd), options(sshd, { dockerSocketPath: proxy.path }));
    try {
      const error = await failMidCapture(conn, proxy, () => proxy.close());
      expect(error.code).toBe('docker-unavailable');
      expect(error.message).toContain(`has no Docker socket at ${proxy.path}`);
      expect(error.message).toMatch(/start dockerd there/);
    } finally {
      await conn.close();
    }
  });

  it('a user the Docker socket refuses: permission, with the fixes, not "forwarding is off"', async () => {
    const refused = await refusal(connect(`ssh://${plain.name}@127.0.0.1:${sshd.port}`, options(sshd)));
    expect(refused.code).toBe('permission-denied');
    expect(refused.message).toContain(
      `the user ${plain.name} may not open the Docker socket /var/run/docker.sock`,
    );
    expect(refused.message).toMatch(/log in as root, or add .* to the "docker" group/);
    expect(refused.message).not.toMatch(/forwarding/);
  });

  it('AllowStreamLocalForwarding no and no docker CLI: says which sshd setting to change', async () => {
    const target = `ssh://${dockerOnly.name}@127.0.0.1:${noCli.port}`;
    const refused = await refusal(connect(target, options(noCli, { identityFile: sshd.identityFile })));
    expect(refused.code).toBe('docker-unavailable');
    expect(refused.message).toMatch(/refuses stream-local forwarding to \/var\/run\/docker\.sock/);
    expect(refused.message).toMatch(
      /set AllowStreamLocalForwarding yes in its sshd_config, or install the docker CLI/,
    );
    expect(noCli.log()).toMatch(/refused streamlocal port forward/);
  });

  it('no root and no sudo -n: one privilege warning with the three ways, no raw permission errors', async () => {
    const conn = await connect(`ssh://${dockerOnly.name}@127.0.0.1:${sshd.port}`, options(sshd));
    try {
      expect(conn.isRoot).toBe(false);
      const snapshot = await capture(conn);
      expect(snapshot.host.privilege).toBe('none');
      const privilege = snapshot.warnings.filter((w) => /not root and no passwordless sudo/.test(w.message));
      expect(privilege).toHaveLength(1);
      expect(privilege[0]?.message).toMatch(/log in as root/);
      expect(privilege[0]?.message).toMatch(/`sudo -n` without a password for sh/);
      expect(privilege[0]?.message).toMatch(/"docker" group/);
      const raw = snapshot.warnings.filter((w) =>
        /permission denied|operation not permitted|must be root/i.test(w.message),
      );
      expect(raw).toEqual([]);
    } finally {
      await conn.close();
    }
  });
});

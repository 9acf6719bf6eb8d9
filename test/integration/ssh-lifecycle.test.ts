// A live SSH connection that drops (sshd killed, link frozen) or is closed: onClose fires once and
// nothing is left open. Uses a real sshd on 127.0.0.1 that the tests stop and start again.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/connection/connect.js';
import type { ConnectOptions } from '../../src/connection/connect.js';
import { ConnectionError } from '../../src/connection/types.js';
import { waitFor } from '../support/lab.js';
import { options, tcpConnectionsTo, tcpHandles, url } from '../support/ssh-client.js';
import { keyFingerprint, sshdSkipReason, startSshd } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';

const skip = sshdSkipReason();

describe.skipIf(skip)('SSH connection lifecycle', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.dispose();
  });
  const noDocker = (extra: ConnectOptions = {}) => options(sshd, { requireDocker: false, ...extra });

  it('fires onClose once with an error when sshd goes away, and reconnects once it is back on the same port', async () => {
    const conn = await connect(url(sshd), noDocker());
    const calls: (Error | undefined)[] = [];
    conn.onClose((error) => calls.push(error));
    await sshd.stop();
    await waitFor(() => calls.length > 0, 10_000, 'onClose');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toBeInstanceOf(ConnectionError);
    expect((calls[0] as ConnectionError).code).toBe('closed');
    await expect(conn.exec(['true'])).rejects.toThrow(/closed/);
    await conn.close();
    expect(calls).toHaveLength(1);

    await sshd.start();
    const back = await connect(url(sshd), noDocker());
    expect((await back.exec(['echo', 'back'])).stdout).toBe('back\n');
    await back.close();
  });

  it('notices a silent dead link through keepalives', async () => {
    const conn = await connect(url(sshd), noDocker({ keepaliveIntervalMs: 200, keepaliveCountMax: 2 }));
    const calls: (Error | undefined)[] = [];
    conn.onClose((error) => calls.push(error));
    const frozen = sshd.sessionPids();
    expect(frozen.length).toBeGreaterThan(0);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    try {
      await waitFor(() => calls.length > 0, 10_000, 'the keepalive timeout');
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
    }
    expect(calls[0]?.message).toMatch(/no answer to SSH keepalives/);
    await conn.close();
  });

  it('close() releases the socket, the channels and every listener', async () => {
    const handles = tcpHandles();
    const conn = await connect(url(sshd), noDocker());
    const calls: (Error | undefined)[] = [];
    conn.onClose((error) => calls.push(error));
    await conn.exec(['true']);
    expect(tcpHandles()).toBe(handles + 1);
    await conn.close();
    await conn.close();
    expect(calls).toEqual([undefined]);
    expect(tcpHandles()).toBe(handles);
    await waitFor(() => tcpConnectionsTo(sshd.port) === 0, 5_000, 'the TCP connection to close');
    await expect(conn.exec(['true'])).rejects.toBeInstanceOf(ConnectionError);
  });

  it('fingerprints the host key as ssh-keygen does', () => {
    expect(sshd.hostKeyFingerprint).toBe(keyFingerprint(join(sshd.dir, 'host_ed25519.pub')));
  });
});

// How the SSH link carries Docker API traffic: TCP_NODELAY on the socket (Nagle plus delayed ACKs
// cost ~45 ms per request), and a constant number of Docker channels however many requests are
// made, with the stream-local forward and with the `docker system dial-stdio` fallback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/connection/connect.js';
import { DOCKER_SOCKETS } from '../../src/connection/ssh/docker-transport.js';
import type { SshConnection } from '../../src/connection/ssh/ssh-connection.js';
import { dockerAvailable } from '../support/lab.js';
import { options, url } from '../support/ssh-client.js';
import { sshdSkipReason, startSshd } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';
import { peersGivenNoDelay, straceSkipReason } from '../support/syscall-trace.js';

const skip = sshdSkipReason();
const hasDocker = skip === undefined && dockerAvailable();
const noStrace = skip ?? straceSkipReason();

describe.skipIf(skip)('the SSH transport', () => {
  let sshd: Sshd;
  let noForward: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
    noForward = await startSshd({ allowStreamLocalForwarding: false });
  });
  afterAll(async () => {
    await sshd?.dispose();
    await noForward?.dispose();
  });

  it.skipIf(noStrace)('sets TCP_NODELAY on the socket to sshd', async () => {
    const peers = await peersGivenNoDelay(async () => {
      const conn = await connect(url(sshd), options(sshd, { requireDocker: false }));
      await conn.close();
    });
    expect(peers).toContain(`127.0.0.1:${sshd.port}`);
  });

  for (const mode of ['forward', 'dial-stdio'] as const) {
    it.skipIf(!hasDocker)(
      `keeps its Docker channels (${mode}): bursts of requests reuse them, never more than the cap`,
      async () => {
        const server = mode === 'forward' ? sshd : noForward;
        const conn = (await connect(url(server), options(server))) as SshConnection;
        try {
          expect(conn.dockerTransport.mode).toBe(mode);
          const cap = DOCKER_SOCKETS[mode];
          const counts: number[] = [];
          for (let round = 0; round < 3; round++) {
            // More requests at once than there are channels: the agent must queue, not open more.
            await Promise.all(Array.from({ length: 3 * cap }, () => conn.docker.version()));
            counts.push(conn.dockerTransport.channels());
          }
          expect(counts[0]).toBeLessThanOrEqual(cap);
          expect(counts).toEqual([counts[0], counts[0], counts[0]]);
        } finally {
          await conn.close();
        }
      },
    );
  }
});

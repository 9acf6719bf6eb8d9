// The Docker Engine API over the host's single SSH connection: stream-local forward and the
// `docker system dial-stdio` fallback, against a real sshd on 127.0.0.1 and the real dockerd.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/connection/connect.js';
import type { SshConnection } from '../../src/connection/ssh/ssh-connection.js';
import { cleanupPrefix, dockerAvailable, waitFor } from '../support/lab.js';
import { options, refusal, tcpConnectionsTo, url } from '../support/ssh-client.js';
import { sshdSkipReason, startSshd } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';

const skip = sshdSkipReason();
// In CI a missing dockerd throws here, failing the file rather than skipping.
const hasDocker = skip === undefined && dockerAvailable();
const PREFIX = 'nls-';

describe.skipIf(skip)('Docker over the SSH connection', () => {
  let sshd: Sshd;
  let noForward: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
    noForward = await startSshd({ allowStreamLocalForwarding: false });
  });
  afterAll(async () => {
    cleanupPrefix(PREFIX);
    await sshd?.dispose();
    await noForward?.dispose();
  });

  it.skipIf(!hasDocker)(
    'multiplexes exec and the Docker API (ping, list, events) on ONE TCP connection',
    async () => {
      const logins = sshd.acceptedLogins();
      const conn = (await connect(url(sshd), options(sshd))) as SshConnection;
      try {
        expect(conn.dockerTransport.mode).toBe('forward');
        expect(String(await conn.docker.ping())).toBe('OK');
        const events = await conn.docker.getEvents({ filters: { type: ['network'] } });
        const seen: string[] = [];
        events.on('data', (chunk: Buffer) => seen.push(chunk.toString('utf8')));
        const name = `${PREFIX}evt-${process.pid}`;
        const network = await conn.docker.createNetwork({ Name: name });
        await waitFor(() => seen.join('').includes(name), 10_000, 'the network create event');
        const [containers, networks, exec] = await Promise.all([
          conn.docker.listContainers({ all: true }),
          conn.docker.listNetworks(),
          conn.exec(['docker', 'network', 'inspect', '-f', '{{.Name}}', name]),
        ]);
        expect(Array.isArray(containers)).toBe(true);
        expect(networks.map((n) => n.Name)).toContain(name);
        expect(exec.stdout.trim()).toBe(name);
        await network.remove();
        (events as unknown as { destroy(): void }).destroy();
        expect(sshd.acceptedLogins() - logins).toBe(1);
        expect(tcpConnectionsTo(sshd.port)).toBe(1);
      } finally {
        await conn.close();
      }
      await waitFor(() => tcpConnectionsTo(sshd.port) === 0, 5_000, 'the TCP connection to close');
    },
  );

  it.skipIf(!hasDocker)(
    'falls back to docker system dial-stdio when stream-local forwarding is off',
    async () => {
      const logins = noForward.acceptedLogins();
      const conn = (await connect(url(noForward), options(noForward))) as SshConnection;
      try {
        expect(conn.dockerTransport.mode).toBe('dial-stdio');
        expect(conn.dockerTransport.forwardError).toMatch(/open failed/);
        expect(noForward.log()).toMatch(/refused streamlocal port forward/);
        const [containers, version] = await Promise.all([
          conn.docker.listContainers(),
          conn.docker.version(),
        ]);
        expect(Array.isArray(containers)).toBe(true);
        expect(version.ApiVersion).toMatch(/^\d+\.\d+$/);
        expect(noForward.acceptedLogins() - logins).toBe(1);
        expect(tcpConnectionsTo(noForward.port)).toBe(1);
      } finally {
        await conn.close();
      }
    },
  );

  it.skipIf(!hasDocker)(
    'names the cause when the remote Docker socket is missing and dial-stdio cannot reach it',
    async () => {
      const refused = await refusal(
        connect(
          url(sshd),
          options(sshd, { dockerSocketPath: '/nonexistent.sock', dockerTransport: 'forward' }),
        ),
      );
      expect(refused.code).toBe('docker-unavailable');
      expect(refused.message).toMatch(/has no Docker socket at \/nonexistent\.sock: start dockerd there/);
    },
  );

  it.skipIf(!hasDocker)('measures 20 sequential execs and one listContainers over SSH', async () => {
    const conn = await connect(url(sshd), options(sshd));
    try {
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) await conn.exec(['true']);
      const execMs = performance.now() - t0;
      const t1 = performance.now();
      await conn.docker.listContainers({ all: true });
      const listMs = performance.now() - t1;
      console.log(
        `ssh timing: 20 sequential exec(['true']) ${execMs.toFixed(0)} ms; listContainers ${listMs.toFixed(0)} ms`,
      );
      expect(execMs).toBeLessThan(20_000);
    } finally {
      await conn.close();
    }
  });
});

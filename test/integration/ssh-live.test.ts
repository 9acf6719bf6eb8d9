// Live over SSH: Docker events reach the session through the stream-local forward and through the
// `docker system dial-stdio` fallback (AllowStreamLocalForwarding no), and each one becomes a patch.
// The periodic refresh is off, so nothing but an event can bring a change into the view.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCapturer } from '../../src/capture/capturer.js';
import { connect } from '../../src/connection/connect.js';
import type { SshConnection } from '../../src/connection/ssh/ssh-connection.js';
import { createHostSession } from '../../src/session/host-session.js';
import type { HostSession } from '../../src/session/host-session.js';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage, waitFor } from '../support/lab.js';
import { sessionRecorder } from '../support/session-recorder.js';
import { sshdSkipReason, startSshd } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';

const PREFIX = 'nls-live-';
const skip = sshdSkipReason() ?? (dockerAvailable() ? undefined : 'no Docker engine');

describe.skipIf(skip)('live session over SSH, both Docker transports', () => {
  let forward: Sshd;
  let noForward: Sshd;
  let session: HostSession | null = null;
  beforeAll(async () => {
    cleanupPrefix(PREFIX);
    forward = await startSshd();
    noForward = await startSshd({ allowStreamLocalForwarding: false });
  });
  afterEach(async () => {
    await session?.dispose();
    session = null;
  });
  afterAll(async () => {
    await forward?.dispose();
    await noForward?.dispose();
    cleanupPrefix(PREFIX);
  });

  for (const mode of ['forward', 'dial-stdio'] as const) {
    it(`a container started and removed shows up and goes away as patches (${mode})`, async () => {
      const sshd = mode === 'forward' ? forward : noForward;
      const sshConfigPath = join(sshd.dir, 'ssh_config');
      writeFileSync(sshConfigPath, '');
      const modes: string[] = [];
      const rec = sessionRecorder();
      session = createHostSession({
        target: `root@127.0.0.1:${sshd.port}`,
        connect: async (t) => {
          const conn = (await connect(t, {
            identityFile: sshd.identityFile,
            knownHostsPath: sshd.knownHostsFile,
            agentSocket: null,
            sshConfigPath,
          })) as SshConnection;
          modes.push(conn.dockerTransport.mode);
          return conn;
        },
        createCapturer: (conn, target) => createCapturer(conn, { target }),
        emit: rec.emit,
        pollIntervalMs: 0,
        refreshMs: 0,
      });
      await session.start();
      expect(modes).toEqual([mode]);
      const names = () => rec.view()?.containers.map((c) => c.name) ?? [];
      const name = `${PREFIX}${mode}`;
      docker('run', '-d', '--name', name, ensureTestImage(), 'sleep', '600');
      await waitFor(() => names().includes(name), 30_000, `${name} in the view`);
      docker('rm', '-f', name);
      await waitFor(() => !names().includes(name), 30_000, `${name} gone from the view`);
      // One snapshot at the start, the rest patches applied to it without error.
      expect(rec.snapshots()).toHaveLength(1);
      expect(rec.patches().length).toBeGreaterThanOrEqual(2);
      expect(rec.patchErrors).toEqual([]);
    });
  }
});

// The live session against a real dockerd: locally (child processes + the Docker socket) and over a
// real sshd on loopback that the test kills and restarts mid-session.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCapturer } from '../../src/capture/capturer.js';
import { connect } from '../../src/connection/connect.js';
import { createLocalConnection } from '../../src/connection/local.js';
import { canonicalise } from '../../src/model/patch.js';
import { createHostSession } from '../../src/session/host-session.js';
import type { HostSession, HostSessionOptions } from '../../src/session/host-session.js';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage, waitFor } from '../support/lab.js';
import { activeResources, leftOver, sessionRecorder } from '../support/session-recorder.js';
import type { SessionRecorder } from '../support/session-recorder.js';
import { startSshd, sshdSkipReason } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';

const PREFIX = 'nlv-t-';
const NET = 'nlv-t-net';
const SERVER_IP = '10.239.7.10';
const root = process.getuid?.() === 0;
if (!root && process.env.CI === 'true')
  throw new Error('CI: the session tests need root (nsenter, iptables-save)');
const enabled = dockerAvailable() && root;

let session: HostSession | null = null;
afterEach(async () => {
  await session?.dispose();
  session = null;
});

function localSession(rec: SessionRecorder, over: Partial<HostSessionOptions> = {}): HostSession {
  session = createHostSession({
    target: 'local',
    connect: () => Promise.resolve(createLocalConnection()),
    createCapturer: (conn, target) => createCapturer(conn, { target }),
    emit: rec.emit,
    pollIntervalMs: 500,
    ...over,
  });
  return session;
}

const containerNames = (rec: SessionRecorder) => rec.view()?.containers.map((c) => c.name) ?? [];

describe.skipIf(!enabled)('live session on the local Docker host', () => {
  let image: string;
  beforeAll(() => {
    image = ensureTestImage();
    cleanupPrefix(PREFIX);
    docker('network', 'create', '--subnet', '10.239.7.0/24', NET);
  });
  afterAll(() => cleanupPrefix(PREFIX));

  it('sends a snapshot, then patches that add and remove a container, and leaves nothing behind', async () => {
    const baseline = activeResources();
    const rec = sessionRecorder();
    const s = localSession(rec);
    await s.start();
    expect(rec.states()).toEqual(['connecting', 'live']);
    expect(rec.snapshots()).toHaveLength(1);
    // The snapshot sent is the capture itself: the builder's order is the canonical order.
    const first = rec.snapshots()[0];
    expect(first && canonicalise(first)).toEqual(first);
    expect(containerNames(rec)).not.toContain('nlv-t-s1');

    docker('run', '-d', '--name', 'nlv-t-s1', '--network', NET, image, 'sleep', '600');
    await waitFor(
      () => rec.view()?.containers.find((c) => c.name === 'nlv-t-s1' && c.state === 'running'),
      15_000,
      'a patch adding nlv-t-s1',
    );
    const added = rec
      .patches()
      .find((p) =>
        (p.upsert.containers as { name: string }[] | undefined)?.some((c) => c.name === 'nlv-t-s1'),
      );
    expect(added).toBeDefined();
    // Its namespace, interfaces and the bridge's new veth came in patches too.
    await waitFor(
      () => rec.view()?.interfaces.some((i) => i.id === 'container:nlv-t-s1/eth0'),
      15_000,
      'the eth0 of nlv-t-s1',
    );
    expect(rec.view()?.namespaces.some((n) => n.id === 'container:nlv-t-s1')).toBe(true);

    docker('stop', '-t', '0', 'nlv-t-s1');
    await waitFor(
      () => rec.view()?.containers.find((c) => c.name === 'nlv-t-s1' && c.state !== 'running'),
      15_000,
      'nlv-t-s1 stopped',
    );
    await waitFor(
      () => !rec.view()?.interfaces.some((i) => i.id === 'container:nlv-t-s1/eth0'),
      15_000,
      'its eth0 gone',
    );
    docker('rm', 'nlv-t-s1');
    await waitFor(
      () => rec.patches().some((p) => p.remove.containers?.includes('nlv-t-s1')),
      15_000,
      'a patch removing nlv-t-s1',
    );
    expect(containerNames(rec)).not.toContain('nlv-t-s1');

    // The client's patched view is exactly the session's current snapshot.
    await waitFor(() => rec.view()?.capturedAt === s.current()?.capturedAt, 5000, 'the view to catch up');
    expect(rec.view()).toEqual(s.current());
    expect(rec.patchErrors).toEqual([]);

    await s.dispose();
    expect(s.openResources()).toEqual([]);
    expect(rec.states().at(-1)).toBe('disconnected');
    await waitFor(
      () => Object.keys(leftOver(baseline)).length === 0 || undefined,
      10_000,
      'handles to close',
    ).catch(() => {
      throw new Error(`left open after dispose: ${JSON.stringify(leftOver(baseline))}`);
    });
  });

  it('sends counters with rising byte counts while traffic flows between two containers', async () => {
    // A 64 KiB file served by busybox httpd, fetched in a bounded loop (at most 300 × 0.2 s).
    docker(
      'run',
      '-d',
      '--name',
      'nlv-t-srv',
      '--network',
      NET,
      '--ip',
      SERVER_IP,
      image,
      'sh',
      '-c',
      'busybox dd if=/dev/zero of=/www/f bs=1024 count=64 2>/dev/null; exec httpd -f -p 80 -h /www',
    );
    const rec = sessionRecorder();
    const s = localSession(rec);
    await s.start();
    docker(
      'run',
      '-d',
      '--name',
      'nlv-t-cli',
      '--network',
      NET,
      image,
      'sh',
      '-c',
      `for i in $(busybox seq 1 300); do wget -q -O /dev/null http://${SERVER_IP}/f; busybox sleep 0.2; done`,
    );
    await waitFor(
      () => rec.view()?.interfaces.some((i) => i.id === 'container:nlv-t-cli/eth0'),
      15_000,
      'nlv-t-cli in the view',
    );

    const id = 'container:nlv-t-srv/eth0';
    const from = rec.counters().length;
    const samples = await waitFor(
      () => {
        const list = rec
          .counters()
          .slice(from)
          .flatMap((c) => c.interfaces.filter((i) => i.id === id));
        return list.length >= 4 ? list : undefined;
      },
      20_000,
      `4 counter samples of ${id}`,
    );
    for (let i = 1; i < samples.length; i++)
      expect(samples[i]?.txBytes).toBeGreaterThan(samples[i - 1]?.txBytes ?? 0);
    expect(samples.at(-1)?.txBps).toBeGreaterThan(10_000);
    // The host end of the server's veth carries the same bytes the other way.
    const peer = rec.view()?.interfaces.find((i) => i.id === id)?.peer;
    const last = rec.counters().at(-1);
    expect(last?.interfaces.find((i) => i.id === peer)?.rxBytes).toBeGreaterThan(0);
    // Rule counters are keyed by the ids of the snapshot's rules.
    const ruleIds = new Set(rec.view()?.firewall.rules.map((r) => r.id));
    expect(last?.rules.length).toBeGreaterThan(0);
    expect(last?.rules.every((r) => ruleIds.has(r.id))).toBe(true);
    docker('rm', '-f', 'nlv-t-cli', 'nlv-t-srv');
  });
});

const sshReason = enabled ? sshdSkipReason() : 'no Docker engine or not root';

describe.skipIf(sshReason !== undefined)('live session over SSH', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    cleanupPrefix(PREFIX);
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.dispose();
    cleanupPrefix(PREFIX);
  });

  it('says reconnecting when sshd dies, and is live again with a fresh snapshot when it is back', async () => {
    const baseline = activeResources();
    const rec = sessionRecorder();
    const target = `root@127.0.0.1:${sshd.port}`;
    // An empty ssh config, so the user's own (~/.ssh/config) cannot change what the test does.
    const sshConfigPath = join(sshd.dir, 'ssh_config');
    writeFileSync(sshConfigPath, '');
    session = createHostSession({
      target,
      connect: (t) =>
        connect(t, {
          identityFile: sshd.identityFile,
          knownHostsPath: sshd.knownHostsFile,
          agentSocket: null,
          sshConfigPath,
          keepaliveIntervalMs: 1000,
        }),
      createCapturer: (conn, target) => createCapturer(conn, { target }),
      emit: rec.emit,
      pollIntervalMs: 500,
      backoff: { initialMs: 200, maxMs: 1000 },
    });
    const s = session;
    await s.start();
    expect(rec.states()).toEqual(['connecting', 'live']);
    await waitFor(() => rec.counters().length > 0, 30_000, 'counters over SSH');

    await sshd.stop();
    await waitFor(() => s.status().state === 'reconnecting', 10_000, 'reconnecting');
    const status = s.status();
    expect(status.state === 'reconnecting' && status.attempt).toBeGreaterThanOrEqual(1);
    // While sshd is down, attempts keep failing and the UI is never told it is live.
    await waitFor(
      () => rec.states().filter((x) => x === 'reconnecting').length >= 2,
      10_000,
      'a failed retry',
    );
    expect(rec.states().slice(rec.states().indexOf('reconnecting'))).not.toContain('live');

    // Something changes while we are away; the fresh snapshot must show it.
    docker('run', '-d', '--name', 'nlv-t-away', ensureTestImage(), 'sleep', '600');
    await sshd.start();
    await waitFor(() => s.status().state === 'live', 90_000, 'live again');
    expect(rec.snapshots()).toHaveLength(2);
    expect(rec.snapshots()[1]?.containers.some((c) => c.name === 'nlv-t-away')).toBe(true);
    expect(rec.patchErrors).toEqual([]);

    await s.dispose();
    session = null;
    expect(s.openResources()).toEqual([]);
    await waitFor(
      () => Object.keys(leftOver(baseline)).length === 0 || undefined,
      10_000,
      'handles to close',
    ).catch(() => {
      throw new Error(`left open after dispose: ${JSON.stringify(leftOver(baseline))}`);
    });
    await waitFor(() => sshd.sessionPids().length === 0 || undefined, 10_000, 'the sshd session to end');
  }, 240_000);
});

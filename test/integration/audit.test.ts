// The live-session auditor on the real engine: quiet for a session that sees every event, and a
// divergence (that outlives a reconcile) for a session whose events about one container are cut.
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCapturer } from '../../src/capture/capturer.js';
import { createLocalConnection } from '../../src/connection/local.js';
import type { Connection } from '../../src/connection/types.js';
import type { AuditReport } from '../../src/session/audit.js';
import { createHostSession, type HostSession } from '../../src/session/host-session.js';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage, waitFor } from '../support/lab.js';

const PREFIX = 'nla-t-';
const NET = `${PREFIX}net`;
const root = process.getuid?.() === 0;
if (!root && process.env.CI === 'true') throw new Error('CI: the audit tests need root (nsenter)');
const enabled = dockerAvailable() && root;

/** A local connection whose Docker events stream drops every line naming one of `cut` (names or ids). */
function cutEvents(cut: Set<string>): Connection {
  const conn = createLocalConnection();
  const real = conn.docker;
  const getEvents = async (opts: object) => {
    const stream = (await real.getEvents(opts)) as NodeJS.ReadableStream & { destroy(): void };
    const out = new PassThrough();
    let buffer = '';
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (![...cut].some((c) => line.includes(c))) out.write(`${line}\n`);
    });
    stream.on('end', () => out.end());
    stream.on('error', (error: Error) => out.destroy(error));
    out.on('close', () => stream.destroy());
    return out;
  };
  // The real client with its events stream filtered (the rest goes to the client unchanged).
  const docker = Object.assign(Object.create(real) as Docker, { getEvents });
  return Object.assign(Object.create(conn) as Connection, { docker });
}

let session: HostSession | null = null;
afterEach(async () => {
  await session?.dispose();
  session = null;
});

function audited(conn: () => Connection, reports: AuditReport[]): HostSession {
  session = createHostSession({
    target: 'local',
    connect: () => Promise.resolve(conn()),
    createCapturer: (c, target) => createCapturer(c, { target }),
    emit: () => undefined,
    pollIntervalMs: 0,
    // No refresh: the audit must find a missed event, not the session's own re-read.
    refreshMs: 0,
    audit: { intervalMs: 500, onReport: (r) => reports.push(r) },
  });
  return session;
}

/** A full capture of a host other engineers' benchmarks fill with hundreds of containers takes a while. */
const AUDIT_WAIT_MS = 150_000;
const TEST_MS = 400_000;

/** The divergences about what this test made. */
const ours = (r: AuditReport) => r.divergences.filter((d) => d.text.includes(PREFIX));

describe.skipIf(!enabled)('the live-session auditor on the local engine', () => {
  let image: string;
  beforeAll(() => {
    image = ensureTestImage();
    cleanupPrefix(PREFIX);
    docker('network', 'create', '--subnet', '10.239.13.0/24', NET);
  });
  afterAll(() => cleanupPrefix(PREFIX));

  it(
    'reports nothing lasting in a session that sees every event',
    async () => {
      const reports: AuditReport[] = [];
      const s = audited(() => createLocalConnection(), reports);
      await s.start();
      docker('run', '-d', '--name', `${PREFIX}a`, '--network', NET, image, 'sleep', '600');
      docker('run', '-d', '--name', `${PREFIX}b`, image, 'sleep', '600');
      docker('network', 'connect', NET, `${PREFIX}b`);
      docker('stop', '-t', '0', `${PREFIX}a`);
      docker('rm', `${PREFIX}a`);
      // Every audit that began after the last change finds our containers as the session shows them;
      // none of ours ever outlived a reconcile. (Only ours: other users of this engine may be busy.)
      const after = reports.length;
      await waitFor(
        () => reports.slice(after + 1).length >= 2 || undefined,
        AUDIT_WAIT_MS,
        'two audits after',
      );
      for (const r of reports.slice(after + 1)) expect(ours(r)).toEqual([]);
      expect(reports.flatMap((r) => r.lasting).filter((d) => d.text.includes(PREFIX))).toEqual([]);
      docker('rm', '-f', `${PREFIX}b`);
    },
    TEST_MS,
  );

  it(
    'reports the container a session missed, and counts it once the session captured again',
    async () => {
      const reports: AuditReport[] = [];
      const cut = new Set([`${PREFIX}cut`]);
      const s = audited(() => cutEvents(cut), reports);
      await s.start();
      const id = docker('create', '--name', `${PREFIX}cut`, '--network', NET, image, 'sleep', '600');
      cut.add(id);
      docker('start', `${PREFIX}cut`);
      const report = await waitFor(
        () => reports.find((r) => ours(r).some((d) => d.text.includes(`container ${PREFIX}cut is missing`))),
        AUDIT_WAIT_MS,
        'the auditor to notice the container the session missed',
      );
      expect(report.lastingTotal).toBe(0);
      expect(s.current()?.containers.some((c) => c.name === `${PREFIX}cut`)).toBe(false);

      // An event the session does see makes it capture again (an update naming only that container):
      // the cut one is still missing, so the divergence has now outlived a reconcile.
      docker('run', '-d', '--name', `${PREFIX}seen`, image, 'sleep', '600');
      await waitFor(() => s.current()?.containers.some((c) => c.name === `${PREFIX}seen`), 60_000, 'seen');
      const lasting = await waitFor(
        () =>
          reports.find((r) =>
            r.lasting.some((d) => d.text === `container ${PREFIX}cut is missing from the live view`),
          ),
        AUDIT_WAIT_MS,
        'the divergence counted as lasting',
      );
      expect(lasting.lastingTotal).toBeGreaterThan(0);
      expect(ours(lasting).some((d) => d.text.includes(`${PREFIX}seen`))).toBe(false);
    },
    TEST_MS,
  );
});

// bench:soak — a live session (this process, the real engine, the auditor on) while containers are
// created, connected to networks, stopped and removed at random, several a second, for 10 minutes.
// Prints the divergences that outlived a reconcile (issue #13 wants 0), the races the auditor saw,
// the audit after the churn (wants 0 differences) and RSS at start, 1 min, end and peak (wants flat).
// Everything it creates is named nls-… and removed, also on Ctrl-C.
// Usage: node --import tsx test/bench/soak.ts [--minutes 10] [--audit 10] [--workers 3] [--max 24]
import { execFile } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { createCapturer } from '../../src/capture/capturer.js';
import { createLocalConnection } from '../../src/connection/local.js';
import type { AuditReport } from '../../src/session/audit.js';
import { createHostSession } from '../../src/session/host-session.js';
import { cleanupPrefix, docker, ensureTestImage } from '../support/lab.js';
import { mb } from './live-client.js';

const run = promisify(execFile);
const PREFIX = 'nls-';
const NETWORKS = 3;
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1] ?? fallback) : fallback;
};
const minutes = arg('--minutes', 10);
const auditS = arg('--audit', 10);
const workers = arg('--workers', 3);
const max = arg('--max', 24);

const nets = Array.from({ length: NETWORKS }, (_, k) => `${PREFIX}net${k}`);
const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(Math.random() * xs.length)];
const rm = () => cleanupPrefix(PREFIX);

// A journal of what the session saw and did, to explain a divergence: events as the session got them,
// its captures, its status, our operations and every audit.
const journalPath = `/tmp/netlens-soak-${process.pid}.log`;
writeFileSync(journalPath, '');
const names = new Map<string, string>();
const journal = (line: string) => appendFileSync(journalPath, `${new Date().toISOString()} ${line}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
/** Heap in use after a full collection (with --expose-gc, as `npm run bench:soak` runs it). */
const heapAfterGc = () => {
  gc?.();
  return gc ? mb(process.memoryUsage().heapUsed) : 'n/a (run with --expose-gc)';
};

/** Our containers as the engine has them now: name → running. */
async function ours(): Promise<Map<string, boolean>> {
  const { stdout } = await run('docker', [
    'ps',
    '-a',
    '--filter',
    `name=^/${PREFIX}c`,
    '--format',
    '{{.Names}} {{.State}}',
  ]);
  const out = new Map<string, boolean>();
  for (const line of stdout.split('\n').filter(Boolean)) {
    const [name, state] = line.split(' ');
    if (name) out.set(name, state === 'running');
  }
  return out;
}

const ops = { create: 0, connect: 0, stop: 0, start: 0, remove: 0, failed: 0 };
let serial = 0;

/** One random operation; a race with another worker (the container just went) is counted, not fatal. */
async function churnOnce(image: string): Promise<void> {
  const now = await ours();
  const names = [...now.keys()];
  const running = names.filter((n) => now.get(n));
  const stopped = names.filter((n) => !now.get(n));
  const r = Math.random();
  try {
    if (names.length < max / 2 || (r < 0.35 && names.length < max)) {
      const name = `${PREFIX}c${serial++}`;
      await run('docker', [
        'run',
        '-d',
        '--name',
        name,
        '--network',
        pick(nets) ?? 'bridge',
        image,
        'sleep',
        '86400',
      ]);
      ops.create++;
    } else if (r < 0.55 && running.length > 0) {
      await run('docker', ['network', 'connect', pick(nets) ?? '', pick(running) ?? '']);
      ops.connect++;
    } else if (r < 0.7 && running.length > 0) {
      await run('docker', ['stop', '-t', '0', pick(running) ?? '']);
      ops.stop++;
    } else if (r < 0.8 && stopped.length > 0) {
      await run('docker', ['start', pick(stopped) ?? '']);
      ops.start++;
    } else {
      await run('docker', ['rm', '-f', pick(names) ?? '']);
      ops.remove++;
    }
  } catch {
    // Already connected, already gone: another worker got there first.
    ops.failed++;
  }
}

async function main(): Promise<void> {
  const image = ensureTestImage();
  rm();
  nets.forEach((n, k) => docker('network', 'create', '--subnet', `10.243.${k}.0/24`, n));
  const reports: AuditReport[] = [];
  const session = createHostSession({
    target: 'local',
    connect: () => Promise.resolve(createLocalConnection()),
    createCapturer: (conn, target) => createCapturer(conn, { target }),
    emit: (event, payload) => {
      if (event === 'host:status') {
        statuses++;
        journal(`status ${JSON.stringify((payload as { status: unknown }).status)}`);
      }
    },
    onDockerEvent: (e) => {
      if (e.type === 'container' && e.name && e.container) names.set(e.container, e.name);
      const who = e.name && e.type === 'container' ? e.name : (names.get(e.container ?? '') ?? e.container);
      journal(`event ${e.type} ${e.action} ${who ?? ''} ${e.type === 'network' ? (e.name ?? '') : ''}`);
    },
    onCaptureTimings: (t) => {
      const stages = Object.entries(t.stages).map(([k, ms]) => `${k} ${Math.round(ms)}`);
      journal(
        `capture ${t.kind} took ${Math.round(t.emittedAt - t.startedAt)} ms (${stages.join(', ')}), patch ${t.emitted}`,
      );
    },
    audit: {
      intervalMs: auditS * 1000,
      onReport: (r) => {
        reports.push(r);
        journal(
          `audit (fresh capture ${r.captureMs} ms): ${r.divergences.map((d) => d.text.slice(0, 100)).join(' | ')}`,
        );
        for (const d of r.lasting) {
          console.log(`  LASTING at ${r.at}: ${d.text.slice(0, 200)}`);
          journal(`LASTING ${d.id.slice(0, 400)}`);
        }
      },
      // The snapshots behind a lasting divergence or one after the churn, to read against the journal.
      onEvidence: ({ report, before, live, fresh }) => {
        if (report.lasting.length === 0 && !churned) return;
        const file = `${journalPath.replace(/\.log$/, '')}-audit${report.audits}.json`;
        writeFileSync(file, JSON.stringify({ at: report.at, lasting: report.lasting, before, live, fresh }));
        journal(`evidence ${file}`);
      },
    },
  });
  let statuses = 0;
  let churned = false;
  try {
    await session.start();
    const start = process.memoryUsage().rss;
    const heapStart = heapAfterGc();
    let heapMinute = 'n/a';
    let peak = start;
    let atMinute: number | null = null;
    const t0 = Date.now();
    const sampler = setInterval(() => {
      const now = process.memoryUsage().rss;
      peak = Math.max(peak, now);
      if (atMinute === null && Date.now() - t0 >= 60_000) {
        atMinute = now;
        heapMinute = heapAfterGc();
      }
    }, 1000);
    console.log(`soak: ${minutes} min, ${workers} workers, ≤ ${max} containers, audit every ${auditS} s`);
    console.log(`  start: RSS ${mb(start)}`);
    const end = t0 + minutes * 60_000;
    let nextLine = t0 + 60_000;
    const worker = async () => {
      while (Date.now() < end) {
        await churnOnce(image);
        if (Date.now() >= nextLine) {
          nextLine += 60_000;
          const lasting = reports.at(-1)?.lastingTotal ?? 0;
          console.log(
            `  ${Math.round((Date.now() - t0) / 60_000)} min: RSS ${mb(process.memoryUsage().rss)}, ${reports.length} audits, ${lasting} lasting`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
    churned = true;
    clearInterval(sampler);
    const seconds = (Date.now() - t0) / 1000;
    const endRss = process.memoryUsage().rss;
    const heapEnd = heapAfterGc();
    const total = Object.values(ops).reduce((a, b) => a + b, 0) - ops.failed;
    // After the churn: the next audit that begins now must find nothing.
    const before = reports.length;
    const deadline = Date.now() + 3 * auditS * 1000 + 60_000;
    while (reports.length < before + 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    const after = reports.at(-1);
    const races = reports.filter((r) => r.divergences.length > 0).length;
    console.log(
      `\nchurn: ${total} operations in ${seconds.toFixed(0)} s (${(total / seconds).toFixed(1)}/s):`,
    );
    console.log(`  ${JSON.stringify(ops)}`);
    console.log(`audits: ${reports.length}, ${races} saw a difference (a race or worse)`);
    console.log(`divergences lasting longer than one reconcile: ${after?.lastingTotal ?? 0} (target 0)`);
    console.log(`audit after the churn: ${after?.divergences.length ?? 0} differences (target 0)`);
    for (const d of after?.divergences ?? []) {
      console.log(`  ${d.text}`);
      journal(`AFTER ${d.id.slice(0, 400)}`);
    }
    console.log(
      `RSS: start ${mb(start)}, 1 min ${atMinute === null ? 'n/a' : mb(atMinute)}, end ${mb(endRss)}, peak ${mb(peak)}`,
    );
    console.log(`heap in use after GC: start ${heapStart}, 1 min ${heapMinute}, end ${heapEnd}`);
    console.log(`session status changes: ${statuses} (2 = connecting, live); journal: ${journalPath}`);
    process.exitCode = (after?.lastingTotal ?? 0) > 0 ? 1 : 0;
  } finally {
    await session.dispose();
    rm();
  }
}

process.on('SIGINT', () => {
  rm();
  process.exit(130);
});
await main();

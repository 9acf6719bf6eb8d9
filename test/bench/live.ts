// bench:live — (a) Docker event → patch latency, measured at a WebSocket client of the real
// `netlens serve` back end from the event's timeNano, with its per-stage breakdown, over start/stop
// cycles at each host size (our containers added to whatever runs there, each publishing a port);
// (b) RSS of this process (session + server + client) while it streams a host with N containers and
// one container started or stopped every second. Everything it creates is removed.
// Usage: node --import tsx test/bench/live.ts [--cycles 20] [--sizes 0,200,1000] [--churn 500]
//   [--minutes 10] [--heap-snapshots <dir>]   (--churn 0: no memory run; it runs when the lab has
//   that many containers, before the latency of the sizes above it) [--ssh [forward|dial-stdio]]
//   (--ssh: the same host through a loopback sshd, with the stream-local forward or, forwarding off,
//   `docker system dial-stdio`) [--lab m] (--lab m: a second lab, nlv-bm-*, 10.246.k.0/24, ports from
//   30000, so a long memory run outside the docker lock and a latency run under it do not remove each
//   other's containers)
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import { createBenchContainers } from '../support/bench-lab.js';
import { cleanupPrefix, docker, ensureTestImage } from '../support/lab.js';
import { startSshd } from '../support/sshd.js';
import { mb, nextUpdate, startLiveClient } from './live-client.js';
import type { LiveClient } from './live-client.js';
import { latencyCycles, timingsLog } from './live-latency.js';
import { printTable, type SizeResult } from './live-report.js';

const run = promisify(execFile);
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const second = arg('--lab', '') === 'm';
const PREFIX = second ? 'nlv-bm-' : 'nlv-b-';
const SUBNET_BASE = second ? '10.246' : '10.242';
const PUBLISH_FROM = second ? 30000 : 32000;
const cycles = Number(arg('--cycles', '20'));
const sizes = arg('--sizes', '0,200')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const churnSize = Number(arg('--churn', '0'));
const minutes = Number(arg('--minutes', '10'));
const heapDir = arg('--heap-snapshots', '');
const sshMode = process.argv.includes('--ssh')
  ? arg('--ssh', 'forward') === 'dial-stdio'
    ? 'dial-stdio'
    : 'forward'
  : null;

/** Grows our lab to `count` containers over 5 networks, each publishing a port, all in the client's view. */
async function growLab(client: LiveClient, image: string, from: number, count: number): Promise<void> {
  if (count <= from) return;
  const t0 = Date.now();
  console.log(`creating containers ${from}…${count - 1}…`);
  await createBenchContainers({
    prefix: PREFIX,
    count,
    from,
    networks: 5,
    subnet: (k) => `${SUBNET_BASE}.${k}.0/24`,
    image,
    publishFrom: PUBLISH_FROM,
  });
  await nextUpdate(
    client,
    () => (client.view()?.containers.filter((c) => c.name.startsWith(`${PREFIX}c`)).length ?? 0) >= count,
    600_000,
    'all containers in the view',
  );
  console.log(`  ${count} containers up and in the view after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** How many times warnings about a namespace not there yet or already gone reached the client since. */
function transientSince(client: LiveClient, before: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const [warning, times] of client.warnings)
    if (/namespace-unread|stat failed|cannot open|No such file|Invalid argument/.test(warning))
      n += times - (before.get(warning) ?? 0);
  return n;
}

const hostContainers = () => docker('ps', '-q').split('\n').filter(Boolean).length;

/** Bytes and messages received per event name since `since`. */
function traffic(
  client: LiveClient,
  since: { bytes: Record<string, number>; counts: Record<string, number> },
) {
  const delta = (e: string) => ({
    bytes: (client.bytes[e] ?? 0) - (since.bytes[e] ?? 0),
    count: (client.counts[e] ?? 0) - (since.counts[e] ?? 0),
  });
  const avg = (e: string) => delta(e).bytes / Math.max(1, delta(e).count);
  return { counters: avg('host:counters'), patch: avg('host:patch') };
}

async function latencyAt(
  client: LiveClient,
  timings: ReturnType<typeof timingsLog>,
  image: string,
  size: number,
): Promise<SizeResult> {
  const since = { bytes: { ...client.bytes }, counts: { ...client.counts } };
  const warningsBefore = new Map(client.warnings);
  const label = size === 0 ? 'quiet' : `+${size}`;
  console.log(`latency, ${label}: ${cycles} start/stop cycles…`);
  const samples = await latencyCycles(client, timings, `${PREFIX}lat`, image, cycles);
  const t = traffic(client, since);
  return {
    label,
    hostContainers: hostContainers(),
    samples,
    countersBytesPerPoll: t.counters,
    patchBytes: t.patch,
    transientWarnings: transientSince(client, warningsBefore),
  };
}

async function rss(client: LiveClient, image: string): Promise<void> {
  const t0 = Date.now();
  console.log(
    `\n(b) memory while ${churnSize} containers stream, one start or stop a second, ${minutes} min`,
  );
  const churn = `${PREFIX}churn`;
  docker('create', '--name', churn, image, 'sleep', '86400');
  const warningsBefore = new Map(client.warnings);
  const since = { bytes: { ...client.bytes }, counts: { ...client.counts } };
  const start = process.memoryUsage();
  let peak = start.rss;
  let atMinute: number | null = null;
  let worst = 0;
  console.log(`  start: RSS ${mb(start.rss)}, heap used ${mb(start.heapUsed)}`);
  const end = Date.now() + minutes * 60_000;
  let running = false;
  let flips = 0;
  let nextReport = Date.now() + 60_000;
  while (Date.now() < end) {
    const tick = Date.now();
    await run('docker', running ? ['stop', '-t', '0', churn] : ['start', churn]);
    running = !running;
    flips++;
    const now = process.memoryUsage().rss;
    peak = Math.max(peak, now);
    if (atMinute !== null) worst = Math.max(worst, Math.abs(now - atMinute) / atMinute);
    if (Date.now() >= nextReport) {
      nextReport += 60_000;
      const m = process.memoryUsage();
      if (atMinute === null) {
        atMinute = m.rss;
        if (heapDir)
          console.log(`  heap snapshot: ${writeHeapSnapshot(join(heapDir, 'live-1min.heapsnapshot'))}`);
      }
      console.log(
        `  ${((Date.now() - t0) / 60_000).toFixed(1)} min: RSS ${mb(m.rss)}, heap used ${mb(m.heapUsed)}, external ${mb(m.external)}, events ${JSON.stringify(client.counts)}`,
      );
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - tick))));
  }
  const last = process.memoryUsage();
  if (heapDir) console.log(`  heap snapshot: ${writeHeapSnapshot(join(heapDir, 'live-end.heapsnapshot'))}`);
  console.log(
    `  end after ${minutes} min and ${flips} starts/stops: RSS ${mb(last.rss)} (start ${mb(start.rss)}, after 1 min ${atMinute === null ? '–' : mb(atMinute)}, peak ${mb(peak)}), heap used ${mb(last.heapUsed)}`,
  );
  console.log(`  largest RSS departure from its 1-minute value: ${(worst * 100).toFixed(1)}%`);
  console.log(`  events received: ${JSON.stringify(client.counts)}`);
  for (const [warning, times] of client.warnings) {
    const during = times - (warningsBefore.get(warning) ?? 0);
    if (during > 0) console.log(`  warning sent ${during} times during the churn: ${warning}`);
  }
  console.log(
    `  transient warnings (namespace not there yet / already gone) sent: ${transientSince(client, warningsBefore)}`,
  );
  const t = traffic(client, since);
  console.log(
    `  average size: host:patch ${(t.patch / 1024).toFixed(1)} KiB, host:counters ${(t.counters / 1024).toFixed(1)} KiB`,
  );
}

/**
 * Removes everything with our prefix. Engine 20.10 can keep a removed container's endpoint for a
 * while under load ("has active endpoints"), so network removal is retried up to a deadline.
 */
async function cleanup(): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      cleanupPrefix(PREFIX);
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        console.error(
          `could not remove every ${PREFIX}* object: ${(error as Error).message.split('\n')[1] ?? ''}`,
        );
        process.exitCode = 1;
        return;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

/** The host to watch: this one, or (--ssh) this one through a loopback sshd started here. */
async function openHost(
  onCaptureTimings: (t: Parameters<ReturnType<typeof timingsLog>['record']>[0]) => void,
): Promise<{ client: LiveClient; hostId: string; dispose(): Promise<void> }> {
  if (!sshMode)
    return {
      client: await startLiveClient({ onCaptureTimings }),
      hostId: 'local',
      dispose: () => Promise.resolve(),
    };
  const sshd = await startSshd({ allowStreamLocalForwarding: sshMode === 'forward' });
  // An empty ssh config and home: this machine's own ~/.ssh plays no part.
  const sshConfigPath = join(sshd.dir, 'ssh_config');
  writeFileSync(sshConfigPath, '');
  const client = await startLiveClient({
    onCaptureTimings,
    connectOptions: {
      identityFile: sshd.identityFile,
      knownHostsPath: sshd.knownHostsFile,
      agentSocket: null,
      sshConfigPath,
      homedir: sshd.dir,
    },
  });
  const added = (await client.request('hosts:add', { target: `ssh://root@127.0.0.1:${sshd.port}` })) as {
    id: string;
  };
  console.log(`over SSH to a loopback sshd, Docker API through ${sshMode}`);
  return { client, hostId: added.id, dispose: () => sshd.dispose() };
}

async function main(): Promise<void> {
  const image = ensureTestImage();
  await cleanup();
  const timings = timingsLog();
  const host = await openHost((t) => timings.record(t));
  const client = host.client;
  const stop = () => {
    void client
      .close()
      .then(() => host.dispose())
      .then(cleanup)
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  try {
    await client.request('session:connect', { hostId: host.hostId }, 300_000);
    await nextUpdate(client, () => client.view() !== null, 120_000, 'the first snapshot').catch(
      () => undefined,
    );
    const results: SizeResult[] = [];
    let made = 0;
    let churned = !(churnSize > 0 && minutes > 0);
    // Sizes in order; the memory run when the lab has its size (so one run can churn at 500 and
    // still measure latency at 1,000 afterwards).
    for (const size of sizes) {
      if (!churned && churnSize <= size) {
        await growLab(client, image, made, churnSize);
        made = Math.max(made, churnSize);
        await rss(client, image);
        churned = true;
      }
      await growLab(client, image, made, size);
      made = Math.max(made, size);
      results.push(await latencyAt(client, timings, image, size));
    }
    if (!churned) {
      await growLab(client, image, made, churnSize);
      await rss(client, image);
    }
    printTable(results, cycles);
  } finally {
    process.off('SIGINT', stop);
    await client.close();
    await host.dispose();
    await cleanup();
  }
}

await main();

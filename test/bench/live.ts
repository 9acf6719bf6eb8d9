// bench:live — (a) Docker event → patch latency, measured at a WebSocket client of the real
// `netlens serve` back end (from the event's timeNano, and from the docker CLI call), over start/stop
// cycles; (b) RSS of this process (session + server + client) while it streams a host with N
// containers and one container started or stopped every second. Everything it creates is removed.
// Usage: node --import tsx test/bench/live.ts [--cycles 50] [--containers 200] [--minutes 10] [--part all|latency|loaded|rss]
//        [--ssh [forward|dial-stdio]]
// (loaded = latency again once the N containers are up; --ssh: the same host through a loopback sshd,
// with the stream-local forward or, forwarding off, `docker system dial-stdio`)
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { parseDockerEvent } from '../../src/session/docker-events.js';
import { createBenchContainers } from '../support/bench-lab.js';
import { cleanupPrefix, docker, ensureTestImage } from '../support/lab.js';
import { startSshd } from '../support/sshd.js';
import { mb, nextUpdate, percentile, startLiveClient } from './live-client.js';
import type { LiveClient } from './live-client.js';

const run = promisify(execFile);
const PREFIX = 'nlv-b-';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const cycles = Number(arg('--cycles', '50'));
const containers = Number(arg('--containers', '200'));
const minutes = Number(arg('--minutes', '10'));
const part = arg('--part', 'all');
const sshMode = process.argv.includes('--ssh')
  ? arg('--ssh', 'forward') === 'dial-stdio'
    ? 'dial-stdio'
    : 'forward'
  : null;

const stateOf = (client: LiveClient, name: string) =>
  client.view()?.containers.find((c) => c.name === name)?.state;

/**
 * Our own events stream, to learn when the engine changed the container: the earliest event about it
 * (its own, or a network connect/disconnect naming it) after a call, and the event that announces
 * the change itself (`start`, `die`). The engine's clock is this host's.
 */
async function watchEvents(id: string): Promise<{
  clear(): void;
  earliest(): Promise<number>;
  of(action: string): Promise<number>;
  close(): void;
}> {
  const stream = (await new Docker({ socketPath: '/var/run/docker.sock' }).getEvents({
    filters: { type: ['container', 'network'] },
  })) as NodeJS.ReadableStream & { destroy(): void };
  let times: { action: string; at: number }[] = [];
  let wake: (() => void) | null = null;
  let buffer = '';
  stream.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      const event = parseDockerEvent(line);
      const about = JSON.parse(line) as { Actor?: { ID?: string; Attributes?: { container?: string } } };
      if (!event || (about.Actor?.ID !== id && about.Actor?.Attributes?.container !== id)) continue;
      times.push({ action: event.action, at: Number(BigInt(event.timeNano) / 1_000_000n) });
      wake?.();
    }
  });
  const first = async (match: (action: string) => boolean) => {
    while (!times.some((t) => match(t.action))) await new Promise<void>((resolve) => (wake = resolve));
    return Math.min(...times.filter((t) => match(t.action)).map((t) => t.at));
  };
  return {
    clear: () => (times = []),
    earliest: () => first(() => true),
    of: (action) => first((a) => a === action),
    close: () => stream.destroy(),
  };
}

async function latency(client: LiveClient, image: string, label: string): Promise<void> {
  const name = `${PREFIX}lat`;
  let id: string;
  try {
    id = docker('inspect', '-f', '{{.Id}}', name);
  } catch {
    id = docker('create', '--name', name, image, 'sleep', '3600');
  }
  await nextUpdate(client, () => stateOf(client, name) !== undefined, 60_000, `${name} in the view`);
  const events = await watchEvents(id);
  const fromEvent: Record<'start' | 'stop', number[]> = { start: [], stop: [] };
  const fromFirst: number[] = [];
  const fromCall: number[] = [];
  try {
    for (let i = 0; i < cycles; i++) {
      for (const [verb, want] of [
        ['start', (s?: string) => s === 'running'],
        ['stop', (s?: string) => s !== undefined && s !== 'running'],
      ] as const) {
        const received = nextUpdate(client, () => want(stateOf(client, name)), 60_000, `${name} ${verb}`);
        events.clear();
        const called = Date.now();
        await run('docker', verb === 'stop' ? ['stop', '-t', '0', name] : [verb, name]);
        const at = await received;
        fromEvent[verb].push(at - (await events.of(verb === 'start' ? 'start' : 'die')));
        fromFirst.push(at - (await events.earliest()));
        fromCall.push(at - called);
      }
    }
  } finally {
    events.close();
  }
  const line = (label: string, v: number[]) =>
    `  ${label}: median ${percentile(v, 50)} ms, p95 ${percentile(v, 95)} ms, max ${Math.max(...v)} ms (n=${v.length})`;
  console.log(
    `${label} Docker event → patch applied at a WebSocket client of netlens serve (${cycles} start/stop cycles)`,
  );
  console.log(
    line('from the event of the change (start, die), all', [...fromEvent.start, ...fromEvent.stop]),
  );
  console.log(line('  starts (from `start`)', fromEvent.start));
  console.log(line('  stops (from `die`)', fromEvent.stop));
  console.log(line('from the first event about it (network connect, kill)', fromFirst));
  console.log(line('from the docker CLI call', fromCall));
  console.log('  (debounce 20 ms + one update capture per burst; the engine itself takes ~0.6 s from a');
  console.log("   start's network connect to its `start` event, and ~0.14 s from `kill` to `die`)");
}

/** The big host: N containers over 5 networks, each publishing a port, all in the client's view. */
async function createLab(client: LiveClient, image: string): Promise<void> {
  const t0 = Date.now();
  console.log(`creating ${containers} containers…`);
  await createBenchContainers({
    prefix: PREFIX,
    count: containers,
    networks: 5,
    subnet: (k) => `10.242.${k}.0/24`,
    image,
  });
  await nextUpdate(
    client,
    () =>
      (client.view()?.containers.filter((c) => c.name.startsWith(`${PREFIX}c`)).length ?? 0) >= containers,
    600_000,
    'all containers in the view',
  );
  console.log(
    `  ${containers} containers up and in the view after ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
}

async function rss(client: LiveClient, image: string): Promise<void> {
  const t0 = Date.now();
  console.log(`(c) memory while ${containers} containers stream, one start or stop a second`);
  const churn = `${PREFIX}churn`;
  docker('create', '--name', churn, image, 'sleep', '86400');
  const start = process.memoryUsage();
  let peak = start.rss;
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
    peak = Math.max(peak, process.memoryUsage().rss);
    if (Date.now() >= nextReport) {
      nextReport += 60_000;
      const m = process.memoryUsage();
      console.log(
        `  ${((Date.now() - t0) / 60_000).toFixed(1)} min into (c): RSS ${mb(m.rss)}, heap used ${mb(m.heapUsed)}, events ${JSON.stringify(client.counts)}`,
      );
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - tick))));
  }
  const last = process.memoryUsage();
  console.log(
    `  end after ${minutes} min and ${flips} starts/stops: RSS ${mb(last.rss)} (start ${mb(start.rss)}, peak ${mb(peak)}), heap used ${mb(last.heapUsed)}`,
  );
  console.log(`  events received: ${JSON.stringify(client.counts)}`);
  for (const [warning, times] of client.warnings) console.log(`  warning sent ${times} times: ${warning}`);
  const avg = (e: string) =>
    `${((client.bytes[e] ?? 0) / Math.max(1, client.counts[e] ?? 0) / 1024).toFixed(1)} KiB`;
  console.log(
    `  average size: host:patch ${avg('host:patch')}, host:counters ${avg('host:counters')}, host:snapshot ${avg('host:snapshot')}`,
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
async function openHost(): Promise<{ client: LiveClient; hostId: string; dispose(): Promise<void> }> {
  if (!sshMode) return { client: await startLiveClient(), hostId: 'local', dispose: () => Promise.resolve() };
  const sshd = await startSshd({ allowStreamLocalForwarding: sshMode === 'forward' });
  // An empty ssh config and home: this machine's own ~/.ssh plays no part.
  const sshConfigPath = join(sshd.dir, 'ssh_config');
  writeFileSync(sshConfigPath, '');
  const client = await startLiveClient({
    identityFile: sshd.identityFile,
    knownHostsPath: sshd.knownHostsFile,
    agentSocket: null,
    sshConfigPath,
    homedir: sshd.dir,
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
  const host = await openHost();
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
    if (part === 'all' || part === 'latency') await latency(client, image, '(a) quiet host:');
    if (part === 'all' || part === 'rss' || part === 'loaded') await createLab(client, image);
    if (part === 'all' || part === 'loaded')
      await latency(client, image, `(b) with ${containers} more containers:`);
    if (part === 'all' || part === 'rss') await rss(client, image);
  } finally {
    process.off('SIGINT', stop);
    await client.close();
    await host.dispose();
    await cleanup();
  }
}

await main();

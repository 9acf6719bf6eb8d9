// bench:live, part (a): start/stop cycles of one container, each measured from the Docker event of the
// change (`start`, `die`) to the patch applied at the WebSocket client, with where the time went: the
// wait before the capture (event delivery, debounce, a capture already running), the capture's stages
// (Docker answers and the kernel exec run side by side), the session's canonicalise and diff, the send
// and the client's parse + apply.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import type { CaptureTimings } from '../../src/session/host-session.js';
import { parseDockerEvent } from '../../src/session/docker-events.js';
import { docker } from '../support/lab.js';
import { nextUpdate } from './live-client.js';
import type { LiveClient } from './live-client.js';

const run = promisify(execFile);

export const STAGES = [
  'wait',
  'docker',
  'exec',
  'parse',
  'build',
  'canonicalise',
  'diff',
  'send',
  'apply',
] as const;
export type BenchStage = (typeof STAGES)[number];

export interface Sample {
  verb: 'start' | 'stop';
  /** From the event of the change to the patch applied at the client, ms. */
  total: number;
  /** From the docker CLI call, ms. */
  fromCall: number;
  stages: Partial<Record<BenchStage, number>>;
  /** Not applied at the client within CYCLE_DEADLINE_MS (total is then that deadline). */
  timedOut?: boolean;
}

/** How long one start or stop may take to reach the client before it counts as missed. */
export const CYCLE_DEADLINE_MS = 60_000;

/** Stage times of recent captures by capturedAt (the bench's hook fills it; old entries drop off). */
export function timingsLog(): {
  record(t: CaptureTimings): void;
  get(capturedAt: string): CaptureTimings | undefined;
} {
  const byAt = new Map<string, CaptureTimings>();
  return {
    record(t) {
      byAt.set(t.capturedAt, t);
      if (byAt.size > 500) byAt.delete(byAt.keys().next().value as string);
    },
    get: (at) => byAt.get(at),
  };
}

/** The time of the first event about container `id` with this action after clear(); the engine's clock. */
async function watchEvents(id: string): Promise<{
  clear(): void;
  of(action: string): Promise<number>;
  close(): void;
}> {
  const stream = (await new Docker({ socketPath: '/var/run/docker.sock' }).getEvents({
    filters: { type: ['container'] },
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
      const about = JSON.parse(line) as { Actor?: { ID?: string } };
      if (!event || about.Actor?.ID !== id) continue;
      times.push({ action: event.action, at: Number(BigInt(event.timeNano) / 1000n) / 1000 });
      wake?.();
    }
  });
  return {
    clear: () => (times = []),
    async of(action) {
      while (!times.some((t) => t.action === action)) await new Promise<void>((resolve) => (wake = resolve));
      return Math.min(...times.filter((t) => t.action === action).map((t) => t.at));
    },
    close: () => stream.destroy(),
  };
}

const stateOf = (client: LiveClient, name: string) =>
  client.view()?.containers.find((c) => c.name === name)?.state;

/** `cycles` start/stop cycles of container `name` (created if missing), each one a Sample. */
export async function latencyCycles(
  client: LiveClient,
  timings: ReturnType<typeof timingsLog>,
  name: string,
  image: string,
  cycles: number,
): Promise<Sample[]> {
  let id: string;
  try {
    id = docker('inspect', '-f', '{{.Id}}', name);
  } catch {
    id = docker('create', '--name', name, image, 'sleep', '3600');
  }
  await nextUpdate(client, () => stateOf(client, name) !== undefined, 120_000, `${name} in the view`);
  const events = await watchEvents(id);
  const samples: Sample[] = [];
  try {
    for (let i = 0; i < cycles; i++) {
      for (const verb of ['start', 'stop'] as const) {
        const want = (s?: string) =>
          verb === 'start' ? s === 'running' : s !== undefined && s !== 'running';
        const seen = () => want(stateOf(client, name));
        const received = nextUpdate(client, seen, CYCLE_DEADLINE_MS, `${name} ${verb}`);
        events.clear();
        const called = Date.now();
        await run('docker', verb === 'stop' ? ['stop', '-t', '0', name] : ['start', name]);
        const arrival = await received.catch(() => null);
        if (!arrival) {
          // Missed (a host too busy): counted at the deadline, and the run goes on once the view agrees.
          samples.push({
            verb,
            total: CYCLE_DEADLINE_MS,
            fromCall: Date.now() - called,
            stages: {},
            timedOut: true,
          });
          if (!seen()) await nextUpdate(client, seen, 600_000, `${name} ${verb}, late`);
          continue;
        }
        const eventAt = await events.of(verb === 'start' ? 'start' : 'die');
        const t = arrival.capturedAt ? timings.get(arrival.capturedAt) : undefined;
        const stages: Sample['stages'] = { apply: arrival.applyMs };
        if (t) {
          Object.assign(stages, t.stages);
          stages.wait = Math.max(0, t.startedAt - eventAt);
          stages.send = arrival.at - t.emittedAt;
        }
        samples.push({
          verb,
          total: arrival.appliedAt - eventAt,
          fromCall: arrival.appliedAt - called,
          stages,
        });
      }
    }
  } finally {
    events.close();
  }
  return samples;
}

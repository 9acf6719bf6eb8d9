// The recorded timeline of a live session: every moment can be read back exactly, segments roll over
// by age and size, the folder stays within its size and age bounds, what waits to be written stays
// within its bound, files are private, and a line a crash cut short costs only that line.
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostFolder } from '../../../src/history/format.js';
import { openHistory } from '../../../src/history/index.js';
import { computePatch } from '../../../src/model/patch.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { buildSnapshot, type ContainerSpec } from '../../support/snapshot-factory/index.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'netlens-history-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const NAMES = ['web', 'api', 'db', 'cache', 'worker', 'proxy'];
const T0 = Date.parse('2025-01-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** Moment k of a made-up session: containers come and go, one every step, a second apart. */
function moment(k: number): Snapshot {
  const containers: ContainerSpec[] = NAMES.filter((_, i) => (i + k) % 3 !== 0).map((name) => ({
    name,
    networks: ['appnet'],
    state: k % 4 === 0 && name === 'web' ? 'exited' : 'running',
  }));
  return buildSnapshot({ networks: [{ name: 'appnet' }], containers, capturedAt: iso(T0 + k * 1000) });
}

/** Records moments 0..n-1 as a session sends them: a full snapshot, then patches. */
async function record(history: ReturnType<typeof openHistory>, n: number): Promise<Snapshot[]> {
  const r = history.recorder('local');
  const moments = Array.from({ length: n }, (_, k) => moment(k));
  r.full(moments[0]!);
  for (let k = 1; k < n; k++) {
    const patch = computePatch(moments[k - 1]!, moments[k]!);
    if (patch) r.patch(patch, () => moments[k]!);
  }
  await history.flush();
  return moments;
}

const segmentsOf = (hostId: string) =>
  readdirSync(hostFolder(root, hostId)).filter((n) => n.endsWith('.jsonl'));

describe('history', () => {
  it('gives back the host at every recorded moment, and what changed when', async () => {
    const history = openHistory(root, {}, { now: () => T0 });
    const moments = await record(history, 12);
    for (const [k, m] of moments.entries()) expect(await history.at('local', T0 + k * 1000 + 500)).toEqual(m);
    expect(await history.at('local', T0 - 1)).toBeNull();
    const points = await history.points('local');
    expect(points).toHaveLength(12);
    expect(points[0]).toEqual({
      at: iso(T0),
      kind: 'full',
      changes: ['4 containers (4 running), 4 networks'],
    });
    expect(points[1]?.changes).toEqual(expect.arrayContaining(['web added (running)', 'db removed']));
    expect(points[8]?.changes).toContain('web running → exited');
    expect((await history.points('local', { since: T0 + 5000, until: T0 + 7000 })).map((p) => p.at)).toEqual([
      iso(T0 + 5000),
      iso(T0 + 6000),
      iso(T0 + 7000),
    ]);
    expect(await history.points('local', { limit: 2 })).toEqual(points.slice(-2));
    expect(await history.hosts()).toEqual(['local']);
  });

  it('starts a new segment with a full snapshot when the current one is old, and still replays', async () => {
    const history = openHistory(root, { keyframeMs: 3000 }, { now: () => T0 });
    const moments = await record(history, 10);
    expect(segmentsOf('local').length).toBe(4);
    for (const [k, m] of moments.entries()) expect(await history.at('local', T0 + k * 1000)).toEqual(m);
    expect((await history.points('local')).filter((p) => p.kind === 'full')).toHaveLength(4);
  });

  it('stays within its size bound, dropping the oldest segments', async () => {
    const history = openHistory(root, { maxBytes: 60_000, segmentBytes: 10_000 }, { now: () => T0 });
    const moments = await record(history, 40);
    const dir = hostFolder(root, 'local');
    const sizes = segmentsOf('local').map((n) => statSync(join(dir, n)).size);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000 + Math.max(...sizes));
    const points = await history.points('local');
    expect(points.length).toBeLessThan(40);
    expect(points.at(-1)?.at).toBe(iso(T0 + 39_000));
    // What is left still reads back exactly; what was dropped is simply not there.
    expect(await history.at('local', T0 + 39_000)).toEqual(moments[39]);
    expect(await history.at('local', T0)).toBeNull();
  });

  it('drops segments older than its age bound', async () => {
    // Segments start every 2 s (0, 2 … 10 s); 14.5 s in, what is all older than 9.5 s goes.
    const history = openHistory(root, { keyframeMs: 2000, maxAgeMs: 5000 }, { now: () => T0 + 14_500 });
    await record(history, 12);
    expect((await history.points('local'))[0]?.at).toBe(iso(T0 + 8000));
    expect(await history.at('local', T0 + 5000)).toBeNull();
    expect(await history.at('local', T0 + 11_000)).toEqual(moment(11));
  });

  it('bounds what waits to be written: a disk that falls behind costs a gap, not memory', async () => {
    const history = openHistory(root, { maxPendingBytes: 60_000 }, { now: () => T0 });
    const r = history.recorder('local');
    const n = 300;
    const moments = Array.from({ length: n + 1 }, (_, k) => moment(k));
    // Recorded without yielding: no write can finish meanwhile, as with a disk that stalls.
    r.full(moments[0]!);
    let most = r.pendingBytes();
    for (let k = 1; k < n; k++) {
      r.patch(computePatch(moments[k - 1]!, moments[k]!)!, () => moments[k]!);
      most = Math.max(most, r.pendingBytes());
    }
    expect(most).toBeGreaterThan(40_000);
    expect(most).toBeLessThanOrEqual(60_000);
    await r.flush();
    expect(r.pendingBytes()).toBe(0);
    // Once the disk caught up, the next moment starts a new segment with the whole snapshot.
    r.patch(computePatch(moments[n - 1]!, moments[n]!)!, () => moments[n]!);
    await r.flush();
    const points = await history.points('local');
    expect(points.length).toBeLessThan(n);
    expect(points.at(-1)?.at).toBe(iso(T0 + n * 1000));
    expect(await history.at('local', T0 + 1000)).toEqual(moments[1]);
    expect(await history.at('local', T0 + n * 1000)).toEqual(moments[n]);
  });

  it('keeps its files private', async () => {
    const history = openHistory(join(root, 'history'), {}, { now: () => T0 });
    await record(history, 3);
    const dir = hostFolder(join(root, 'history'), 'local');
    expect(statSync(join(root, 'history')).mode & 0o777).toBe(0o700);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).mode & 0o777, name).toBe(0o600);
  });

  it('skips a line a crash cut short, and a patch that does not apply, until the next full snapshot', async () => {
    const history = openHistory(root, { keyframeMs: 4000 }, { now: () => T0 });
    const moments = await record(history, 8);
    const dir = hostFolder(root, 'local');
    const last = segmentsOf('local').sort().at(-1)!;
    appendFileSync(
      join(dir, last),
      '{"v":1,"t":"2025-01-01T10:00:09.000Z","kind":"patch","changes":["x"],"pat',
    );
    expect(await history.at('local', T0 + 9000)).toEqual(moments[7]);
    expect((await history.points('local')).length).toBe(8);
    // A hostile or foreign host id makes a folder name of its own, inside the root.
    expect(hostFolder(root, '../../etc/passwd')).toMatch(new RegExp(`^${root}/[A-Za-z0-9_.-]+$`));
  });
});

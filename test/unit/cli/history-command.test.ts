// `netlens history` over a timeline recorded by the history module: moments per host, --since,
// --limit, --json, and one-line errors; durations and sizes as typed on the command line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerHistoryCommand } from '../../../src/cli/commands/history.js';
import { parseDuration, parseSize } from '../../../src/cli/durations.js';
import { openHistory } from '../../../src/history/index.js';
import { computePatch } from '../../../src/model/patch.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'netlens-history-cmd-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

class Exit extends Error {}

async function run(args: string[]) {
  let out = '';
  let err = '';
  let code = 0;
  const program = new Command('netlens');
  program.configureOutput({ writeErr: (t) => void (err += t), writeOut: (t) => void (out += t) });
  registerHistoryCommand(program, {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    setExitCode: (c) => void (code = c),
    exit: (c) => {
      code = c;
      throw new Exit();
    },
    storeDir: join(dir, 'snapshots'),
  });
  try {
    await program.parseAsync(['node', 'netlens', 'history', ...args]);
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
  }
  return { out, err, code };
}

/** Two hosts recorded a minute ago: local loses its web container, the ssh host just starts. */
async function recordLab(): Promise<void> {
  const t = Date.now() - 60_000;
  const at = (s: number) => new Date(t + s * 1000).toISOString();
  const a = buildSnapshot({ containers: [{ name: 'web' }, { name: 'db' }], capturedAt: at(0) });
  const b = buildSnapshot({ containers: [{ name: 'db' }], capturedAt: at(30) });
  const history = openHistory(join(dir, 'history'));
  const local = history.recorder('local');
  local.full(a);
  local.patch(computePatch(a, b)!, () => b);
  history.recorder('ssh://root@web2').full(buildSnapshot({ capturedAt: at(40) }));
  await history.flush();
}

describe('netlens history', () => {
  it('prints the moments of every recorded host, or of one, and what changed', async () => {
    await recordLab();
    const all = await run([]);
    expect(all.code).toBe(0);
    expect(all.out).toMatch(
      /^local: 2 moments, \S+ → \S+\n {2}\S+ {2}capture +2 containers \(2 running\), 3 networks\n {2}\S+ {2}change +web removed; /,
    );
    expect(all.out).toContain('ssh://root@web2: 1 moment,');
    const one = await run(['--host', 'local', '--limit', '1']);
    expect(one.out.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(1);
    expect(one.out).not.toContain('web2');
    const json = JSON.parse((await run(['--json', '--host', 'local'])).out) as {
      hosts: { hostId: string; points: { changes: string[] }[] }[];
    };
    expect(json.hosts[0]?.points.map((p) => p.changes[0])).toEqual([
      '2 containers (2 running), 3 networks',
      'web removed',
    ]);
  });

  it('narrows to recent moments, and says when nothing was recorded', async () => {
    await recordLab();
    expect((await run(['--host', 'local', '--since', '45s'])).out).toMatch(/change +web removed/);
    expect((await run(['--host', 'local', '--since', '45s'])).out).not.toContain('capture');
    expect((await run(['--host', 'local', '--since', '10s'])).out).toMatch(
      /^Nothing recorded of local in that time/,
    );
    expect((await run(['--history', join(dir, 'none')])).out).toMatch(/^Nothing recorded \(/);
    const bad = await run(['--since', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--since yesterday: use a duration such as 90s/);
  });
});

describe('durations and sizes', () => {
  it('reads what people type, and refuses the rest', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(() => parseDuration('1 hour', '--since')).toThrow(/--since 1 hour: use a duration/);
    expect(parseSize('64M')).toBe(64 * 1024 * 1024);
    expect(parseSize('512k')).toBe(512 * 1024);
    expect(parseSize('1GiB')).toBe(1024 ** 3);
    expect(parseSize('1000')).toBe(1000);
    expect(() => parseSize('lots')).toThrow(/use a size/);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDiffCommand, type DiffCommandDeps } from '../../../src/cli/commands/diff.js';
import type { SnapshotDiff } from '../../../src/model/diff-types.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { openStore } from '../../../src/store/index.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

const before = buildSnapshot({
  containers: [{ name: 'web', ports: [{ containerPort: 80, hostPort: 8080 }] }],
});
const after = buildSnapshot({
  containers: [{ name: 'web', ports: [{ containerPort: 80, hostPort: 8081 }] }],
});

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nld-diffcmd-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[], deps: Partial<DiffCommandDeps> = {}) {
  let out = '';
  let err = '';
  let code: number | undefined;
  const program = new Command('netlens');
  program.configureOutput({ writeErr: (t) => void (err += t), writeOut: (t) => void (out += t) });
  registerDiffCommand(program, {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    setExitCode: (c) => void (code = c),
    exit: (c) => {
      throw new Exit(c);
    },
    storeDir: join(dir, 'store'),
    isTTY: false,
    env: {},
    ...deps,
  });
  try {
    await program.parseAsync(['node', 'netlens', 'diff', ...args]);
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
    code = error.code;
  }
  return { out, err, code };
}

async function file(name: string, s: Snapshot | string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof s === 'string' || Buffer.isBuffer(s) ? s : JSON.stringify(s));
  return path;
}

describe('netlens diff', () => {
  it('exits 0 for equal snapshots and 1 for different ones', async () => {
    const a = await file('a.json', before);
    const same = await run([a, await file('copy.json.gz', gzipSync(JSON.stringify(before)))]);
    expect(same).toMatchObject({ code: 0, err: '' });
    expect(same.out).toContain('No differences.');
    const changed = await run([a, await file('b.json', after)]);
    expect(changed.code).toBe(1);
    expect(changed.out).toContain('- removed  NAT tcp 0.0.0.0:8080 → 172.17.0.2:80 (web)');
    expect(changed.out).toContain('+ added    NAT tcp 0.0.0.0:8081 → 172.17.0.2:80 (web)');
    expect(changed.out).toContain('  ~ changed  web: tcp/80 published on: + 0.0.0.0:8081; − 0.0.0.0:8080');
    expect(changed.out).not.toContain('\u001b[');
  });

  it('prints markdown with --format markdown, and refuses an unknown format', async () => {
    const args = [await file('a.json', before), await file('b.json', after)];
    const { out, code } = await run(['--format', 'markdown', ...args]);
    expect(code).toBe(1);
    expect(out).toMatch(/^### 1 container changed\n/);
    expect(out).toContain('#### container web — changed\n\n');
    expect(out).toContain('- **− removed** NAT tcp 0.0.0.0:8080 → 172.17.0.2:80 (web)\n');
    const bad = await run(['--format', 'yaml', ...args]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--format yaml: use one of text, markdown, json/);
  });

  it('prints the SnapshotDiff as JSON with --json', async () => {
    const { out, code } = await run(['--json', await file('a.json', before), await file('b.json', after)]);
    expect(code).toBe(1);
    const diff = JSON.parse(out) as SnapshotDiff;
    expect(diff.equal).toBe(false);
    expect(diff.a.label).toBe(join(dir, 'a.json'));
    expect(diff.changes.find((c) => c.collection === 'container')?.fields).toEqual([
      {
        path: 'ports.tcp/80',
        before: ['0.0.0.0:8080'],
        after: ['0.0.0.0:8081'],
        added: ['0.0.0.0:8081'],
        removed: ['0.0.0.0:8080'],
      },
    ]);
  });

  it('finds saved snapshots by id or name, in --store or the default folder', async () => {
    const store = openStore(join(dir, 'store'));
    const a = await store.save(before, { name: 'monday' });
    await store.save(after, { name: 'tuesday' });
    const byName = await run(['monday', 'tuesday']);
    expect(byName.code).toBe(1);
    expect(byName.out).toContain('a: monday (lab-01)');
    expect((await run([a.id, 'monday'])).code).toBe(0);
    const other = openStore(join(dir, 'other'));
    await other.save(before, { name: 'x' });
    await other.save(before, { name: 'y' });
    expect((await run(['--store', other.dir, 'x', 'y'])).code).toBe(0);
  });

  it('fails with exit 2 and one line naming the cause', async () => {
    const broken = structuredClone(before) as unknown as { containers: { name: unknown }[] };
    if (broken.containers[0]) broken.containers[0].name = 7;
    const cases: [string[], RegExp][] = [
      [
        [join(dir, 'missing.json'), join(dir, 'missing.json')],
        /^netlens diff: cannot read .*missing\.json: ENOENT\n$/,
      ],
      [
        [await file('broken.json', JSON.stringify(broken)), await file('ok.json', before)],
        /broken\.json: containers\[0\]\.name: expected string, got number\n$/,
      ],
      [
        [await file('pkg.json', '{"name":"x"}'), await file('ok2.json', before)],
        /pkg\.json: not a Netlens snapshot\n$/,
      ],
      [
        ['nosuchname', await file('ok3.json', before)],
        /"nosuchname" is neither a file nor a saved snapshot id or name/,
      ],
      [[await file('only.json', before)], /give two snapshots/],
      [['--host', 'ssh://lab', 'a', 'b'], /exactly one baseline/],
    ];
    for (const [args, message] of cases) {
      const { code, err, out } = await run(args);
      expect(code, args.join(' ')).toBe(2);
      expect(err).toMatch(message);
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(out).toBe('');
    }
  });

  it('treats a usage error as exit 2', async () => {
    const { code, err } = await run(['--bogus']);
    expect(code).toBe(2);
    expect(err).toContain("unknown option '--bogus'");
  });

  it('compares a baseline with a live capture through the injected capture', async () => {
    const calls: [string, Record<string, unknown>][] = [];
    const captureLive = (target: string, options: Record<string, unknown>) => {
      calls.push([target, options]);
      return Promise.resolve(after);
    };
    const baseline = await file('baseline.json', before);
    const { code, out } = await run(['--host', 'ssh://ops@lab-01', baseline], { captureLive });
    expect(code).toBe(1);
    expect(calls).toEqual([['ssh://ops@lab-01', expect.objectContaining({ host: 'ssh://ops@lab-01' })]]);
    expect(out).toContain('b: live ssh://ops@lab-01 (lab-01)');
    const failing = await run(['--host', 'lab', baseline], {
      captureLive: () => Promise.reject(new Error('ssh: connection refused\n at stack')),
    });
    expect(failing).toMatchObject({ code: 2, err: 'netlens diff: ssh: connection refused\n' });
    expect((await run(['--host', 'lab', baseline])).err).toContain('live capture is not available');
  });

  it('lets the lead add capture options', async () => {
    let seen: Record<string, unknown> = {};
    const { code } = await run(['--host', 'lab', '-i', '/k', await file('b.json', before)], {
      captureOptions: (cmd) => cmd.option('-i, --identity <file>'),
      captureLive: (_t, o) => {
        seen = o;
        return Promise.resolve(before);
      },
    });
    expect(code).toBe(0);
    expect(seen.identity).toBe('/k');
  });
});

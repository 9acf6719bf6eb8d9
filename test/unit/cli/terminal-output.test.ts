// Hostile strings in snapshots, file names and errors never reach the terminal as control characters:
// `netlens diff`, `--summary`, `snapshots list/show/import` and error lines (issue #13, item 1).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDiffCommand } from '../../../src/cli/commands/diff.js';
import { registerSnapshotsCommand } from '../../../src/cli/commands/snapshots.js';
import { describeError } from '../../../src/cli/errors.js';
import { formatSummary } from '../../../src/cli/summary.js';
import { visible, visibleDeep, visibleLines } from '../../../src/cli/terminal-text.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

/** Sets the window title, clears the screen and homes the cursor: what the review used. */
const PWN = '\u001b]0;PWN\u0007\u001b[2J\u001b[H';
/** A netns name that would print a fake line, a one-byte CSI and a right-to-left override. */
const NETNS = `evil\r\u009b2K\u202eNo differences.\n\u001b[1A`;
/* eslint-disable no-control-regex -- what must never be printed, and our own colour codes */
const CONTROL =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const OWN_SGR = /\u001b\[\d+m/g;
/* eslint-enable no-control-regex */

function hostile(): Snapshot {
  const s = buildSnapshot({
    host: { name: `lab${PWN}` },
    containers: [{ name: PWN, ports: [{ containerPort: 80, hostPort: 8080 }] }, { name: 'db' }],
    warnings: [{ part: 'kernel', code: 'namespace-unread', message: `/var/run/netns/${NETNS}: cut short` }],
  });
  s.namespaces.push({
    id: `netns:${NETNS}`,
    kind: 'netns',
    path: `/var/run/netns/${NETNS}`,
    inode: 4026532999,
    containers: [PWN, NETNS],
    interfaces: [],
  });
  return s;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nlh-term-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function io() {
  const seen = { out: '', err: '', code: 0 };
  const deps = {
    out: (t: string) => void (seen.out += t),
    err: (t: string) => void (seen.err += t),
    setExitCode: (c: number) => void (seen.code = c),
    exit: (c: number): never => {
      throw Object.assign(new Error('exit'), { exitCode: c });
    },
    storeDir: join(dir, 'store'),
  };
  return { seen, deps };
}

async function diffCli(args: string[], color = false) {
  const { seen, deps } = io();
  const program = new Command('netlens');
  registerDiffCommand(program, { ...deps, isTTY: color, env: {} });
  await program.parseAsync(['node', 'netlens', 'diff', ...args]);
  return seen;
}

async function snapshotsCli(...args: string[]) {
  const { seen, deps } = io();
  const program = new Command('netlens');
  registerSnapshotsCommand(program, deps);
  await program.parseAsync(['node', 'netlens', 'snapshots', ...args]);
  return seen;
}

describe('the terminal sanitiser', () => {
  it('escapes C0, DEL, C1, bidi controls and separators, and keeps line feeds only in visibleLines', () => {
    expect(visible(PWN)).toBe('\\u001b]0;PWN\\u0007\\u001b[2J\\u001b[H');
    expect(visible('a\nb\tc\u007f\u0085\u009b\u202e\u2066\u2028')).toBe(
      'a\\u000ab\\u0009c\\u007f\\u0085\\u009b\\u202e\\u2066\\u2028',
    );
    expect(visibleLines('one\ntwo\r')).toBe('one\ntwo\\u000d');
    expect(visible('plain ü → ✓')).toBe('plain ü → ✓');
  });

  it('leaves JSON the same JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        const json = JSON.stringify({ value, text }, null, 2);
        expect(JSON.parse(visibleLines(json))).toEqual(JSON.parse(json));
        expect(visibleLines(json)).not.toMatch(CONTROL);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a `__proto__` key an ordinary key', () => {
    const copy = visibleDeep(JSON.parse('{"__proto__": {"x": "\\u001b"}}') as Record<string, unknown>);
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"x":"\\\\u001b"}}');
  });

  it('escapes error lines', () => {
    expect(describeError(new Error(`cannot read ${PWN}.json\nsecond line`))).toBe(
      'cannot read \\u001b]0;PWN\\u0007\\u001b[2J\\u001b[H.json',
    );
  });
});

describe('netlens diff with hostile snapshots', () => {
  it('shows the container name escaped and cannot fake "No differences."', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    const after = hostile();
    after.containers = after.containers.filter((c) => c.name === 'db');
    await writeFile(a, JSON.stringify(hostile()));
    await writeFile(b, JSON.stringify(after));
    for (const color of [false, true]) {
      const { out, err, code } = await diffCli([a, b], color);
      expect(code).toBe(1);
      expect(err).toBe('');
      const plain = out.replace(OWN_SGR, '');
      expect(plain).toContain('- removed  container \\u001b]0;PWN\\u0007\\u001b[2J\\u001b[H');
      expect(plain).not.toMatch(CONTROL);
      expect(plain).not.toContain('\u001b');
    }
  });

  it('escapes a hostile file name in the error line', async () => {
    // Both files missing and both named with escapes: whichever read fails first is named in the line.
    const { err, code } = await diffCli([join(dir, `${PWN}.json`), join(dir, `${PWN}-b.json`)]);
    expect(code).toBe(2);
    expect(err).toMatch(/^netlens diff: .*\\u001b\]0;PWN\\u0007/);
    expect(err.trimEnd()).not.toMatch(CONTROL);
  });
});

describe('--summary and snapshots list/show/import with hostile snapshots', () => {
  it('formatSummary prints no control character whatever the snapshot holds (property)', () => {
    const base = hostile();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), (evil) => {
        const s = structuredClone(base);
        s.containers[0]!.name = evil;
        s.namespaces.at(-1)!.containers = [evil];
        s.findings.push({ id: evil, severity: 'warning', code: 'x', message: evil, subjects: [] });
        const text = formatSummary(s);
        expect(text.replace(/\n/g, '')).not.toMatch(CONTROL);
        // A newline in a name cannot add a line: the line count does not depend on the name.
        const plain = structuredClone(s);
        plain.containers[0]!.name = 'x';
        plain.namespaces.at(-1)!.containers = ['x'];
        plain.findings.at(-1)!.message = 'x';
        expect(text.split('\n')).toHaveLength(formatSummary(plain).split('\n').length);
      }),
      { numRuns: 300 },
    );
    expect(formatSummary(base)).toContain(
      'Shared namespace netns:evil\\u000d\\u009b2K\\u202eNo differences.',
    );
  });

  it('imports, lists and shows without printing control characters, and names a missing file escaped', async () => {
    const good = join(dir, `good${PWN}.json`);
    const missing = join(dir, `missing${PWN}.json`);
    await writeFile(
      good,
      JSON.stringify({ ...hostile(), savedAs: { name: PWN, note: NETNS, savedAt: 'x' } }),
    );
    const imported = await snapshotsCli('import', good);
    expect(imported.out).toContain('Imported ');
    const failed = await snapshotsCli('import', missing);
    expect(failed.code).toBe(2);
    expect(failed.err).toContain('missing\\u001b]0;PWN');
    const listed = await snapshotsCli('list');
    expect(listed.out).toContain('\\u001b]0;PWN');
    const shown = await snapshotsCli('show', '--store', join(dir, 'store'), PWN);
    expect(shown.out).toContain(`Snapshot `);
    expect(shown.out).toContain('Note: evil\\u000d');
    const json = await snapshotsCli('show', '--json', PWN);
    expect((JSON.parse(json.out) as Snapshot).containers.map((c) => c.name)).toContain(PWN);
    for (const r of [imported, failed, listed, shown, json]) {
      expect(r.out.replace(/\n/g, '')).not.toMatch(CONTROL);
      expect(r.err.replace(/\n/g, '')).not.toMatch(CONTROL);
    }
  });
});

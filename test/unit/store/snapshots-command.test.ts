import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerSnapshotsCommand } from '../../../src/cli/commands/snapshots.js';
import { saveSnapshot } from '../../../src/cli/commands/snapshots-run.js';
import { defaultStoreDir, loadSnapshot, openStore } from '../../../src/store/index.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

const snap = buildSnapshot({ host: { name: 'lab-07' }, containers: [{ name: 'web' }, { name: 'db' }] });

let dir: string;
let storeDir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nld-snapcmd-'));
  storeDir = join(dir, 'store');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...args: string[]) {
  let out = '';
  let err = '';
  let code = 0;
  const program = new Command('netlens');
  program.configureOutput({ writeErr: (t) => void (err += t), writeOut: (t) => void (out += t) });
  registerSnapshotsCommand(program, {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    setExitCode: (c) => void (code = c),
    exit: (c) => {
      throw Object.assign(new Error('exit'), { exitCode: c });
    },
    storeDir,
  });
  try {
    await program.parseAsync(['node', 'netlens', 'snapshots', ...args]);
  } catch (error) {
    code = (error as { exitCode?: number }).exitCode ?? 99;
  }
  return { out, err, code };
}

describe('netlens snapshots', () => {
  it('saves through saveSnapshot and lists, shows, renames and deletes', async () => {
    const meta = await saveSnapshot(snap, { name: 'before', note: 'n1', storeDir });
    expect((await run('list')).out).toMatch(
      new RegExp(
        `^ID +NAME +HOST +CAPTURED +CONTAINERS +SIZE\n${meta.id} +before +lab-07 +2025-01-01T10:00:00Z +2 +[\\d.]+ kB\n$`,
      ),
    );
    const listed = JSON.parse((await run('list', '--json')).out) as unknown[];
    expect(listed).toEqual([meta]);
    const shown = await run('show', 'before');
    expect(shown.out).toContain(`Snapshot ${meta.id} "before"`);
    expect(shown.out).toContain('Note: n1');
    expect(shown.out).toContain('Host lab-07');
    expect(JSON.parse((await run('show', meta.id, '--json')).out)).toEqual(snap);
    expect((await run('rename', 'before', 'after')).out).toBe(`Renamed ${meta.id} to "after".\n`);
    expect((await run('delete', 'after')).out).toBe(`Deleted ${meta.id} ("after").\n`);
    expect((await run('list')).out).toBe('No saved snapshots.\n');
  });

  it('imports files and exports them, redacted on request', async () => {
    const gz = join(dir, 'lab.json.gz');
    await writeFile(gz, gzipSync(JSON.stringify(snap)));
    const imported = await run('import', gz, '--name', 'from lab');
    expect(imported.out).toMatch(/^Imported .*lab\.json\.gz as \S+ \("from lab"\)\.\n$/);
    const exported = await run('export', 'from lab');
    expect(loadSnapshot(exported.out)).toEqual(snap);
    const target = join(dir, 'out.json');
    const redacted = await run('export', 'from lab', '--redact', '--key', 'k', '-o', target);
    expect(redacted.err).toBe(`Wrote ${target}.\n`);
    const text = await readFile(target, 'utf8');
    expect(text).not.toContain('lab-07');
    expect(loadSnapshot(text).containers).toHaveLength(2);
    // Like the store: the user's only, whatever was there before (#13).
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    const plain = join(dir, 'plain.json');
    await writeFile(plain, 'old', { mode: 0o644 });
    await run('export', 'from lab', '-o', plain);
    expect((await stat(plain)).mode & 0o777).toBe(0o600);
  });

  it('reports broken files in the list and fails one line at a time', async () => {
    await saveSnapshot(snap, { name: 'good', storeDir });
    await writeFile(join(storeDir, 'broken.json'), '{"schema":"netlens.snapshot/v1"');
    const list = await run('list');
    expect(list.out).toMatch(/broken +broken +BROKEN +not JSON/);
    expect(list.code).toBe(0);
    const show = await run('show', 'broken');
    expect(show.code).toBe(2);
    expect(show.err).toMatch(/^netlens snapshots: snapshot broken: not JSON \(.*\)\n$/);
    const missing = await run('delete', 'nope');
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toMatch(/^netlens snapshots: no saved snapshot with id or name "nope"/);
    await saveSnapshot(snap, { name: 'good', storeDir });
    expect((await run('show', 'good')).err).toMatch(/"good" names 2 saved snapshots .*use an id/);
    expect((await run('rename', '../../etc', 'x')).code).toBe(2);
    expect((await run('import', join(dir, 'nothing.json'))).err).toMatch(/no such file/);
    expect((await run('list', '--bogus')).code).toBe(2);
  });

  it('imports every good file of a list, names each bad one and exits 2 (#13)', async () => {
    const a = join(dir, 'a.json');
    const bad = join(dir, 'bad.json');
    const c = join(dir, 'c.json');
    await writeFile(a, JSON.stringify(snap));
    await writeFile(bad, '{"schema":"netlens.snapshot/v1"');
    await writeFile(c, JSON.stringify(buildSnapshot({ host: { name: 'lab-08' } })));
    const result = await run('import', a, bad, join(dir, 'gone.json'), c);
    expect(result.code).toBe(2);
    expect(result.out).toMatch(
      /^Imported .*a\.json as \S+ \("a"\)\.\nImported .*c\.json as \S+ \("c"\)\.\n$/,
    );
    expect(result.err.split('\n')).toEqual([
      expect.stringMatching(/^netlens snapshots: cannot import .*bad\.json: not JSON/) as unknown,
      expect.stringMatching(/^netlens snapshots: cannot import .*gone\.json: no such file/) as unknown,
      '',
    ]);
    expect((await run('list')).out).toMatch(/lab-08/);
  });

  it('uses the platform data folder by default', () => {
    expect(defaultStoreDir({ platform: 'linux', env: { XDG_DATA_HOME: '/xdg' }, home: '/home/u' })).toBe(
      '/xdg/netlens/snapshots',
    );
    expect(defaultStoreDir({ platform: 'linux', env: { XDG_DATA_HOME: 'relative' }, home: '/home/u' })).toBe(
      '/home/u/.local/share/netlens/snapshots',
    );
    expect(defaultStoreDir({ platform: 'linux', env: {}, home: '/home/u' })).toBe(
      '/home/u/.local/share/netlens/snapshots',
    );
    expect(defaultStoreDir({ platform: 'darwin', env: {}, home: '/Users/u' })).toBe(
      '/Users/u/Library/Application Support/Netlens/snapshots',
    );
    expect(
      defaultStoreDir({
        platform: 'win32',
        env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
        home: 'C:\\Users\\u',
      }),
    ).toMatch(/Roaming[\\/]Netlens[\\/]snapshots$/);
    expect(openStore(storeDir).dir).toBe(storeDir);
  });
});

// A hosts file that cannot be read (a directory; EACCES after a `sudo` run) leaves the back end and
// `netlens serve` running with `local` only, says why in one line, and is never written over (#13 item 5).
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../../src/server/backend.js';
import { waitFor } from '../../support/lab.js';
import { fakeDeps } from './fakes.js';
import { rawGet } from './http-client.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nlh-hosts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('an unreadable hosts file', () => {
  it('a directory: local only, a clear line, adding a host is refused and the folder is left alone', async () => {
    const file = join(dir, 'hosts.json');
    mkdirSync(file);
    writeFileSync(join(file, 'keep'), 'x');
    const deps = fakeDeps(file);
    const backend = createBackend(deps);
    const list = await backend.handlers['hosts:list']({});
    expect(list.map((h) => h.id)).toEqual(['local']);
    expect(deps.lines).toEqual([
      `netlens: cannot read ${file} (EISDIR); started with "local" only and will not change that file`,
    ]);
    await expect(backend.handlers['hosts:add']({ target: 'ops@lab' })).rejects.toThrow(
      /hosts cannot be saved: cannot read .* \(EISDIR\); fix or remove that file/,
    );
    expect(readdirSync(file)).toEqual(['keep']);
    expect((await backend.handlers['hosts:list']({})).map((h) => h.id)).toEqual(['local']);
    await backend.dispose();
  });

  const asRoot = process.getuid?.() === 0;
  // Root reads any file, so EACCES needs another user: `netlens serve` runs as nobody.
  it.skipIf(!asRoot)('EACCES: `netlens serve` keeps serving after saying why', async () => {
    chmodSync(dir, 0o755);
    const data = join(dir, 'data', 'netlens');
    mkdirSync(data, { recursive: true, mode: 0o777 });
    chmodSync(data, 0o777);
    chmodSync(join(dir, 'data'), 0o755);
    const file = join(data, 'hosts.json');
    writeFileSync(file, '{"version":1,"hosts":[]}\n', { mode: 0o600 });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], {
      uid: 65534,
      gid: 65534,
      env: { ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let exit: number | null | undefined;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => (exit = code));
    try {
      const url = await waitFor(
        () => /serving on (\S+)/.exec(stdout)?.[1] ?? (exit !== undefined ? 'exited' : undefined),
        30_000,
        'netlens serve to start',
      );
      expect(url).not.toBe('exited');
      await waitFor(() => stderr.includes('EACCES') || exit !== undefined, 10_000, 'the notice');
      expect(stderr).toBe(
        `netlens: cannot read ${file} (EACCES); started with "local" only and will not change that file\n`,
      );
      const { port, pathname, search } = new URL(url);
      expect((await rawGet(Number(port), pathname + search)).status).toBe(200);
      expect(exit).toBeUndefined();
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      child.kill('SIGINT');
      await waitFor(() => exit !== undefined, 10_000, 'netlens serve to stop');
    }
    expect(exit).toBe(0);
  });
});

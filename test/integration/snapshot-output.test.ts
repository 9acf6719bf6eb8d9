// `netlens snapshot -o FILE` as a real process against a real symlink race (issue #13, item 4): the
// attacker plants a symlink at the temp name the command used to pick (`FILE.<pid>.tmp`) as soon as
// the process exists; the victim file must stay as it was and FILE must hold the snapshot.
import { spawn } from 'node:child_process';
import { lstat, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Snapshot } from '../../src/model/snapshot.js';
import { dockerAvailable } from '../support/lab.js';

const enabled = dockerAvailable();

function netlens(args: string[], onSpawn: (pid: number) => Promise<void>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    if (child.pid !== undefined) onSpawn(child.pid).catch(reject);
  });
}

describe.skipIf(!enabled)('netlens snapshot -o FILE', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nlh-out-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('does not follow a symlink planted at its old temp name while it runs', async () => {
    const victim = join(dir, 'victim');
    const file = join(dir, 'snap.json');
    await writeFile(victim, 'precious\n');
    const result = await netlens(['snapshot', '-o', file], async (pid) => {
      await symlink(victim, `${file}.${pid}.tmp`);
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
    expect(Snapshot.safeParse(JSON.parse(await readFile(file, 'utf8'))).success).toBe(true);
    expect((await lstat(file)).isFile()).toBe(true);
    // Readable by the user only, like the snapshot store (#13).
    expect((await lstat(file)).mode & 0o777).toBe(0o600);
  });
});

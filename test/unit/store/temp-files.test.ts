// Temporary files are created exclusively under unpredictable names (issue #13, item 4): a symlink
// planted where a writer's temp file used to go (`FILE.<pid>.tmp`) never redirects the write.
import { spawn } from 'node:child_process';
import { lstat, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveHosts } from '../../../src/server/hosts-file.js';
import { writeFileAtomic } from '../../../src/store/atomic-write.js';

let dir: string;
let victim: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nlh-temp-'));
  victim = join(dir, 'victim');
  await writeFile(victim, 'precious\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Symlinks to the victim at every name a writer of `file` in this process used to pick. */
async function plant(file: string): Promise<void> {
  for (const name of [`${file}.${process.pid}.tmp`, `${file}.tmp`, `${file}~`]) await symlink(victim, name);
}

describe('temp files', () => {
  it('saveHosts does not follow a symlink at the old temp name', async () => {
    const file = join(dir, 'hosts.json');
    await plant(file);
    await saveHosts(file, [{ target: 'ops@lab', label: 'lab' }]);
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      version: 2,
      hosts: [{ target: 'ops@lab', label: 'lab' }],
    });
    expect((await lstat(file)).mode & 0o777).toBe(0o600);
  });

  it('writeFileAtomic names each temp file unpredictably and never opens an existing one', async () => {
    const file = join(dir, 'out.json');
    await plant(file);
    // A real racing process: replaces every temp file it sees with a symlink to the victim.
    const attacker = spawn(
      'sh',
      [
        '-c',
        'cd "$1"; while :; do for f in .*.tmp; do [ -f "$f" ] && ln -sfn victim "$f" 2>/dev/null; done; done',
        'attacker',
        dir,
      ],
      { stdio: 'ignore' },
    );
    try {
      for (let i = 0; i < 200; i++) await writeFileAtomic(file, `{"n":${i}}\n`, { durable: false });
    } finally {
      attacker.kill('SIGKILL');
    }
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
  });
});

// `netlens diff` on a real host, as a user runs it (the built bin): stopping one container reads as one
// short story, and two captures right after a container start compare equal (the routes and addresses
// the kernel adds by itself are not changes).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage } from '../support/lab.js';

const BIN = 'bin/netlens.js';
const built = existsSync('dist/src/cli/main.js');
if (!built && process.env.CI === 'true') throw new Error('CI: run `npm run build` before the CLI tests');
const enabled = built && dockerAvailable();

function netlens(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!enabled)('netlens diff on a real host', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netlens-signal-'));
  const snap = (name: string) => {
    const path = join(dir, `${name}.json`);
    const r = netlens(['snapshot', '-o', path]);
    expect(r.code, r.stderr).toBe(0);
    return path;
  };

  beforeAll(() => {
    cleanupPrefix('nls-');
    docker('network', 'create', '--subnet', '10.233.9.0/24', 'nls-net');
    const image = ensureTestImage();
    docker('run', '-d', '--name', 'nls-web', '--network', 'nls-net', '-p', '28291:80', image, 'sleep', '600');
    docker('run', '-d', '--name', 'nls-db', '--network', 'nls-net', image, 'sleep', '600');
  });

  afterAll(() => {
    cleanupPrefix('nls-');
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells "before / after stopping one container" in at most 40 lines, grouped under it', () => {
    const before = snap('before');
    docker('stop', '-t', '0', 'nls-web');
    const after = snap('after');
    const r = netlens(['diff', before, after]);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    console.log(`netlens diff, one container stopped: ${lines.length} lines\n${r.stdout}`);
    expect(lines.length).toBeLessThanOrEqual(40);
    // Where the uplink's MTU is below the bridge's (1400 here), the grouped MTU finding names the
    // stopped container too, so the network may be summarised as changed after it.
    expect(lines[2]).toMatch(/^1 container stopped(, 1 network changed)?$/);
    expect(r.stdout).toContain('\ncontainer nls-web — stopped\n');
    expect(r.stdout).toContain('  ~ changed  nls-web: running → exited\n');
    expect(r.stdout).toMatch(/ {2}~ changed {2}nls-web: eth0 10\.233\.9\.\d+ → none on nls-net\n/);
    expect(r.stdout).toContain('  - removed  nls-web: no longer publishes tcp/80');
    expect(r.stdout).toMatch(/- removed {2}NAT tcp 0\.0\.0\.0:28291 → 10\.233\.9\.\d+:80 \(nls-web\)/);
    // Nothing else is in the story: no other group, no whole interface list of the host namespace.
    const titles = lines.filter((l) => /^\S/.test(l)).slice(4);
    expect(titles.filter((t) => t !== 'network nls-net — changed')).toEqual(['container nls-web — stopped']);
    // The network group appears only for the MTU finding that lists the stopped container.
    if (titles.includes('network nls-net — changed')) expect(r.stdout).toContain('bridge-mtu-above-uplink');
    expect(r.stdout).not.toMatch(/table local|fe80::/);
    // Everything is still there when asked for, and the markdown says the same.
    const all = netlens(['diff', '--all', before, after]);
    expect(all.stdout.split('\n').length).toBeGreaterThan(lines.length);
    expect(all.stdout).toMatch(/table local/);
    const md = netlens(['diff', '--format', 'markdown', before, after]);
    expect(md.stdout).toMatch(/^### 1 container stopped(, 1 network changed)?\n/);
    expect(md.stdout).toContain('#### container nls-web — stopped');
  });

  it('compares two captures a second apart, right after a container start, as equal', () => {
    docker('start', 'nls-web');
    const first = snap('started-1');
    const second = snap('started-2');
    const r = netlens(['diff', first, second]);
    expect(r.stdout).toContain('No differences');
    expect(r.code, r.stdout).toBe(0);
  });
});

// Host-to-host matching on real captures: one compose file brought up twice (docker-compose 1.29) under
// two project names, on two subnets, captured each time with the built `netlens`. Compared by role,
// the two captures are equal (containers matched by compose service, networks by project prefix) with
// the addresses side by side; with --strict the addresses are changes.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, dockerAvailable, ensureTestImage } from '../support/lab.js';

const BIN = 'bin/netlens.js';
const built = existsSync('dist/src/cli/main.js');
const compose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
if (process.env.CI === 'true' && (!built || !compose))
  throw new Error('CI: run `npm run build` and install docker-compose before the CLI tests');
const enabled = built && compose && dockerAvailable();

function netlens(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const COMPOSE = (image: string) => `version: "2.4"
services:
  web:
    image: ${image}
    command: ["sleep", "600"]
    ports: ["28391:80"]
  db:
    image: ${image}
    command: ["sleep", "600"]
networks:
  default:
    ipam:
      config:
        - subnet: \${NLR_SUBNET}
`;

describe.skipIf(!enabled)('netlens diff by role on two captures of one compose project', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netlens-by-role-'));
  const file = join(dir, 'docker-compose.yml');
  const up = (project: string, subnet: string) =>
    execFileSync('docker-compose', ['-p', project, '-f', file, 'up', '-d'], {
      env: { ...process.env, NLR_SUBNET: subnet },
      stdio: 'pipe',
    });
  const down = (project: string) =>
    execFileSync('docker-compose', ['-p', project, '-f', file, 'down', '-t', '0'], {
      env: { ...process.env, NLR_SUBNET: '10.232.9.0/24' },
      stdio: 'pipe',
    });
  const capture = (name: string) => {
    const path = join(dir, `${name}.json`);
    const r = netlens(['snapshot', '-o', path]);
    expect(r.code, r.stderr).toBe(0);
    return path;
  };
  let a = '';
  let b = '';

  beforeAll(() => {
    cleanupPrefix('nlr');
    writeFileSync(file, COMPOSE(ensureTestImage()));
    up('nlra', '10.232.1.0/24');
    a = capture('nlra');
    down('nlra');
    up('nlrb', '10.232.2.0/24');
    b = capture('nlrb');
    down('nlrb');
  }, 240_000);

  afterAll(() => {
    cleanupPrefix('nlr');
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds them equal by role, with the pairs it matched and the addresses side by side', () => {
    const r = netlens(['diff', '--by-role', a, b]);
    console.log(`netlens diff --by-role: ${r.stdout.trimEnd().split('\n').length} lines\n${r.stdout}`);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/\nEqual by role; \d+ expected differences side by side\n/);
    expect(r.stdout).toContain('  container nlra_db_1 ↔ nlrb_db_1 (by compose service)\n');
    expect(r.stdout).toContain('  container nlra_web_1 ↔ nlrb_web_1 (by compose service)\n');
    expect(r.stdout).toContain('  network nlra_default ↔ nlrb_default (by compose project)\n');
    expect(r.stdout).toMatch(
      /\n {2}nlra_web_1: eth0 ipv4 10\.232\.1\.\d+ ↔ 10\.232\.2\.\d+ on nlra_default\n/,
    );
    expect(r.stdout).toMatch(/\n {2}network nlra_default: subnets 10\.232\.1\.0\/24 .*↔ 10\.232\.2\.0\/24/);
  });

  it('with --strict, shows the address differences as changes', () => {
    const r = netlens(['diff', '--strict', a, b]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain('Compared by role, strict');
    expect(r.stdout).toMatch(
      /~ changed {2}nlrb_web_1: eth0 10\.232\.1\.\d+ → 10\.232\.2\.\d+ on nlra_default/,
    );
    expect(r.stdout).toMatch(/\ncontainer nlra_web_1 — differs\n/);
    expect(r.stdout).not.toContain('Side by side');
  });

  it('compared as one host (no --by-role), the project reads as replaced', () => {
    const r = netlens(['diff', a, b]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2 containers removed/);
    expect(r.stdout).toMatch(/2 added|, 2 added/);
  });
});

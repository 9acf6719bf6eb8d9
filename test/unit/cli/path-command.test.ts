// `netlens path` on snapshot files: the hops and verdict as text or JSON, the exit status per verdict,
// one-line errors, and escaped control characters from the snapshot.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPathCommand } from '../../../src/cli/commands/path.js';
import type { PathResult } from '../../../src/model/path/types.js';
import { lab } from '../model/path/lab.js';

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nlp-pathcmd-'));
  file = join(dir, 'lab.json');
  const s = lab();
  // A hostile name from a host: ESC sequences and a bidi override must not reach the terminal raw.
  const web = s.containers.find((c) => c.name === 'web');
  if (web) web.image = 'x';
  const evil = s.containers.find((c) => c.name === 'api');
  if (evil) evil.name = 'api\u001b[2J\u202e';
  const ns = s.namespaces.find((n) => n.id === 'container:api');
  if (ns) ns.containers = ['api\u001b[2J\u202e'];
  await writeFile(file, JSON.stringify(s));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...args: string[]) {
  let out = '';
  let err = '';
  let code: number | undefined;
  const program = new Command('netlens');
  program.configureOutput({ writeErr: (t) => void (err += t), writeOut: (t) => void (out += t) });
  registerPathCommand(program, {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    setExitCode: (c) => void (code = c),
    exit: (c) => {
      throw new Exit(c);
    },
    storeDir: join(dir, 'store'),
  });
  try {
    await program.parseAsync(['node', 'netlens', 'path', ...args]);
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
    code = error.code;
  }
  return { out, err, code };
}

describe('netlens path', () => {
  it('prints numbered hops and the verdict; exit 0 when delivered', async () => {
    const r = await run(file, '--from', 'outside', '--to', 'host:8080');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('outside → host (192.168.1.10:8080/tcp)');
    expect(lines).toContain('   6  DNAT → 10.11.0.2:80');
    expect(lines.at(-1)).toBe('✓ delivered: delivered to web (10.11.0.2:80/tcp)');
  });

  it("rootless Docker: the port's way in is RootlessKit's port driver on the real host", async () => {
    const s = lab();
    s.host.rootless = true;
    s.host.rootlessKit = {
      pid: 4242,
      childPid: 4250,
      network: 'slirp4netns',
      portDriver: 'builtin',
      childIp: null,
      ports: [{ protocol: 'tcp', parentIp: '0.0.0.0', parentPort: 8080, childIp: null, childPort: 8080 }],
    };
    const rootless = join(dir, 'rootless.json');
    await writeFile(rootless, JSON.stringify(s));
    const r = await run(rootless, '--from', 'outside', '--to', 'host:8080');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    const numbered = lines.map((l) => l.trim()).filter((l) => /^\d+ {2}/.test(l));
    expect(numbered.slice(0, 3)).toEqual([
      '1  outside',
      '2  tcp 0.0.0.0:8080 on the real host',
      '3  RootlessKit port driver: builtin',
    ]);
    expect(lines.at(-1)).toBe('✓ delivered: delivered to web (10.11.0.2:80/tcp)');
  });

  it('exit 1 when blocked, with the blocking hop marked', async () => {
    const r = await run(file, '--from', 'web', '--to', 'pg:5432');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^✕ 16 {2}DOCKER-ISOLATION-STAGE-2 #3: drop$/m);
    expect(r.out.trimEnd().split('\n').at(-1)).toMatch(
      /^✕ blocked: dropped by filter DOCKER-ISOLATION-STAGE-2 #3/,
    );
  });

  it('exit 3 when uncertain; --json carries the hops, the verdict and the missing fact', async () => {
    const s = lab();
    delete s.listeners;
    const old = join(dir, 'old.json');
    await writeFile(old, JSON.stringify(s));
    const r = await run(old, '--from', 'host', '--to', '127.0.0.1:5353/udp', '--json');
    expect(r.code).toBe(3);
    const json = JSON.parse(r.out) as PathResult;
    expect(json).toMatchObject({ verdict: 'uncertain', protocol: 'udp', port: 5353 });
    expect(json.missing).toEqual(["the host's listening sockets (this snapshot does not record them)"]);
    expect(json.hops[1]).toMatchObject({ kind: 'route', label: 'local 127.0.0.1' });
  });

  it('IPv6 destinations take brackets around the address when a port follows', async () => {
    const r = await run(file, '--from', 'outside', '--to', '[2001:db8:1::10]:8080', '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as PathResult).title).toBe(
      'outside → 2001:db8:1::10 ([2001:db8:1::10]:8080/tcp)',
    );
  });

  it('escapes control characters that come from the snapshot', async () => {
    const r = await run(file, '--from', 'web', '--to', '10.11.0.3:80');
    expect(r.code).toBe(0);
    expect(r.out.includes('\u001b') || r.out.includes('\u202e')).toBe(false);
    expect(r.out).toContain('api\\u001b[2J\\u202e:80/tcp');
    const json = await run(file, '--from', 'web', '--to', '10.11.0.3:80', '--json');
    expect(json.out.includes('\u001b') || json.out.includes('\u202e')).toBe(false);
    expect((JSON.parse(json.out) as PathResult).to).toBe('10.11.0.3');
  });

  it('errors are one line with exit 2: unknown end, bad port, snapshot and --host together', async () => {
    for (const [args, message] of [
      [
        [file, '--from', 'nosuch', '--to', 'web'],
        /^netlens path: "nosuch" is not a container of this snapshot, "host", "outside" or an address\n$/,
      ],
      [
        [file, '--from', 'web', '--to', 'pg:99999'],
        /^netlens path: port 99999 is out of range \(1-65535\)\n$/,
      ],
      [[file, '--from', 'web', '--to', 'pg:80/icmpx'], /^netlens path: unknown protocol "icmpx"/],
      [
        [file, '--host', 'local', '--from', 'web', '--to', 'pg'],
        /^netlens path: give a snapshot or --host, not both\n$/,
      ],
      [
        [join(dir, 'missing.json'), '--from', 'web', '--to', 'pg'],
        /^netlens path: cannot read .*missing\.json: ENOENT\n$/,
      ],
    ] as const) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
    expect((await run(file, '--from', 'web')).code).toBe(2);
  });
});

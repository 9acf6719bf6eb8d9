// RootlessKit's drivers and forwarded ports, as its API (rootlessctl --json, or curl on api.sock) and
// its parent's command line say them: parsed, bounded, and read by the real script from a state folder.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectRootlessKit, parseRootlessKit } from '../../../src/collect/kernel/rootlesskit.js';
import { createLocalConnection } from '../../../src/connection/local.js';

const N = '0123456789abcdef';
const INFO = JSON.stringify(
  {
    apiVersion: '1.1.1',
    version: '1.1.0',
    stateDir: '/run/user/1001/dockerd-rootless',
    childPID: 4250,
    networkDriver: { driver: 'slirp4netns', dns: ['10.0.2.3'], childIP: '10.0.2.100' },
    portDriver: { driver: 'builtin', protos: ['tcp', 'tcp4', 'tcp6', 'udp', 'udp4', 'udp6'] },
  },
  null,
  4,
);
const out = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('parseRootlessKit', () => {
  it('reads the drivers from the API and the ports rootlessctl prints one a line', () => {
    const kit = parseRootlessKit(
      out(
        `@@${N} child 4250`,
        `@@${N} parent 4242`,
        `@@${N} cmdline`,
        'rootlesskit',
        '--net=vpnkit',
        '',
        `@@${N} info`,
        INFO,
        `@@${N} ports`,
        '{"id":2,"spec":{"proto":"udp6","parentIP":"::","parentPort":5353,"childPort":53}}',
        '{"id":1,"spec":{"proto":"tcp","parentIP":"0.0.0.0","parentPort":8080,"childPort":8080}}',
        '{"id":3,"spec":{"proto":"icmp","parentPort":1}}',
        `@@${N} done`,
      ),
      N,
    );
    expect(kit).toEqual({
      pid: 4242,
      childPid: 4250,
      network: 'slirp4netns',
      portDriver: 'builtin',
      childIp: '10.0.2.100',
      ports: [
        { protocol: 'udp', parentIp: '::', parentPort: 5353, childIp: null, childPort: 53 },
        { protocol: 'tcp', parentIp: '0.0.0.0', parentPort: 8080, childIp: null, childPort: 8080 },
      ],
    });
  });

  it("takes the API's JSON array (curl) too; without the API the drivers come from the command line, the ports are unknown", () => {
    const array = parseRootlessKit(
      out(
        `@@${N} child 7`,
        `@@${N} info`,
        INFO,
        `@@${N} ports`,
        '[{"id":1,"spec":{"proto":"tcp4","parentPort":80}}]',
      ),
      N,
    );
    expect(array?.ports).toEqual([
      { protocol: 'tcp', parentIp: '0.0.0.0', parentPort: 80, childIp: null, childPort: 80 },
    ]);
    const noApi = parseRootlessKit(
      out(
        `@@${N} child 7`,
        `@@${N} parent 6`,
        `@@${N} cmdline`,
        'rootlesskit',
        '--net',
        'slirp4netns',
        '--port-driver=slirp4netns',
        `@@${N} info`,
        '',
        `@@${N} ports`,
        '',
      ),
      N,
    );
    expect(noApi).toMatchObject({ network: 'slirp4netns', portDriver: 'slirp4netns', ports: null });
  });

  it('refuses what is not a driver name or an address, and a forged marker without the nonce', () => {
    const kit = parseRootlessKit(
      out(
        `@@${N} child 7`,
        `@@${N} cmdline`,
        '--port-driver=$(reboot)',
        '@@ffff ports',
        `@@${N} info`,
        '{"networkDriver":{"driver":"slirp4netns","childIP":"10.0.2.100; rm"}}',
      ),
      N,
    );
    expect(kit).toMatchObject({ portDriver: null, network: null, childIp: null, ports: null });
    expect(parseRootlessKit(out(`@@${N} none`), N)).toBeNull();
  });
});

describe('the RootlessKit script', () => {
  it("reads the child pid from the state folder and its parent's command line", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-rootlesskit-'));
    // A parent whose command line carries RootlessKit's flags, and its child.
    const parent = spawn(
      'sh',
      ['-c', 'sleep 30 & echo $!; wait', 'sh', '--net=slirp4netns', '--port-driver=builtin'],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    let child = '';
    const engines: ReturnType<typeof spawn>[] = [];
    try {
      child = await new Promise<string>((resolve) =>
        parent.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
      );
      mkdirSync(join(dir, 'dockerd-rootless'));
      writeFileSync(join(dir, 'dockerd-rootless', 'child_pid'), child);
      const conn = createLocalConnection({});
      const entry = { pidFiles: [join(dir, 'dockerd-rootless', 'child_pid'), join(dir, 'docker.pid')] };
      const kit = await collectRootlessKit(conn, entry);
      expect(kit).toEqual({
        pid: parent.pid,
        childPid: Number(child),
        network: 'slirp4netns',
        portDriver: 'builtin',
        childIp: null,
        ports: null,
      });
      // Docker 20.10's script gives RootlessKit no --state-dir: the engine's environment names the folder.
      const state = join(dir, 'rootlesskit123');
      mkdirSync(state);
      writeFileSync(join(state, 'child_pid'), child);
      rmSync(join(dir, 'dockerd-rootless'), { recursive: true });
      const engine = spawn('sleep', ['30'], { env: { ROOTLESSKIT_STATE_DIR: state }, stdio: 'ignore' });
      engines.push(engine);
      writeFileSync(join(dir, 'docker.pid'), String(engine.pid));
      expect(await collectRootlessKit(conn, entry)).toMatchObject({
        pid: parent.pid,
        childPid: Number(child),
      });
      writeFileSync(join(state, 'child_pid'), '1; touch /tmp/x');
      expect(await collectRootlessKit(conn, entry)).toBeNull();
      await conn.close();
    } finally {
      if (child) process.kill(Number(child), 'SIGKILL');
      for (const e of engines) e.kill('SIGKILL');
      parent.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

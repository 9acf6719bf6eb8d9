// A real rootless Docker whose RootlessKit port driver is slirp4netns (dockerd-rootless.sh's
// DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER): slirp4netns, not RootlessKit, holds the published port on
// the real host and sends packets in on tap0 to the namespace's own address, where Docker's DNAT takes
// them. The capture's drivers, docker-proxy and path are checked against rootlessctl, ss (on the
// real host and inside), ip and iptables-save run independently by the test.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture } from '../../src/capture/capturer.js';
import { connect } from '../../src/connection/connect.js';
import { tracePath } from '../../src/model/path/engine.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  ROOTLESS_IMAGE,
  rootlessAvailable,
  startRootlessLab,
  type RootlessLab,
} from '../support/rootless-lab.js';

const enabled = rootlessAvailable();
const NAME = 'nlrs-web';
const PORT = 28396;

describe.skipIf(!enabled)('rootless Docker with the slirp4netns port driver', () => {
  let lab: RootlessLab;
  let snap: Snapshot;
  let stateDir = '';

  beforeAll(async () => {
    lab = await startRootlessLab('nlrslirp', 500_000, { portDriver: 'slirp4netns' });
    lab.docker('run', '-d', '--name', NAME, '-p', `${PORT}:80`, ROOTLESS_IMAGE, 'httpd', '-f', '-p', '80');
    stateDir =
      readFileSync(`/proc/${lab.daemonPid()}/environ`, 'utf8')
        .split('\0')
        .find((e) => e.startsWith('ROOTLESSKIT_STATE_DIR='))
        ?.slice('ROOTLESSKIT_STATE_DIR='.length) ?? '';
    const conn = await connect('local', { dockerHost: lab.dockerHost });
    try {
      snap = await capture(conn);
    } finally {
      await conn.close();
    }
  }, 300_000);

  afterAll(async () => {
    await lab?.stop();
  }, 90_000);

  it('records the drivers RootlessKit reports, and the docker-proxy listening inside', () => {
    type Info = { networkDriver?: { driver: string; childIP?: string }; portDriver?: { driver: string } };
    const info = JSON.parse(
      lab.asUser(['rootlessctl', '--socket', `${stateDir}/api.sock`, 'info', '--json']),
    ) as Info;
    expect(info.portDriver?.driver).toBe('slirp4netns');
    expect(snap.host.rootlessKit).toMatchObject({
      portDriver: 'slirp4netns',
      network: info.networkDriver?.driver,
      childIp: info.networkDriver?.childIP,
    });
    const childPid = readFileSync(`${stateDir}/child_pid`, 'utf8').trim();
    const ss = execFileSync(
      'nsenter',
      ['-U', '-n', '-t', childPid, 'ss', '-Hltnp', 'sport', '=', `:${PORT}`],
      {
        encoding: 'utf8',
      },
    );
    const held = [...ss.matchAll(/ (\S+):\d+ .*users:\(\("docker-proxy",pid=(\d+),/g)].map((m) => ({
      address: (m[1] ?? '').replace(/^\[|\]$/g, ''),
      pid: Number(m[2]),
    }));
    expect(held.length, ss).toBeGreaterThan(0);
    for (const { address, pid } of held) {
      expect(snap.proxies?.find((p) => p.pid === pid)).toMatchObject({ hostIp: address, hostPort: PORT });
      expect(snap.listeners?.find((l) => l.port === PORT && l.address === address)?.processes).toEqual([
        { name: 'docker-proxy', pid },
      ]);
    }
  });

  it('traces the published port: slirp4netns on the real host, tap0 inside, DNAT to the container', () => {
    // slirp4netns holds the port on the real host.
    const hostSs = execFileSync('ss', ['-Hltnp', 'sport', '=', `:${PORT}`], { encoding: 'utf8' });
    expect(hostSs).toMatch(/users:\(\("slirp4netns",/);
    type Addr = { addr_info: { family: string; local: string }[] };
    const tap = JSON.parse(lab.inside('ip', '-j', 'addr', 'show', 'tap0')) as Addr[];
    const tapIp = tap[0]?.addr_info.find((a) => a.family === 'inet')?.local;
    const address = lab.docker(
      'inspect',
      '-f',
      '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}',
      NAME,
    );
    const rule = lab
      .inside('iptables-save', '-t', 'nat')
      .split('\n')
      .find((l) => l.includes(`--dport ${PORT} `) && l.includes('-j DNAT'));
    expect(rule).toContain(`--to-destination ${address}:80`);
    const r = tracePath(snap, { from: { kind: 'outside' }, to: { kind: 'host' }, port: PORT });
    const labels = r.hops.map((h) => `${h.kind} ${h.label}`);
    const order = [
      `socket tcp 0.0.0.0:${PORT} on the real host`,
      'process RootlessKit port driver: slirp4netns',
      `interface tap0 ${tapIp ?? ''}`,
      'chain nat PREROUTING',
      `nat DNAT → ${address}:80`,
      `endpoint ${NAME}:80/tcp`,
    ];
    const at = order.map((l) => labels.indexOf(l));
    expect(at, labels.join(' | ')).toEqual([...at].sort((x, y) => x - y));
    expect(
      at.every((i) => i > 0),
      labels.join(' | '),
    ).toBe(true);
    expect(r.hops[at[0] ?? 0]?.detail).toMatch(/^listening: slirp4netns/);
    expect(r).toMatchObject({ verdict: 'delivered' });
    expect(r.delivered).toMatchObject({ containers: [NAME], address, port: 80 });
  });
});

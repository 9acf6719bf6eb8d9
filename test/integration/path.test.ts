// `netlens path --json` against real probes: for every case of issue 12, the verdict the engine gives
// on a capture of this machine agrees with a packet sent inside the lab's own namespaces (and with the
// expected answer). The capture shows the docker-proxy processes and the `[::]` bindings.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PathResult } from '../../src/model/path/types.js';
import { Snapshot } from '../../src/model/snapshot.js';
import { dockerAvailable } from '../support/lab.js';
import {
  CLIENT,
  createPathLab,
  HOST_OUT,
  ipOf,
  pingProbe,
  PORTS,
  PREFIX,
  removePathLab,
  tcpProbe,
  udpProbe,
} from '../support/path-lab.js';

const BIN = 'bin/netlens.js';
const built = existsSync('dist/src/cli/main.js');
if (!built && process.env.CI === 'true') throw new Error('CI: run `npm run build` before the path tests');
const enabled = built && dockerAvailable() && process.getuid?.() === 0;
if (!enabled && process.env.CI === 'true') throw new Error('CI: the path lab needs root and dockerd');

const dir = mkdtempSync(join(tmpdir(), 'nlp-path-'));
const file = join(dir, 'lab.json');

function netlens(...args: string[]): { code: number | null; result: PathResult; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, result: (r.stdout ? JSON.parse(r.stdout) : null) as PathResult, stderr: r.stderr };
}
const path = (from: string, to: string) => netlens('path', file, '--from', from, '--to', to, '--json');
const EXIT = { delivered: 0, blocked: 1, uncertain: 3 } as const;

describe.skipIf(!enabled)('netlens path agrees with real packets', () => {
  let snapshot: Snapshot;
  const ip: Record<string, string> = {};

  beforeAll(() => {
    createPathLab();
    for (const [name, net] of [
      ['web', 'app'],
      ['api', 'app'],
      ['db', 'db'],
      ['vault', 'int'],
    ] as const)
      ip[name] = ipOf(name, net);
    const r = spawnSync(process.execPath, [BIN, 'snapshot', '-o', file], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    snapshot = Snapshot.parse(JSON.parse(readFileSync(file, 'utf8')));
  }, 180_000);

  afterAll(() => {
    removePathLab();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the docker-proxy processes and the [::] bindings of published ports', () => {
    const web = (p: { containerIp: string }) => p.containerIp === ip.web;
    expect(
      snapshot.proxies
        ?.filter(web)
        .map((p) => `${p.protocol} ${p.hostIp} ${p.hostPort}`)
        .sort(),
    ).toEqual([`tcp 0.0.0.0 ${PORTS.web}`, `tcp 127.0.0.1 ${PORTS.webLoopback}`, `tcp :: ${PORTS.web}`]);
    const v6 = snapshot.listeners?.find((l) => l.port === PORTS.web && l.family === 'ipv6');
    expect(v6).toMatchObject({ address: '::', dualStack: false, processes: [{ name: 'docker-proxy' }] });
    expect(snapshot.listeners?.find((l) => l.port === PORTS.dns)).toMatchObject({
      protocol: 'udp',
      address: '127.0.0.1',
    });
    expect(snapshot.sysctls?.ipForward).toBe(true);
  });

  // [case, from, to (netlens), expected verdict, what the reason must say, the probe]
  type Case = [
    string,
    string,
    () => string,
    'delivered' | 'blocked',
    RegExp,
    () => boolean | Promise<boolean>,
  ];
  const cases: Case[] = [
    [
      'outside → published port',
      CLIENT,
      () => `${HOST_OUT}:${PORTS.web}`,
      'delivered',
      /^delivered to nlp-web/,
      () => tcpProbe('outside', HOST_OUT, PORTS.web),
    ],
    [
      'outside → port bound to 127.0.0.1',
      CLIENT,
      () => `${HOST_OUT}:${PORTS.webLoopback}`,
      'blocked',
      /^nothing on the host listens on 10\.239\.9\.1:28182\/tcp$/,
      () => tcpProbe('outside', HOST_OUT, PORTS.webLoopback),
    ],
    [
      'host → 127.0.0.1:published (docker-proxy)',
      'host',
      () => `127.0.0.1:${PORTS.web}`,
      'delivered',
      /^delivered to nlp-web/,
      () => tcpProbe('host', '127.0.0.1', PORTS.web),
    ],
    [
      'host → 127.0.0.1:udp bound to loopback (docker-proxy)',
      'host',
      () => `127.0.0.1:${PORTS.dns}/udp`,
      'delivered',
      /^delivered to nlp-dns .*:53\/udp\)$/,
      () => udpProbe('dns', 53, '127.0.0.1', PORTS.dns),
    ],
    [
      'host → container address',
      'host',
      () => `${PREFIX}web:80`,
      'delivered',
      /^delivered to nlp-web/,
      () => tcpProbe('host', ip.web ?? '', 80),
    ],
    [
      'container → container, same bridge',
      `${PREFIX}web`,
      () => `${PREFIX}api:80`,
      'delivered',
      /^delivered to nlp-api/,
      () => tcpProbe('web', ip.api ?? '', 80),
    ],
    [
      'container → container, across bridges',
      `${PREFIX}web`,
      () => `${PREFIX}db:80`,
      'blocked',
      /DOCKER-ISOLATION-STAGE-2 .* -j DROP$/,
      () => tcpProbe('web', ip.db ?? '', 80),
    ],
    [
      'container → internal network',
      `${PREFIX}web`,
      () => `${PREFIX}vault:80`,
      'blocked',
      /DOCKER-ISOLATION-STAGE-1 .* -j DROP$/,
      () => tcpProbe('web', ip.vault ?? '', 80),
    ],
    [
      'internal network → outside',
      `${PREFIX}vault`,
      () => CLIENT,
      'blocked',
      /DOCKER-ISOLATION-STAGE-1 #\d+: -A DOCKER-ISOLATION-STAGE-1 ! -d 10\.239\.3\.0\/24 -i br-\w+ -j DROP$/,
      () => pingProbe('vault', CLIENT),
    ],
    [
      'container → outside (MASQUERADE)',
      `${PREFIX}web`,
      () => CLIENT,
      'delivered',
      /^delivered to netns:/,
      () => pingProbe('web', CLIENT),
    ],
    [
      'container: mode → its owner',
      `${PREFIX}side`,
      () => `${PREFIX}web:80`,
      'delivered',
      /over loopback/,
      () => tcpProbe('side', '127.0.0.1', 80),
    ],
    [
      'host mode → user bridge',
      `${PREFIX}hostc`,
      () => `${PREFIX}db:80`,
      'delivered',
      /^delivered to nlp-db/,
      () => tcpProbe('hostc', ip.db ?? '', 80),
    ],
    [
      'container → host-mode container',
      `${PREFIX}web`,
      () => `${PREFIX}hostc:${PORTS.hostc}`,
      'delivered',
      /^delivered to a socket on the host/,
      () => tcpProbe('web', '10.239.1.1', PORTS.hostc),
    ],
    [
      'none mode → container',
      `${PREFIX}none`,
      () => `${PREFIX}web`,
      'blocked',
      /has only loopback \(network none\)/,
      () => pingProbe('none', ip.web ?? ''),
    ],
    [
      'macvlan → macvlan sibling',
      `${PREFIX}m1`,
      () => `${PREFIX}m2`,
      'delivered',
      /^delivered to nlp-m2/,
      () => pingProbe('m1', '10.239.5.11'),
    ],
    [
      'host → its macvlan child',
      'host',
      () => `${PREFIX}m1`,
      'blocked',
      /a parent cannot reach its macvlan children$/,
      () => pingProbe('host', '10.239.5.10'),
    ],
    [
      'macvlan child → the parent host',
      `${PREFIX}m1`,
      () => '10.239.5.1',
      'blocked',
      /a macvlan child cannot reach its parent$/,
      () => pingProbe('m1', '10.239.5.1'),
    ],
  ];

  for (const [name, from, to, expected, because, send] of cases) {
    it(`${name}: ${expected}`, async () => {
      const { code, result, stderr } = path(from, to());
      expect(stderr).toBe('');
      const probed = (await send()) ? 'delivered' : 'blocked';
      expect({ engine: result.verdict, probe: probed }, `${result.title}: ${result.reason}`).toEqual({
        engine: expected,
        probe: expected,
      });
      expect(result.reason).toMatch(because);
      expect(code).toBe(EXIT[result.verdict]);
    }, 60_000);
  }

  it('a live capture (--host local) gives the same answer as the file', () => {
    const live = netlens(
      'path',
      '--host',
      'local',
      '--from',
      'host',
      '--to',
      `127.0.0.1:${PORTS.web}`,
      '--json',
    );
    expect(live.code).toBe(0);
    expect(live.result.hops.some((h) => h.kind === 'process' && h.label.startsWith('docker-proxy'))).toBe(
      true,
    );
  }, 120_000);
});

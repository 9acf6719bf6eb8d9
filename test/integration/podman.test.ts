// A real rootful Podman (`podman system service` on the test's own socket, netavark): every container's
// namespace, interfaces, bridge and published ports in the capture match what nsenter, ip and
// iptables-save say, read independently by the test.
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture } from '../../src/capture/capturer.js';
import { connect } from '../../src/connection/connect.js';
import { Snapshot, type Snapshot as SnapshotT } from '../../src/model/snapshot.js';
import { sshdSkipReason, startSshd } from '../support/sshd.js';
import {
  PODMAN_IMAGE,
  PODMAN_RUN_LIMITS,
  podmanAvailable,
  startPodmanLab,
  type PodmanLab,
} from '../support/podman-lab.js';

const enabled = podmanAvailable();
const PREFIX = 'nlp';
const SUBNET = '10.89.201.0/24';

interface Truth {
  pid: number;
  netnsInode: number;
  eth0: { ifindex: number; peerIfindex: number; mac: string; address: string };
  hostVeth: string;
  bridge: string;
}

function json<T>(argv: string[]): T {
  return JSON.parse(execFileSync(argv[0] as string, argv.slice(1), { encoding: 'utf8' })) as T;
}

/** The kernel's own answer for one container, read with nsenter and ip, not through Netlens. */
function truthOf(lab: PodmanLab, name: string): Truth {
  const pid = Number(lab.run(['inspect', '--format', '{{.State.Pid}}', name]));
  const inode = Number(execFileSync('stat', ['-L', '-c', '%i', `/proc/${pid}/ns/net`], { encoding: 'utf8' }));
  type Link = { ifindex: number; ifname: string; link_index?: number; address: string; master?: string };
  type Addr = { ifname: string; addr_info: { family: string; local: string }[] };
  const inside = json<Link[]>([
    'nsenter',
    '-t',
    String(pid),
    '-n',
    'ip',
    '-j',
    'link',
    'show',
    'eth0',
  ])[0] as Link;
  const addr = json<Addr[]>([
    'nsenter',
    '-t',
    String(pid),
    '-n',
    'ip',
    '-j',
    'addr',
    'show',
    'eth0',
  ])[0] as Addr;
  const host = json<Link[]>(['ip', '-j', 'link', 'show']).find(
    (l) => l.ifindex === inside.link_index,
  ) as Link;
  return {
    pid,
    netnsInode: inode,
    eth0: {
      ifindex: inside.ifindex,
      peerIfindex: inside.link_index ?? -1,
      mac: inside.address,
      address: addr.addr_info.find((a) => a.family === 'inet')?.local ?? '',
    },
    hostVeth: host.ifname,
    bridge: host.master ?? '',
  };
}

/** DNAT rules of the host's nat table for these ports, as iptables-save prints them. */
function dnatRules(ports: number[]): string[] {
  const out = execFileSync('iptables-save', ['-t', 'nat'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => / -j DNAT /.test(l) && ports.some((p) => l.includes(`--dport ${p} `)))
    .sort();
}

describe.skipIf(!enabled)('capture of a real rootful Podman (netavark)', () => {
  let lab: PodmanLab;
  let snap: SnapshotT;

  beforeAll(async () => {
    lab = await startPodmanLab(PREFIX);
    lab.run(['network', 'create', '--subnet', SUBNET, `${PREFIX}-net`]);
    const run = (name: string, network: string, ...publish: string[]) =>
      lab.run([
        'run',
        '-d',
        '--name',
        name,
        '--network',
        network,
        ...PODMAN_RUN_LIMITS,
        ...publish,
        PODMAN_IMAGE,
        'httpd',
        '-f',
        '-p',
        '80',
      ]);
    run(`${PREFIX}-web`, `${PREFIX}-net`, '-p', '28181:80');
    run(`${PREFIX}-def`, 'podman', '-p', '127.0.0.1:28182:80', '-p', '28153:53/udp');
    const conn = await connect('local', { dockerHost: lab.dockerHost });
    try {
      snap = await capture(conn);
    } finally {
      await conn.close();
    }
  }, 120_000);

  afterAll(async () => {
    await lab?.stop();
  }, 60_000);

  it('is a valid snapshot that names the engine and the socket', () => {
    expect(Snapshot.safeParse(snap).success).toBe(true);
    expect(snap.host).toMatchObject({
      engine: 'podman',
      engineName: 'Podman Engine',
      dockerHost: lab.dockerHost,
    });
    expect(snap.host.collected).toEqual({ docker: true, kernel: true, firewall: true });
  });

  it("places each container in its own namespace, at Podman's netns path, with the kernel's interfaces", () => {
    for (const name of [`${PREFIX}-web`, `${PREFIX}-def`]) {
      const truth = truthOf(lab, name);
      const ns = snap.namespaces.find((n) => n.id === `container:${name}`);
      expect(ns, name).toMatchObject({ kind: 'container', inode: truth.netnsInode });
      expect(ns?.path).toMatch(/^\/var\/run\/netns\/netns-[0-9a-f-]+$/);
      const eth0 = snap.interfaces.find((i) => i.id === `container:${name}/eth0`);
      expect(eth0).toMatchObject({
        kind: 'veth',
        ifindex: truth.eth0.ifindex,
        mac: truth.eth0.mac,
        peer: `host/${truth.hostVeth}`,
      });
      expect(eth0?.addresses.map((a) => a.address)).toContain(truth.eth0.address);
      expect(snap.interfaces.find((i) => i.id === `host/${truth.hostVeth}`)).toMatchObject({
        ifindex: truth.eth0.peerIfindex,
        master: `host/${truth.bridge}`,
        peer: `container:${name}/eth0`,
      });
      const container = snap.containers.find((c) => c.name === name);
      expect(container?.namespace).toBe(`container:${name}`);
      expect(container?.pid).toBe(truth.pid);
      expect(container?.endpoints[0]?.interface).toBe(`container:${name}/eth0`);
    }
  });

  it("joins Podman's networks to the bridges it built (podman0, podman1…), under Podman's names", () => {
    const web = truthOf(lab, `${PREFIX}-web`);
    const def = truthOf(lab, `${PREFIX}-def`);
    expect(web.bridge).toMatch(/^podman\d+$/);
    expect(def.bridge).toBe('podman0');
    const mine = snap.networks.find((n) => n.name === `${PREFIX}-net`);
    expect(mine).toMatchObject({
      driver: 'bridge',
      bridge: `host/${web.bridge}`,
      subnets: [{ subnet: SUBNET }],
    });
    expect(mine?.endpoints.map((e) => e.container)).toEqual([`${PREFIX}-web`]);
    const podman = snap.networks.find((n) => n.name === 'podman');
    expect(podman?.bridge).toBe('host/podman0');
    expect(podman?.endpoints.map((e) => e.container)).toEqual([`${PREFIX}-def`]);
    expect(
      snap.findings.filter(
        (f) => f.code === 'network-device-missing' && f.subjects.some((s) => s.startsWith(PREFIX)),
      ),
    ).toEqual([]);
  });

  it("shows every published port as the DNAT flow iptables-save holds, through netavark's chains", () => {
    const rules = dnatRules([28181, 28182, 28153]);
    expect(rules).toHaveLength(3);
    const web = truthOf(lab, `${PREFIX}-web`);
    const def = truthOf(lab, `${PREFIX}-def`);
    const flows = snap.natFlows.filter(
      (f) => f.kind === 'dnat' && [28181, 28182, 28153].includes(f.hostPort),
    );
    expect(
      flows
        .map((f) => (f.kind === 'dnat' ? [f.id, f.toAddress, f.toPort, f.container, f.published] : []))
        .sort(),
    ).toEqual(
      [
        ['tcp/0.0.0.0:28181', web.eth0.address, 80, `${PREFIX}-web`, true],
        ['tcp/127.0.0.1:28182', def.eth0.address, 80, `${PREFIX}-def`, true],
        ['udp/0.0.0.0:28153', def.eth0.address, 53, `${PREFIX}-def`, true],
      ].sort(),
    );
    for (const flow of flows) {
      if (flow.kind !== 'dnat') continue;
      expect(flow.chainPath.slice(0, 2)).toEqual(['nat PREROUTING', 'nat NETAVARK-HOSTPORT-DNAT']);
      expect(flow.chainPath[2]).toMatch(/^nat NETAVARK-DN-/);
      // The flow's rule is one of the lines iptables-save printed (without counters).
      expect(rules).toContain(flow.rule?.replace(/^iptables-nft:ipv4:nat:[^:]+:/, ''));
    }
    expect(
      snap.findings.filter(
        (f) => f.code === 'published-port-without-dnat' && f.subjects.some((s) => s.startsWith(PREFIX)),
      ),
    ).toEqual([]);
  });

  it("hides each Podman subnet behind the host (MASQUERADE with the POSTROUTING jump's source)", () => {
    const masq = snap.natFlows.filter((f) => f.kind === 'masquerade' && f.network === `${PREFIX}-net`);
    expect(masq.map((m) => m.id)).toEqual([`masquerade/${SUBNET}->!224.0.0.0/4`]);
    expect(snap.natFlows.some((f) => f.kind === 'masquerade' && f.mark === '0x2000/0x2000')).toBe(true);
  });

  it('is reached the same way through DOCKER_HOST on the command line', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'snapshot'], {
      encoding: 'utf8',
      env: { ...process.env, DOCKER_HOST: lab.dockerHost },
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const fromCli = Snapshot.parse(JSON.parse(r.stdout));
    expect(fromCli.host.engine).toBe('podman');
    expect(fromCli.host.dockerHost).toBe(lab.dockerHost);
    expect(
      fromCli.containers
        .map((c) => c.name)
        .filter((n) => n.startsWith(PREFIX))
        .sort(),
    ).toEqual([`${PREFIX}-def`, `${PREFIX}-web`]);
  });
  it.skipIf(sshdSkipReason() !== undefined)(
    'is reached over SSH through the engine socket a target names, in one exec round trip',
    async () => {
      const sshd = await startSshd();
      try {
        const conn = await connect(`ssh://root@127.0.0.1:${sshd.port}`, {
          identityFile: sshd.identityFile,
          knownHostsPath: sshd.knownHostsFile,
          dockerHost: lab.dockerHost,
        });
        try {
          const before = conn.stats.execs;
          const remote = await capture(conn);
          expect(conn.stats.execs - before).toBe(1);
          expect(remote.host).toMatchObject({ engine: 'podman', dockerHost: lab.dockerHost });
          const mine = (s: SnapshotT) =>
            JSON.stringify({
              namespaces: s.namespaces.filter((n) => n.containers.some((c) => c.startsWith(PREFIX))),
              networks: s.networks.filter((n) => n.name === `${PREFIX}-net`),
              flows: s.natFlows.filter((f) => f.kind === 'dnat' && f.container?.startsWith(PREFIX)),
            });
          expect(mine(remote)).toBe(mine(snap));
        } finally {
          await conn.close();
        }
      } finally {
        await sshd.dispose();
      }
    },
    60_000,
  );
});

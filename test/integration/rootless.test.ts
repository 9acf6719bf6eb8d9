// A real rootless Docker (dockerd-rootless.sh: RootlessKit + slirp4netns) for a test user: the capture
// enters RootlessKit's namespaces as root, as the daemon's owner locally, and as that owner logged in
// over SSH (loopback sshd); every container's namespace, interfaces, veth peer, bridge and published
// ports match what nsenter, ip and iptables-save say inside them, read independently by the test.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture, createCapturer } from '../../src/capture/capturer.js';
import { parseDockerHost } from '../../src/connection/docker-host.js';
import { createLocalConnection, runLocal } from '../../src/connection/local.js';
import type { Connection } from '../../src/connection/types.js';
import { connect } from '../../src/connection/connect.js';
import { tracePath } from '../../src/model/path/engine.js';
import { Snapshot, type Snapshot as SnapshotT } from '../../src/model/snapshot.js';
import {
  ROOTLESS_IMAGE,
  rootlessAvailable,
  startRootlessLab,
  type RootlessLab,
} from '../support/rootless-lab.js';
import { options } from '../support/ssh-client.js';
import { sshdSkipReason, startSshd, type Sshd } from '../support/sshd.js';

const enabled = rootlessAvailable() && sshdSkipReason() === undefined;
const CONTAINERS = [
  { name: 'nlr-web', network: 'bridge', port: 28390, inner: 80 },
  { name: 'nlr-app', network: 'nlr-net', port: 28391, inner: 8080 },
  { name: 'nlr-quiet', network: 'nlr-net', port: null, inner: 8081 },
] as const;

type Link = { ifindex: number; ifname: string; link_index?: number; address: string; master?: string };
type Addr = { ifname: string; addr_info: { family: string; local: string; prefixlen: number }[] };

/** RootlessKit's state folder: Docker 20.10's dockerd-rootless.sh gives it no --state-dir, so it tells the engine. */
function kitStateDir(lab: RootlessLab): string | undefined {
  return readFileSync(`/proc/${lab.daemonPid()}/environ`, 'utf8')
    .split('\0')
    .find((e) => e.startsWith('ROOTLESSKIT_STATE_DIR='))
    ?.slice('ROOTLESSKIT_STATE_DIR='.length);
}

describe.skipIf(!enabled)('capture of a real rootless Docker', () => {
  let lab: RootlessLab;
  let sshd: Sshd;
  const snaps: [string, SnapshotT][] = [];

  beforeAll(async () => {
    lab = await startRootlessLab('nlrootless', 300_000);
    lab.docker('network', 'create', 'nlr-net');
    for (const c of CONTAINERS)
      lab.docker(
        'run',
        '-d',
        '--name',
        c.name,
        '--network',
        c.network,
        ...(c.port ? ['-p', `${c.port}:${c.inner}`] : []),
        ROOTLESS_IMAGE,
        'httpd',
        '-f',
        '-p',
        String(c.inner),
      );
    const conn = await connect('local', { dockerHost: lab.dockerHost });
    try {
      snaps.push(['root', await capture(conn)]);
    } finally {
      await conn.close();
    }
    // The owner needs no privilege on the host: its own user namespace is enough. Its commands run as
    // that user (runuser, as an SSH login of that user would run them); the API is the same socket.
    const local = createLocalConnection(process.env, parseDockerHost(lab.dockerHost));
    const owner: Connection = {
      ...local,
      isRoot: false,
      exec: (argv, opts) => runLocal(['runuser', '-u', lab.user, '--', ...argv], opts),
    };
    snaps.push(['owner', (await createCapturer(owner).capture({ full: true })).snapshot]);
    await local.close();
    // The same owner logged in over SSH: the socket is forwarded, the kernel exec runs in its session.
    sshd = await startSshd();
    lab.authorizeSsh(readFileSync(`${sshd.identityFile}.pub`, 'utf8'));
    const remote = await connect(
      `ssh://${lab.user}@127.0.0.1:${sshd.port}`,
      options(sshd, { dockerHost: lab.dockerHost }),
    );
    try {
      expect(remote.isRoot).toBe(false);
      snaps.push(['ssh', await capture(remote)]);
    } finally {
      await remote.close();
    }
  }, 300_000);

  afterAll(async () => {
    await sshd?.dispose();
    await lab?.stop();
  }, 90_000);

  it('reads the kernel and firewall inside RootlessKit: as root, as the owner, over SSH as the owner', () => {
    expect(snaps.map(([how]) => how)).toEqual(['root', 'owner', 'ssh']);
    for (const [, snap] of snaps) {
      expect(Snapshot.safeParse(snap).success).toBe(true);
      expect(snap.host).toMatchObject({ rootless: true, privilege: 'root', dockerHost: lab.dockerHost });
      expect(snap.host.collected).toEqual({ docker: true, kernel: true, firewall: true });
      expect(snap.warnings.find((w) => w.code === 'rootless')?.message).toMatch(
        /RootlessKit's network namespace/,
      );
      // RootlessKit's tap device (slirp4netns) is its way out.
      expect(snap.interfaces.map((i) => i.id)).toContain('host/tap0');
    }
  });

  it("shows every container's namespace, interfaces, veth peer and bridge as the kernel has them inside", () => {
    const hostLinks = JSON.parse(lab.inside('ip', '-j', 'link', 'show')) as Link[];
    for (const c of CONTAINERS) {
      const pid = lab.docker('inspect', '-f', '{{.State.Pid}}', c.name);
      const inode = Number(lab.inside('stat', '-L', '-c', '%i', `/proc/${pid}/ns/net`));
      const links = JSON.parse(lab.inside('nsenter', '-t', pid, '-n', 'ip', '-j', 'link', 'show')) as Link[];
      const addrs = JSON.parse(lab.inside('nsenter', '-t', pid, '-n', 'ip', '-j', 'addr', 'show')) as Addr[];
      const eth0 = links.find((l) => l.ifname === 'eth0') as Link;
      const hostEnd = hostLinks.find((l) => l.ifindex === eth0.link_index) as Link;
      const networkId = lab.docker('network', 'inspect', '-f', '{{.Id}}', c.network);
      const bridge = c.network === 'bridge' ? 'docker0' : `br-${networkId.slice(0, 12)}`;
      expect(hostEnd.master).toBe(bridge);
      for (const [how, snap] of snaps) {
        const ns = snap.namespaces.find((n) => n.id === `container:${c.name}`);
        expect(ns, `${how} ${c.name}`).toMatchObject({ kind: 'container', inode });
        expect(ns?.path).toMatch(new RegExp(`^/var/run/user/${lab.uid}/docker/netns/[0-9a-f]+$`));
        expect([...(ns?.interfaces ?? [])].sort()).toEqual(
          links.map((l) => `container:${c.name}/${l.ifname}`).sort(),
        );
        for (const link of links) {
          const iface = snap.interfaces.find((i) => i.id === `container:${c.name}/${link.ifname}`);
          expect(iface, `${how} ${c.name}/${link.ifname}`).toMatchObject({ ifindex: link.ifindex });
          const v4 = (addrs.find((a) => a.ifname === link.ifname)?.addr_info ?? [])
            .filter((a) => a.family === 'inet')
            .map((a) => `${a.local}/${a.prefixlen}`);
          expect(
            iface?.addresses.filter((a) => a.family === 'ipv4').map((a) => `${a.address}/${a.prefixLen}`),
          ).toEqual(v4);
        }
        expect(snap.interfaces.find((i) => i.id === `container:${c.name}/eth0`)).toMatchObject({
          mac: eth0.address,
          peer: `host/${hostEnd.ifname}`,
        });
        expect(snap.interfaces.find((i) => i.id === `host/${hostEnd.ifname}`)).toMatchObject({
          master: `host/${bridge}`,
          peer: `container:${c.name}/eth0`,
        });
        expect(snap.networks.find((n) => n.name === c.network)?.bridge).toBe(`host/${bridge}`);
      }
    }
  });

  it('shows every published port as the DNAT rule iptables-save prints inside, and no other', () => {
    const dnat = lab
      .inside('iptables-save', '-t', 'nat')
      .split('\n')
      .filter((l) => / --dport \d+ /.test(l) && l.includes('-j DNAT'));
    expect(dnat).toHaveLength(CONTAINERS.filter((c) => c.port).length);
    for (const c of CONTAINERS) {
      const address = lab.docker(
        'inspect',
        '-f',
        '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}',
        c.name,
      );
      for (const [how, snap] of snaps) {
        const flows = snap.natFlows.filter((f) => f.kind === 'dnat' && f.container === c.name);
        if (!c.port) {
          expect(flows, `${how} ${c.name}`).toEqual([]);
          continue;
        }
        const rule = dnat.find((l) => l.includes(`--dport ${c.port} `));
        expect(rule).toContain(`--to-destination ${address}:${c.inner}`);
        const flow = flows.find((f) => f.kind === 'dnat' && f.hostPort === c.port && f.family === 'ipv4');
        expect(flow, `${how} ${c.name}`).toMatchObject({
          toAddress: address,
          toPort: c.inner,
          published: true,
        });
        expect(flow?.rule).toBe(`iptables-nft:ipv4:nat:DOCKER:${rule ?? ''}`);
        expect(snap.findings.filter((f) => f.subjects.includes(c.name))).toEqual([]);
      }
    }
  });
  it("reads RootlessKit's drivers and forwarded ports as it says them, and traces each published port through them", () => {
    const stateDir = kitStateDir(lab);
    expect(stateDir).toMatch(/^\//);
    const sock = `${stateDir}/api.sock`;
    type Info = { networkDriver?: { driver: string; childIP?: string }; portDriver?: { driver: string } };
    const info = JSON.parse(lab.asUser(['rootlessctl', '--socket', sock, 'info', '--json'])) as Info;
    type Status = { spec: { proto: string; parentIP: string; parentPort: number; childPort: number } };
    const listed = lab
      .asUser(['rootlessctl', '--socket', sock, 'list-ports', '--json'])
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as Status).spec);
    const childPid = Number(readFileSync(`${stateDir}/child_pid`, 'utf8').trim());
    const parent = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${childPid}/status`, 'utf8'))?.[1]);
    const published = CONTAINERS.filter((c) => c.port !== null);
    // Docker publishes each port on 0.0.0.0 and on ::, and asks RootlessKit to forward both.
    expect([...new Set(listed.map((p) => p.parentPort))].sort()).toEqual(published.map((c) => c.port).sort());
    expect(listed.every((p) => p.parentIP === '0.0.0.0' || p.parentIP === '::')).toBe(true);
    for (const c of published) {
      // On the real host, the port is RootlessKit's parent's (the builtin driver), not a container's.
      const ss = execFileSync('ss', ['-Hltnp', 'sport', '=', `:${c.port}`], { encoding: 'utf8' });
      expect(ss).toContain(`pid=${parent},`);
    }
    for (const [how, snap] of snaps) {
      const kit = snap.host.rootlessKit;
      expect(kit, how).toMatchObject({
        pid: parent,
        childPid,
        network: info.networkDriver?.driver ?? null,
        portDriver: info.portDriver?.driver ?? null,
        childIp: info.networkDriver?.childIP ?? null,
      });
      expect(kit?.portDriver).toBe('builtin');
      expect(kit?.ports?.map((p) => [p.protocol, p.parentIp, p.parentPort, p.childPort])).toEqual(
        listed
          .map((p) => [p.proto.replace(/[46]$/, ''), p.parentIP, p.parentPort, p.childPort])
          .sort((a, b) => Number(a[2]) - Number(b[2]) || (String(a[1]) < String(b[1]) ? -1 : 1)),
      );
      for (const c of published) {
        const r = tracePath(snap, { from: { kind: 'outside' }, to: { kind: 'host' }, port: c.port });
        expect(r.verdict, `${how} ${c.name}: ${r.reason}`).toBe('delivered');
        expect(r.hops.slice(1, 3).map((h) => h.label)).toEqual([
          `tcp 0.0.0.0:${c.port} on the real host`,
          'RootlessKit port driver: builtin',
        ]);
        expect(r.hops[1]?.detail).toContain(`rootlesskit pid ${parent}`);
      }
      const closed = tracePath(snap, { from: { kind: 'outside' }, to: { kind: 'host' }, port: 28399 });
      expect(closed).toMatchObject({ verdict: 'blocked' });
    }
  });

  it("finds the rootless socket over SSH when none is named and /var/run/docker.sock is not the user's", async () => {
    // What the user's own docker would meet: the rootful socket is not theirs to open.
    const denied = lab.asUser([
      'sh',
      '-c',
      'test -r /var/run/docker.sock -a -w /var/run/docker.sock || echo denied',
    ]);
    expect(denied).toBe('denied');
    const remote = await connect(`ssh://${lab.user}@127.0.0.1:${sshd.port}`, options(sshd));
    try {
      expect(remote.dockerHost).toBe(lab.dockerHost);
      expect(remote).toMatchObject({ dockerSocketFrom: 'rootless' });
      const snap = await capture(remote);
      expect(snap.host).toMatchObject({ rootless: true, dockerHost: lab.dockerHost });
      expect(snap.host.rootlessKit?.childPid).toBe(
        Number(readFileSync(`${kitStateDir(lab) ?? ''}/child_pid`, 'utf8')),
      );
      expect(snap.namespaces.map((n) => n.id)).toEqual(
        expect.arrayContaining(CONTAINERS.map((c) => `container:${c.name}`)),
      );
    } finally {
      await remote.close();
    }
  });

  it("goes on from RootlessKit's builtin driver to the docker-proxy listening inside its namespace, and to the container", () => {
    const childPid = readFileSync(`${kitStateDir(lab) ?? ''}/child_pid`, 'utf8').trim();
    for (const c of CONTAINERS.filter((x) => x.port !== null)) {
      // What the kernel says inside, read as root from the real host: the loopback socket RootlessKit's
      // child connects to, and the process holding it.
      const ss = execFileSync(
        'nsenter',
        ['-U', '-n', '-t', childPid, 'ss', '-Hltnp', 'sport', '=', `:${c.port}`],
        { encoding: 'utf8' },
      );
      const line = ss.split('\n').find((l) => l.includes(` 127.0.0.1:${c.port} `)) ?? '';
      const holder = /users:\(\("([^"]+)",pid=(\d+),/.exec(line);
      expect(holder?.[1], ss).toBe('docker-proxy');
      const pid = Number(holder?.[2]);
      const address = lab.docker(
        'inspect',
        '-f',
        '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}',
        c.name,
      );
      for (const [how, snap] of snaps) {
        expect(
          snap.proxies?.find((p) => p.pid === pid),
          `${how} ${c.name}`,
        ).toMatchObject({
          protocol: 'tcp',
          hostIp: '127.0.0.1',
          hostPort: c.port,
          containerIp: address,
          containerPort: c.inner,
        });
        const r = tracePath(snap, { from: { kind: 'outside' }, to: { kind: 'host' }, port: c.port });
        const labels = r.hops.map((h) => `${h.kind} ${h.label}`);
        const at = (label: string) => labels.indexOf(label);
        // In this order: the real host's port, the driver, the namespace's socket, its docker-proxy,
        // the container.
        const order = [
          `socket tcp 0.0.0.0:${c.port} on the real host`,
          'process RootlessKit port driver: builtin',
          `socket tcp 127.0.0.1:${c.port}`,
          `process docker-proxy pid ${pid} in RootlessKit's namespace`,
          `endpoint ${c.name}:${c.inner}/tcp`,
        ];
        expect(order.map(at), `${how} ${c.name}: ${labels.join(' | ')}`).toEqual(
          [...order.map(at)].sort((a, b) => a - b),
        );
        expect(order.map(at).every((i) => i > 0)).toBe(true);
        expect(r.hops[at(`socket tcp 127.0.0.1:${c.port}`)]?.detail).toBe(
          `listening: docker-proxy pid ${pid}`,
        );
        expect(r.hops[at(order[3] ?? '')]?.detail).toContain(`→ ${address}:${c.inner}`);
        expect(r).toMatchObject({ verdict: 'delivered' });
        expect(r.delivered).toMatchObject({ containers: [c.name], address, port: c.inner });
      }
    }
  });
});

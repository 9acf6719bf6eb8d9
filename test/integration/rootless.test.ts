// A real rootless Docker (dockerd-rootless.sh: RootlessKit + slirp4netns) for a test user: the capture
// enters RootlessKit's namespaces, as root and as the daemon's owner, and its namespaces, veths,
// bridge and published port match what nsenter, ip and iptables-save say inside them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture, createCapturer } from '../../src/capture/capturer.js';
import { parseDockerHost } from '../../src/connection/docker-host.js';
import { createLocalConnection, runLocal } from '../../src/connection/local.js';
import type { Connection } from '../../src/connection/types.js';
import { connect } from '../../src/connection/connect.js';
import { Snapshot, type Snapshot as SnapshotT } from '../../src/model/snapshot.js';
import {
  ROOTLESS_IMAGE,
  rootlessAvailable,
  startRootlessLab,
  type RootlessLab,
} from '../support/rootless-lab.js';

const enabled = rootlessAvailable();
const PORT = 28390;

describe.skipIf(!enabled)('capture of a real rootless Docker', () => {
  let lab: RootlessLab;
  let asRoot: SnapshotT;
  let asOwner: SnapshotT;

  beforeAll(async () => {
    lab = await startRootlessLab('nlrootless', 300_000);
    lab.docker(
      'run',
      '-d',
      '--name',
      'nlr-web',
      '-p',
      `${PORT}:80`,
      ROOTLESS_IMAGE,
      'httpd',
      '-f',
      '-p',
      '80',
    );
    const conn = await connect('local', { dockerHost: lab.dockerHost });
    try {
      asRoot = await capture(conn);
    } finally {
      await conn.close();
    }
    // The owner needs no privilege on the host: its own user namespace is enough. Its commands run as
    // that user (runuser, as an SSH login of that user would run them); the API is the same socket.
    const local = createLocalConnection(process.env, parseDockerHost(lab.dockerHost));
    const owner: Connection = {
      ...local,
      isRoot: false,
      exec: (argv, options) => runLocal(['runuser', '-u', lab.user, '--', ...argv], options),
    };
    asOwner = (await createCapturer(owner).capture({ full: true })).snapshot;
    await local.close();
  }, 240_000);

  afterAll(async () => {
    await lab?.stop();
  }, 90_000);

  it('reads the kernel and firewall inside RootlessKit, as root and as the owner', () => {
    for (const snap of [asRoot, asOwner]) {
      expect(Snapshot.safeParse(snap).success).toBe(true);
      expect(snap.host).toMatchObject({ rootless: true, privilege: 'root', dockerHost: lab.dockerHost });
      expect(snap.host.collected).toEqual({ docker: true, kernel: true, firewall: true });
      expect(snap.warnings.find((w) => w.code === 'rootless')?.message).toMatch(
        /RootlessKit's network namespace/,
      );
    }
  });

  it("shows the container's namespace, veth pair and bridge as the kernel has them inside", () => {
    const pid = lab.docker('inspect', '-f', '{{.State.Pid}}', 'nlr-web');
    type Link = { ifindex: number; ifname: string; link_index?: number; address: string; master?: string };
    const eth0 = (
      JSON.parse(lab.inside('nsenter', '-t', pid, '-n', 'ip', '-j', 'link', 'show', 'eth0')) as Link[]
    )[0] as Link;
    const links = JSON.parse(lab.inside('ip', '-j', 'link', 'show')) as Link[];
    const hostEnd = links.find((l) => l.ifindex === eth0.link_index) as Link;
    expect(hostEnd.master).toBe('docker0');
    const inode = Number(lab.inside('stat', '-L', '-c', '%i', `/proc/${pid}/ns/net`));
    for (const snap of [asRoot, asOwner]) {
      const ns = snap.namespaces.find((n) => n.id === 'container:nlr-web');
      expect(ns).toMatchObject({ kind: 'container', inode });
      expect(ns?.path).toMatch(new RegExp(`^/var/run/user/${lab.uid}/docker/netns/[0-9a-f]+$`));
      expect(snap.interfaces.find((i) => i.id === 'container:nlr-web/eth0')).toMatchObject({
        ifindex: eth0.ifindex,
        mac: eth0.address,
        peer: `host/${hostEnd.ifname}`,
      });
      expect(snap.interfaces.find((i) => i.id === `host/${hostEnd.ifname}`)).toMatchObject({
        master: 'host/docker0',
      });
      // RootlessKit's tap device (slirp4netns) is its way out.
      expect(snap.interfaces.map((i) => i.id)).toContain('host/tap0');
      expect(snap.networks.find((n) => n.name === 'bridge')?.bridge).toBe('host/docker0');
    }
  });

  it('shows the published port as the DNAT rule iptables-save prints inside', () => {
    const rule = lab
      .inside('iptables-save', '-t', 'nat')
      .split('\n')
      .find((l) => l.includes(`--dport ${PORT} `) && l.includes('-j DNAT'));
    expect(rule).toBeDefined();
    const address = lab.docker('inspect', '-f', '{{.NetworkSettings.IPAddress}}', 'nlr-web');
    for (const snap of [asRoot, asOwner]) {
      const flow = snap.natFlows.find((f) => f.kind === 'dnat' && f.hostPort === PORT && f.family === 'ipv4');
      expect(flow).toMatchObject({ container: 'nlr-web', toAddress: address, toPort: 80, published: true });
      expect(flow?.rule).toBe(`iptables-nft:ipv4:nat:DOCKER:${rule ?? ''}`);
      expect(snap.findings.filter((f) => f.subjects.includes('nlr-web'))).toEqual([]);
    }
  });
});

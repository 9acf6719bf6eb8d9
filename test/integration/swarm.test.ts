// Single-node Swarm on a second engine of the test's own (its own mount and network namespaces, see
// swarm-lab.ts), captured by `netlens snapshot` run on that host: overlay sandboxes named after their
// network with br0/vxlan0 and the VNI, the ingress and load-balancer sandboxes, docker_gwbridge, the
// service and its tasks, and what the routing mesh does with the published port, each checked
// against nsenter/ip/bridge/iptables-save run independently inside the lab host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Snapshot, type Snapshot as SnapshotT } from '../../src/model/snapshot.js';
import { waitFor } from '../support/lab.js';
import { SWARM_IMAGE, startSwarmLab, type SwarmLab } from '../support/swarm-lab.js';

const PREFIX = 'nlsw';
const PORT = 28480;
const SUBNET = '10.254.91.0/24';
const enabled = process.getuid?.() === 0;

describe.skipIf(!enabled)('capture of a single-node Swarm with an overlay network and a service', () => {
  let lab: SwarmLab;
  let snap: SnapshotT;
  let overlayId: string;
  let ingressId: string;
  const inNs = (path: string, ...argv: string[]) => lab.exec(['nsenter', `--net=${path}`, ...argv]);

  beforeAll(async () => {
    lab = await startSwarmLab(PREFIX, '10.253.91.1', '10.253.91.2');
    overlayId = lab.docker(
      'network',
      'create',
      '-d',
      'overlay',
      '--attachable',
      '--subnet',
      SUBNET,
      `${PREFIX}-ov`,
    );
    ingressId = lab.docker('network', 'inspect', '-f', '{{.Id}}', 'ingress');
    lab.docker(
      'service',
      'create',
      '--detach',
      '--name',
      `${PREFIX}-web`,
      '--network',
      `${PREFIX}-ov`,
      '-p',
      `${PORT}:80`,
      '--replicas',
      '2',
      SWARM_IMAGE,
      'httpd',
      '-f',
      '-p',
      '80',
    );
    await waitFor(
      () => lab.docker('ps', '-q', '--filter', `name=${PREFIX}-web`).split('\n').filter(Boolean).length === 2,
      60_000,
      'two running tasks',
    );
    // Netlens run on the lab host, as its operator would.
    const out = lab.exec(['node', '--import', 'tsx', 'src/cli/main.ts', 'snapshot'], {
      cwd: process.cwd(),
      timeoutMs: 120_000,
    });
    snap = Snapshot.parse(JSON.parse(out));
  }, 240_000);

  afterAll(async () => {
    await lab?.stop();
  }, 60_000);

  const ns = (id: string) => snap.namespaces.find((n) => n.id === id);
  const inode = (path: string) => Number(lab.exec(['stat', '-L', '-c', '%i', path]));

  it('knows the node is a Swarm manager advertising its address', () => {
    expect(snap.host.swarm).toMatchObject({ manager: true, nodeAddr: lab.address });
    expect(snap.host.collected).toEqual({ docker: true, kernel: true, firewall: true });
  });

  it('names every sandbox after its network and role, none left anonymous', () => {
    const files = lab.exec(['ls', '/var/run/docker/netns']).split('\n');
    const expected = new Map<string, string>([
      [files.find((f) => f.endsWith(`-${overlayId.slice(0, 10)}`)) ?? '?', `overlay:${PREFIX}-ov`],
      [files.find((f) => f.endsWith(`-${ingressId.slice(0, 10)}`)) ?? '?', 'overlay:ingress'],
      ['ingress_sbox', 'ingress-sbox:ingress'],
      [
        files.find((f) => f.startsWith('lb_') && overlayId.startsWith(f.slice(3))) ?? '?',
        `load-balancer:${PREFIX}-ov`,
      ],
    ]);
    for (const [file, id] of expected) {
      const path = `/var/run/docker/netns/${file}`;
      expect(ns(id), `${id} (${file})`).toMatchObject({ kind: 'netns', path, inode: inode(path) });
    }
    expect(ns(`overlay:${PREFIX}-ov`)).toMatchObject({ role: 'overlay', network: `${PREFIX}-ov` });
    expect(ns('ingress-sbox:ingress')).toMatchObject({ role: 'ingress-sbox', network: 'ingress' });
    expect(ns(`load-balancer:${PREFIX}-ov`)).toMatchObject({
      role: 'load-balancer',
      network: `${PREFIX}-ov`,
    });
    expect(snap.namespaces.filter((n) => n.id.startsWith('netns:'))).toEqual([]);
  });

  it('shows br0 and vxlan0 with the VNI the kernel and the engine give, and the VTEPs', () => {
    for (const [name, id] of [
      [`${PREFIX}-ov`, overlayId],
      ['ingress', ingressId],
    ] as const) {
      const path = ns(`overlay:${name}`)?.path as string;
      type Link = { ifname: string; master?: string; linkinfo?: { info_data?: { id?: number } } };
      const links = JSON.parse(inNs(path, 'ip', '-d', '-j', 'link', 'show')) as Link[];
      const vxlan = links.find((l) => l.ifname.startsWith('vxlan')) as Link;
      const vni = vxlan.linkinfo?.info_data?.id;
      expect(
        lab.docker(
          'network',
          'inspect',
          '-f',
          '{{index .Options "com.docker.network.driver.overlay.vxlanid_list"}}',
          id,
        ),
      ).toBe(String(vni));
      const fdb = JSON.parse(inNs(path, 'bridge', '-j', 'fdb', 'show', 'dev', vxlan.ifname)) as {
        mac: string;
        dst?: string;
      }[];
      const device = snap.interfaces.find((i) => i.id === `overlay:${name}/${vxlan.ifname}`);
      expect(device).toMatchObject({ kind: 'vxlan', master: `overlay:${name}/${vxlan.master ?? ''}` });
      expect(device?.vxlan).toEqual({
        vni,
        local: lab.address,
        port: 4789,
        peers: fdb.filter((e) => e.dst).map((e) => ({ mac: e.mac, dst: e.dst })),
      });
      const network = snap.networks.find((n) => n.name === name);
      expect(network).toMatchObject({
        driver: 'overlay',
        scope: 'swarm',
        bridge: `overlay:${name}/${vxlan.master ?? ''}`,
      });
    }
    expect(snap.networks.find((n) => n.name === `${PREFIX}-ov`)?.subnets).toEqual([
      { subnet: SUBNET, gateway: '10.254.91.1' },
    ]);
  });

  it("plugs each task's interfaces into the overlay's br0 and docker_gwbridge, as the kernel has them", () => {
    const names = lab
      .docker('ps', '--format', '{{.Names}}', '--filter', `name=${PREFIX}-web`)
      .split('\n')
      .sort();
    expect(names).toHaveLength(2);
    for (const name of names) {
      const pid = lab.docker('inspect', '-f', '{{.State.Pid}}', name);
      type Link = { ifname: string; ifindex: number; link_index?: number; address: string };
      const links = JSON.parse(lab.exec(['nsenter', '-t', pid, '-n', 'ip', '-j', 'link', 'show'])) as Link[];
      const container = snap.containers.find((c) => c.name === name);
      expect(container?.namespace).toBe(`container:${name}`);
      for (const link of links.filter((l) => l.link_index !== undefined)) {
        const iface = snap.interfaces.find((i) => i.id === `container:${name}/${link.ifname}`);
        expect(iface, link.ifname).toMatchObject({ kind: 'veth', ifindex: link.ifindex, mac: link.address });
        const peer = snap.interfaces.find((i) => i.id === iface?.peer);
        expect(peer?.ifindex, `${name}/${link.ifname}`).toBe(link.link_index);
      }
      // Its overlay endpoints sit on the overlays' br0; its third veth (no Docker endpoint lists it)
      // on docker_gwbridge, the way out of the swarm.
      const byNet = new Map(container?.endpoints.map((e) => [e.network, e.interface]));
      const masterOf = (id: string | null | undefined) =>
        snap.interfaces.find((i) => i.id === snap.interfaces.find((x) => x.id === id)?.peer)?.master;
      expect(masterOf(byNet.get(`${PREFIX}-ov`))).toBe(`overlay:${PREFIX}-ov/br0`);
      expect(masterOf(byNet.get('ingress'))).toBe('overlay:ingress/br0');
      const masters = links
        .filter((l) => l.link_index !== undefined)
        .map((l) => masterOf(`container:${name}/${l.ifname}`))
        .sort();
      expect(masters).toEqual(
        ['host/docker_gwbridge', 'overlay:ingress/br0', `overlay:${PREFIX}-ov/br0`].sort(),
      );
    }
    expect(snap.networks.find((n) => n.name === 'docker_gwbridge')?.bridge).toBe('host/docker_gwbridge');
    const sbox = JSON.parse(inNs('/var/run/docker/netns/ingress_sbox', 'ip', '-j', 'addr', 'show')) as {
      ifname: string;
      addr_info: { local: string }[];
    }[];
    for (const link of sbox.filter((l) => l.ifname !== 'lo'))
      expect(
        snap.interfaces
          .find((i) => i.id === `ingress-sbox:ingress/${link.ifname}`)
          ?.addresses.map((a) => a.address),
      ).toEqual(link.addr_info.map((a) => a.local).sort());
  });

  it('lists the service, its published port and its tasks from the Swarm API', () => {
    const service = snap.services?.find((s) => s.name === `${PREFIX}-web`);
    expect(service).toMatchObject({ mode: 'replicated', replicas: 2 });
    expect(service?.ports).toEqual([
      { protocol: 'tcp', targetPort: 80, publishedPort: PORT, publishMode: 'ingress' },
    ]);
    expect(service?.networks.map((n) => n.network)).toEqual(['ingress', `${PREFIX}-ov`].sort());
    expect(service?.tasks.map((t) => t.container).sort()).toEqual(
      lab.docker('ps', '--format', '{{.Names}}', '--filter', `name=${PREFIX}-web`).split('\n').sort(),
    );
    for (const task of service?.tasks ?? [])
      expect(task).toMatchObject({ state: 'running', desiredState: 'running' });
  });

  it("reads each mesh sandbox's IPVS table and mangle marks as nsenter in it sees them", () => {
    const sandboxes = snap.namespaces.filter((n) => n.role === 'ingress-sbox' || n.role === 'load-balancer');
    expect(sandboxes.map((n) => n.role).sort()).toEqual(['ingress-sbox', 'load-balancer']);
    for (const n of sandboxes) {
      const path = n.path as string;
      // /proc/net is the reader's namespace's: present only where the kernel has IPVS.
      const table = inNs(path, 'sh', '-c', 'cat /proc/net/ip_vs 2>/dev/null || echo absent');
      const marks = inNs(path, 'iptables-save', '-t', 'mangle')
        .split('\n')
        .filter((l) => l.startsWith('-A ') && l.includes(' -j MARK '));
      expect(
        n.mesh?.marks?.map((m) => m.rule),
        n.id,
      ).toEqual(marks);
      if (table === 'absent')
        expect(n.mesh, n.id).toMatchObject({ ipvs: 'absent', services: [], error: null });
      else {
        expect(n.mesh?.ipvs, n.id).toBe('read');
        const fwms = table.split('\n').filter((l) => l.startsWith('FWM '));
        expect(
          n.mesh?.services.map((v) => v.fwmark),
          n.id,
        ).toEqual(fwms.map((l) => parseInt(l.slice(5, 13), 16)));
      }
    }
  });

  it('shows the routing-mesh rule when DOCKER-INGRESS has one, and says so when it has none', () => {
    const rules = lab
      .exec(['iptables-save', '-t', 'nat'])
      .split('\n')
      .filter((l) => l.startsWith('-A DOCKER-INGRESS') && l.includes(`--dport ${PORT} `));
    const finding = snap.findings.find((f) => f.code === 'service-port-without-ingress');
    const flow = snap.natFlows.find((f) => f.kind === 'dnat' && f.hostPort === PORT);
    if (rules.length === 0) {
      // This kernel has no IPVS: the engine runs the service and writes no ingress rule at all.
      expect(finding).toMatchObject({ severity: 'error', subjects: [`${PREFIX}-web`, `tcp/${PORT}`] });
      expect(flow).toBeUndefined();
    } else {
      expect(finding).toBeUndefined();
      expect(flow).toMatchObject({ service: `${PREFIX}-web`, published: true, container: null });
      expect(flow?.kind === 'dnat' && flow.chainPath).toContain('nat DOCKER-INGRESS');
    }
  });
});

// A real rootless Podman (`podman system service` as a test user): the engine is told apart (Podman,
// rootless: its compat /info does not say so, /libpod/info does), its containers' namespaces are read
// inside Podman's user and mount namespaces (entered through its pause process) and checked against
// nsenter/ip run there independently, and the real host's firewall (here a rootful dockerd's rules)
// is not drawn as this engine's.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture } from '../../src/capture/capturer.js';
import { connect } from '../../src/connection/connect.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { rootlessAvailable } from '../support/rootless-lab.js';
import { PODMAN_IMAGE, podmanAvailable } from '../support/podman-lab.js';
import { startRootlessPodmanLab, type RootlessPodmanLab } from '../support/podman-rootless-lab.js';

const enabled = podmanAvailable() && rootlessAvailable();
const NET = 'nlpr-net';
const CONTAINERS = [
  { name: 'nlpr-web', network: null, port: 28401 },
  { name: 'nlpr-app', network: NET, port: 28402 },
] as const;

describe.skipIf(!enabled)('capture of a real rootless Podman', () => {
  let lab: RootlessPodmanLab;
  let snap: Snapshot;

  beforeAll(async () => {
    lab = await startRootlessPodmanLab('nlpodrl', 700_000);
    lab.podman(['network', 'create', NET]);
    for (const c of CONTAINERS)
      lab.podman([
        'run',
        '-d',
        '--name',
        c.name,
        ...(c.network ? ['--network', c.network] : []),
        '-p',
        `${c.port}:80`,
        PODMAN_IMAGE,
        'httpd',
        '-f',
        '-p',
        '80',
      ]);
    const conn = await connect('local', { dockerHost: lab.dockerHost });
    try {
      snap = await capture(conn);
    } finally {
      await conn.close();
    }
  }, 300_000);

  afterAll(async () => {
    await lab?.stop();
  }, 120_000);

  it('tells rootless Podman apart and says what it does not read', () => {
    const info = JSON.parse(lab.podman(['info', '--format', 'json'])) as {
      host: { security: { rootless: boolean } };
    };
    expect(info.host.security.rootless).toBe(true);
    expect(snap.host).toMatchObject({
      engine: 'podman',
      rootless: true,
      rootlessKit: null,
      dockerHost: lab.dockerHost,
      collected: { docker: true, kernel: true, firewall: false },
    });
    const warning = snap.warnings.find((w) => w.code === 'rootless-podman')?.message ?? '';
    expect(warning).toMatch(
      /^rootless Podman: its containers' namespaces were read inside Podman's user and mount namespaces/,
    );
    expect(warning).not.toMatch(/RootlessKit/);
    // Nothing of the real host's other engines' folders, and no refused firewall read.
    expect(snap.warnings.map((w) => w.message).join('\n')).not.toMatch(
      /permission denied|\/var\/run\/docker\/netns/i,
    );
  });

  it("reads each container's namespace inside Podman's namespaces, as nsenter there sees it", () => {
    const pause = readFileSync(`/run/user/${lab.uid}/libpod/tmp/pause.pid`, 'utf8').trim();
    const inPodman = (...argv: string[]) =>
      execFileSync('nsenter', ['-U', '-m', '-t', pause, '--', ...argv], { encoding: 'utf8' });
    type Link = { ifname: string; ifindex: number; link_index?: number; addr_info: { local: string }[] };
    for (const c of CONTAINERS) {
      const key = lab.podman(['inspect', '-f', '{{.NetworkSettings.SandboxKey}}', c.name]);
      const container = snap.containers.find((x) => x.name === c.name);
      const ns = snap.namespaces.find((n) => n.id === container?.namespace);
      expect(ns, c.name).toMatchObject({ kind: 'container', path: `/var${key}` });
      const links = JSON.parse(inPodman('nsenter', `--net=${key}`, 'ip', '-j', 'addr', 'show')) as Link[];
      expect(ns?.interfaces.slice().sort(), c.name).toEqual(links.map((l) => `${ns?.id}/${l.ifname}`).sort());
      for (const l of links) {
        const iface = snap.interfaces.find((i) => i.id === `${ns?.id}/${l.ifname}`);
        expect(iface?.ifindex).toBe(l.ifindex);
        expect(iface?.addresses.map((a) => a.address).sort()).toEqual(l.addr_info.map((a) => a.local).sort());
      }
      if (c.network) {
        // Its veth's other end is on the network's bridge, in Podman's rootless network namespace.
        const bridge = lab.podman(['network', 'inspect', '-f', '{{.NetworkInterface}}', c.network]);
        const eth0 = snap.interfaces.find((i) => i.id === `${ns?.id}/eth0`);
        const peer = snap.interfaces.find((i) => i.id === eth0?.peer);
        expect(eth0?.kind).toBe('veth');
        expect(peer?.master?.endsWith(`/${bridge}`), `${c.name}: ${peer?.id ?? 'no peer'}`).toBe(true);
        expect(snap.namespaces.find((n) => n.id === peer?.namespace)?.path).toMatch(
          new RegExp(`^/var/run/user/${lab.uid}/netns/rootless-netns`),
        );
      }
    }
  });

  it("shows the containers, their addresses and published ports as podman says, and none of the real host's rules", () => {
    const names = lab.podman(['ps', '-a', '--format', '{{.Names}}']).split('\n').filter(Boolean).sort();
    expect(snap.containers.map((c) => c.name).sort()).toEqual(names);
    for (const c of CONTAINERS) {
      const container = snap.containers.find((x) => x.name === c.name);
      expect(container?.state).toBe('running');
      // `podman port` prints `80/tcp -> 0.0.0.0:28401`.
      const port = lab.podman(['port', c.name]);
      expect(port).toContain(`-> 0.0.0.0:${c.port}`);
      expect(container?.ports).toEqual([
        { protocol: 'tcp', containerPort: 80, hostIp: '0.0.0.0', hostPort: c.port },
      ]);
      if (c.network) {
        const address = lab.podman([
          'inspect',
          '-f',
          `{{(index .NetworkSettings.Networks "${c.network}").IPAddress}}`,
          c.name,
        ]);
        expect(container?.endpoints.find((e) => e.network === c.network)?.ipv4).toBe(address);
      }
    }
    expect(snap.networks.map((n) => n.name)).toContain(NET);
    // The firewall read would be the real host's (the shared rootful dockerd's rules): not this engine's.
    expect(snap.natFlows).toEqual([]);
    expect(snap.firewall.rules).toEqual([]);
  });
});

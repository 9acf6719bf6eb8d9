// Docker Desktop, on answers shaped like Docker Desktop 4.37's (/version, /info: written after its
// documented output, since no Desktop runs here): detected from the answers or the socket, it gets a
// banner of what the VM hides and what is still shown, and this machine's kernel view is left out.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../src/capture/assemble.js';
import { DOCKER_DESKTOP_VM, vmOf } from '../../../src/capture/vm.js';
import { containerFact, engineFacts, networkFact } from '../../../src/collect/docker/docker-facts.js';
import type { DockerFacts } from '../../../src/collect/docker/docker-facts.js';
import type { KernelReading } from '../../../src/collect/kernel/read-kernel.js';
import { Snapshot } from '../../../src/model/snapshot.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(`test/fixtures/docker/${name}`, 'utf8'));

function facts(version: string, info: string): DockerFacts {
  const problems: string[] = [];
  const containers = (fixture('engine-20.10-containers.json') as unknown[]).map((c) =>
    containerFact(c, problems),
  );
  const networks = (fixture('engine-20.10-networks.json') as unknown[]).map((n) => networkFact(n, problems));
  return {
    ...engineFacts(fixture(version), fixture(info), problems),
    containers: containers.filter((c) => c !== null),
    networks: networks.filter((n) => n !== null),
    services: [],
    problems,
  };
}

/** What the kernel script would read on the machine that runs Netlens (a laptop, not the VM). */
const laptopKernel: KernelReading['kernel'] = {
  hostname: 'laptop',
  kernel: '6.8.0',
  os: 'Ubuntu 24.04',
  privilege: 'root',
  host: { path: null, inode: 4026531840, links: [], routes: [], error: null },
  namespaces: [],
  problems: [],
};
const noFirewall: KernelReading['firewall'] = { backends: [], tables: [], problems: [] };
const laptop: KernelReading = {
  kernel: laptopKernel,
  firewall: noFirewall,
  cache: {
    raw: { sections: new Map() },
    docker: [],
    facts: laptopKernel,
    outputs: {},
    firewall: noFirewall,
    parsed: new Map(),
  },
};

describe('Docker Desktop', () => {
  const desktop = facts('desktop-4.37-version.json', 'desktop-4.37-info.json');

  it('is told from /info and /version', () => {
    expect(desktop).toMatchObject({
      engine: 'docker',
      desktop: true,
      engineName: 'Docker Desktop 4.37.1 (178610)',
    });
    expect(facts('engine-20.10-version.json', 'engine-20.10-info.json').desktop).toBe(false);
  });

  it('is told from its sockets when the answers do not say it', () => {
    const plain = { desktop: false };
    expect(vmOf(plain, 'unix:///Users/ann/.docker/run/docker.sock')).toBe(DOCKER_DESKTOP_VM);
    expect(vmOf(plain, 'unix:///home/ann/.docker/desktop/docker.sock')).toBe(DOCKER_DESKTOP_VM);
    expect(vmOf(plain, 'unix:///var/run/docker.sock')).toBeNull();
    expect(vmOf(plain, undefined)).toBeNull();
  });

  it("shows the API's view with a banner, and leaves this machine's kernel out", () => {
    const snap = assemble(
      'local',
      '2026-01-01T00:00:00.000Z',
      desktop,
      { ok: true, value: laptop },
      'unix:///var/run/docker.sock',
    );
    expect(Snapshot.safeParse(snap).success).toBe(true);
    expect(snap.host.vm).toEqual(DOCKER_DESKTOP_VM);
    expect(snap.host.vm?.hidden.join(' ')).toMatch(/namespaces.*veth/);
    expect(snap.host.vm?.shown.join(' ')).toMatch(/published ports/);
    expect(snap.host).toMatchObject({
      name: 'docker-desktop',
      kernel: '6.10.14-linuxkit',
      os: 'Docker Desktop',
    });
    expect(snap.host.collected).toEqual({ docker: true, kernel: false, firewall: false });
    expect(snap.namespaces.map((n) => n.id)).not.toContain('netns:4026531840');
    expect(snap.interfaces).toEqual([]);
    expect(snap.warnings.map((w) => w.code)).toEqual(['docker-desktop']);
    // The containers, their addresses and published ports are there, from the API.
    const web = snap.containers.find((c) => c.name === 'nlc-web');
    expect(web?.endpoints[0]?.ipv4).toMatch(/^10\.231\.1\./);
    expect(web?.ports.length).toBeGreaterThan(0);
    // Nothing is claimed missing that the VM simply hides.
    expect(
      snap.findings.filter((f) =>
        ['published-port-without-dnat', 'network-device-missing', 'veth-peer-missing'].includes(f.code),
      ),
    ).toEqual([]);
  });

  it('a plain engine keeps its kernel view and has no banner', () => {
    const plain = facts('engine-20.10-version.json', 'engine-20.10-info.json');
    const snap = assemble('local', '2026-01-01T00:00:00.000Z', plain, { ok: true, value: laptop });
    expect(snap.host.vm).toBeNull();
    expect(snap.host.collected.kernel).toBe(true);
    expect(snap.warnings.map((w) => w.code)).not.toContain('docker-desktop');
  });
});

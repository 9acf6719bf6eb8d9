// Podman's Docker-compatible API as recorded from `podman system service` 4.3 (netavark): the engine is
// told apart by /version, its networks get Podman's names and devices, and its netns paths are the ones
// the kernel script lists.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  canonicalNetnsPath,
  containerFact,
  engineFacts,
  networkFact,
  podmanNetworks,
} from '../../../src/collect/docker/docker-facts.js';
import { decodeNamespacePath } from '../../../src/collect/kernel/parse-sections.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(`test/fixtures/docker/${name}`, 'utf8'));

describe('engine detection from /version and /info', () => {
  it('tells Podman from Docker', () => {
    const problems: string[] = [];
    const podman = engineFacts(fixture('podman-4.3-version.json'), fixture('podman-4.3-info.json'), problems);
    expect(problems).toEqual([]);
    expect(podman).toMatchObject({
      engine: 'podman',
      engineName: 'Podman Engine',
      version: '4.3.1',
      desktop: false,
      swarm: null,
    });
    const docker = engineFacts(
      fixture('engine-20.10-version.json'),
      fixture('engine-20.10-info.json'),
      problems,
    );
    expect(docker).toMatchObject({ engine: 'docker', desktop: false });
    expect(problems).toEqual([]);
  });

  it('knows nothing of an engine that names no component', () => {
    expect(engineFacts({ Version: '1' }, {}, []).engine).toBeNull();
  });
});

describe("Podman's networks", () => {
  const problems: string[] = [];
  const own = podmanNetworks(fixture('podman-4.3-libpod-networks.json'), problems);
  const networks = (fixture('podman-4.3-networks.json') as unknown[]).map((n) =>
    networkFact(n, problems, own),
  );

  it('names the default network `podman` (the compat list says `bridge`) and takes the device Podman built', () => {
    expect(problems).toEqual([]);
    expect(networks.map((n) => [n?.name, n?.device, n?.subnets[0]?.subnet]).sort()).toEqual([
      ['hh-net', 'podman1', '10.89.77.0/24'],
      ['podman', 'podman0', '10.88.0.0/16'],
    ]);
  });

  it('says so when its own list cannot be read, and keeps the compat names', () => {
    const said: string[] = [];
    const none = podmanNetworks(null, said);
    expect(said[0]).toMatch(/libpod\/networks\/json/);
    expect(
      (fixture('podman-4.3-networks.json') as unknown[]).map((n) => networkFact(n, said, none)?.device),
    ).toEqual([null, null]);
  });
});

describe("Podman's containers", () => {
  const problems: string[] = [];
  const containers = (fixture('podman-4.3-containers.json') as unknown[]).map((c) =>
    containerFact(c, problems),
  );

  it('reads endpoints by network name and the sandbox key as the kernel script lists it', () => {
    expect(problems).toEqual([]);
    const web = containers.find((c) => c?.name === 'hh-web');
    expect(web?.sandboxKey).toMatch(/^\/var\/run\/netns\/netns-[0-9a-f-]+$/);
    expect(decodeNamespacePath(`r:${web?.sandboxKey ?? ''}`)).toBe(web?.sandboxKey);
    expect(web?.endpoints.map((e) => [e.network, e.networkId, e.ipv4])).toEqual([
      ['hh-net', 'hh-net', '10.89.77.2'],
    ]);
    expect(web?.ports).toEqual([{ protocol: 'tcp', containerPort: 80, hostIp: '0.0.0.0', hostPort: 18081 }]);
  });

  it('maps /run/ to /var/run/ and leaves other paths alone', () => {
    expect(canonicalNetnsPath('/run/netns/netns-1')).toBe('/var/run/netns/netns-1');
    expect(canonicalNetnsPath('/var/run/docker/netns/abc')).toBe('/var/run/docker/netns/abc');
    expect(canonicalNetnsPath(null)).toBeNull();
  });

  it("accepts a user's netns folder (rootless Podman) and nothing beside it", () => {
    expect(decodeNamespacePath('r:/var/run/user/1000/netns/netns-ab')).toBe(
      '/var/run/user/1000/netns/netns-ab',
    );
    expect(decodeNamespacePath('r:/var/run/user/x/netns/netns-ab')).toBeNull();
    expect(decodeNamespacePath('r:/var/run/user/1000/netns/../x')).toBeNull();
    expect(decodeNamespacePath('r:/var/run/user/1000/other/a')).toBeNull();
  });
});

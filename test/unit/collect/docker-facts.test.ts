import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { containerFact, engineFacts, networkFact } from '../../../src/collect/docker/docker-facts.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(`test/fixtures/docker/${name}`, 'utf8'));
const containers = fixture('engine-20.10-containers.json') as unknown[];

function byName(name: string) {
  const problems: string[] = [];
  const raw = containers.find((c) => (c as { Name: string }).Name === `/${name}`);
  const fact = containerFact(raw, problems);
  expect(problems).toEqual([]);
  if (!fact) throw new Error(`no ${name} in fixture`);
  return fact;
}

describe('Docker API facts (recorded from Engine 20.10)', () => {
  it('reads a published container with its endpoint and ports', () => {
    const web = byName('nlc-web');
    expect(web.running).toBe(true);
    expect(web.pid).toBeGreaterThan(0);
    expect(web.sandboxKey).toMatch(/^\/var\/run\/docker\/netns\/[0-9a-f]+$/);
    expect(web.endpoints.map((e) => e.network)).toEqual(['nlc-app']);
    expect(web.endpoints[0]?.ipv4).toMatch(/^10\.231\.1\.\d+$/);
    expect(web.endpoints[0]?.ipv4PrefixLen).toBe(24);
    expect(web.endpoints[0]?.mac).toMatch(/^02:42:/);
    expect(web.ports).toEqual([
      { protocol: 'tcp', containerPort: 80, hostIp: '0.0.0.0', hostPort: 28080 },
      { protocol: 'tcp', containerPort: 80, hostIp: '::', hostPort: 28080 },
    ]);
  });

  it('expands port ranges and keeps host IP bindings', () => {
    expect(byName('nlc-range').ports.filter((p) => p.hostIp === '0.0.0.0')).toEqual([
      { protocol: 'tcp', containerPort: 9000, hostIp: '0.0.0.0', hostPort: 28100 },
      { protocol: 'tcp', containerPort: 9001, hostIp: '0.0.0.0', hostPort: 28101 },
    ]);
    expect(byName('nlc-udp').ports).toEqual([
      { protocol: 'udp', containerPort: 53, hostIp: '127.0.0.1', hostPort: 28053 },
    ]);
  });

  it('reads network modes: container:, host, none, and a stopped container', () => {
    const web = byName('nlc-web');
    expect(byName('nlc-side').networkMode).toBe(`container:${web.id}`);
    expect(byName('nlc-side').endpoints).toEqual([]);
    expect(byName('nlc-host').networkMode).toBe('host');
    expect(byName('nlc-none').networkMode).toBe('none');
    const stopped = byName('nlc-stopped');
    expect(stopped.running).toBe(false);
    expect(stopped.pid).toBeNull();
    expect(byName('nlc-db').endpoints.map((e) => e.network)).toEqual(['nlc-app', 'nlc-db']);
  });

  it('reads networks with subnets, options and the internal flag', () => {
    const problems: string[] = [];
    const nets = (fixture('engine-20.10-networks.json') as unknown[]).map((n) => networkFact(n, problems));
    expect(problems).toEqual([]);
    const custom = nets.find((n) => n?.name === 'nlc-custom');
    expect(custom?.options['com.docker.network.bridge.name']).toBe('nlc-br0');
    expect(nets.find((n) => n?.name === 'nlc-int')?.internal).toBe(true);
    expect(nets.find((n) => n?.name === 'nlc-mac')).toMatchObject({
      driver: 'macvlan',
      subnets: [{ subnet: '10.231.5.0/24', gateway: null }],
    });
    // The list endpoint omits the default bridge's gateway; the builder takes it from the bridge device.
    expect(nets.find((n) => n?.name === 'bridge')?.subnets[0]).toEqual({
      subnet: '172.17.0.0/16',
      gateway: null,
    });
  });

  it('reports malformed payloads as problems instead of throwing', () => {
    const problems: string[] = [];
    expect(containerFact({ Id: 'not-hex', Name: 1 }, problems)).toBeNull();
    expect(networkFact({ Name: 'x' }, problems)).toBeNull();
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/Id/);
  });

  it('reads engine version, kernel and rootless mode', () => {
    const problems: string[] = [];
    const e = engineFacts(fixture('engine-20.10-version.json'), fixture('engine-20.10-info.json'), problems);
    expect(problems).toEqual([]);
    expect(e.version).toMatch(/^20\.10/);
    expect(e.apiVersion).toBe('1.41');
    expect(e.rootless).toBe(false);
    expect(engineFacts({}, { SecurityOptions: ['name=seccomp', 'name=rootless'] }, []).rootless).toBe(true);
  });
});

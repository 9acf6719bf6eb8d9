// An event update of the Docker side: only the named containers are asked about, nothing is listed
// unless a network came or went; the facts are what a full reading gives. And which events can have
// changed the firewall.
import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { collectDocker } from '../../../src/collect/docker/docker.js';
import { touchesFirewall } from '../../../src/capture/touches-firewall.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(`test/fixtures/docker/${name}`, 'utf8'));
const inspects = fixture('engine-20.10-containers.json') as {
  Id: string;
  Name: string;
  State: { Status: string };
}[];
const idOf = (name: string) => inspects.find((c) => c.Name === `/${name}`)?.Id ?? '';

/** A Docker client answering from the fixture, counting what it is asked. */
function fakeDocker(present = inspects) {
  const calls = { list: 0, networks: 0, inspect: [] as string[] };
  const docker = {
    version: () => Promise.resolve(fixture('engine-20.10-version.json')),
    info: () => Promise.resolve(fixture('engine-20.10-info.json')),
    listContainers: () => {
      calls.list += 1;
      return Promise.resolve(
        present.map((c) => ({ Id: c.Id, Names: [c.Name], State: c.State.Status }) as Docker.ContainerInfo),
      );
    },
    listNetworks: () => {
      calls.networks += 1;
      return Promise.resolve(fixture('engine-20.10-networks.json'));
    },
    getContainer: (id: string) => ({
      inspect: () => {
        calls.inspect.push(id);
        const found = present.find((c) => c.Id === id);
        return found
          ? Promise.resolve(found)
          : Promise.reject(Object.assign(new Error('gone'), { statusCode: 404 }));
      },
    }),
  };
  return { docker: docker as unknown as Docker, calls };
}

describe('collectDocker, event update', () => {
  it('inspects only the named containers, lists nothing, and gives the facts a full reading gives', async () => {
    const first = await collectDocker(fakeDocker().docker);
    const { docker, calls } = fakeDocker();
    const web = idOf('nlc-web');
    const update = await collectDocker(docker, 2, {
      previous: first.cache,
      containers: new Set([web]),
      named: true,
    });
    expect(calls).toEqual({ list: 0, networks: 0, inspect: [web] });
    expect(update.inspected).toEqual([web]);
    expect(update.facts).toEqual(first.facts);
    // The containers not asked about keep their very facts.
    const db = (f: typeof first) => f.facts.containers.find((c) => c.name === 'nlc-db');
    expect(db(update)).toBe(db(first));
  });

  it('drops a named container that is gone, and lists networks only when one came or went', async () => {
    const first = await collectDocker(fakeDocker().docker);
    const stopped = idOf('nlc-stopped');
    const { docker, calls } = fakeDocker(inspects.filter((c) => c.Id !== stopped));
    const update = await collectDocker(docker, 2, {
      previous: first.cache,
      containers: new Set([stopped]),
      named: true,
      networks: true,
    });
    expect(calls.list).toBe(0);
    expect(calls.networks).toBe(1);
    expect(update.facts.containers.map((c) => c.name)).not.toContain('nlc-stopped');
    expect(update.facts.containers).toHaveLength(inspects.length - 1);
    // The cache holds the containers there are, not every one ever seen.
    expect(update.cache.containers.has(stopped)).toBe(false);
    expect(update.cache.containers.size).toBe(inspects.length - 1);
  });

  it('a refresh (no names) lists the containers and inspects only those whose entry moved', async () => {
    const first = await collectDocker(fakeDocker().docker);
    const { docker, calls } = fakeDocker();
    await collectDocker(docker, 2, { previous: first.cache, containers: new Set() });
    expect(calls.list).toBe(1);
    expect(calls.inspect).toEqual([]);
  });
});

describe('touchesFirewall', () => {
  it('is true for containers publishing ports, with legacy links, or unknown to the cache', async () => {
    const db = inspects.find((c) => c.Name === '/nlc-db') as (typeof inspects)[number] & {
      HostConfig: Record<string, unknown>;
    };
    const linked = {
      ...db,
      Id: 'linked',
      Name: '/linked',
      HostConfig: { ...db.HostConfig, Links: ['/a:/linked/a'] },
    };
    const { cache } = await collectDocker(fakeDocker([...inspects, linked]).docker);
    expect(touchesFirewall([idOf('nlc-db'), idOf('nlc-none')], cache)).toBe(false);
    expect(touchesFirewall([idOf('nlc-db'), idOf('nlc-web')], cache)).toBe(true);
    expect(touchesFirewall([idOf('nlc-udp')], cache)).toBe(true);
    expect(touchesFirewall(['linked'], cache)).toBe(true);
    expect(touchesFirewall(['not-seen-yet'], cache)).toBe(true);
  });
});

// Reads containers, networks and engine facts through the connection's Docker API client.
import type Docker from 'dockerode';
import { containerFact, engineFacts, networkFact, podmanNetworks } from './docker-facts.js';
import type { DockerContainerFact, DockerFacts, DockerNetworkFact } from './docker-facts.js';
import { ConnectionError } from '../../connection/types.js';
import { cmp } from '../../model/order.js';
import type { Service } from '../../model/snapshot.js';
import { readSwarm, swarmServices } from './swarm.js';

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? Number(error.statusCode)
    : undefined;
}

export function dockerError(error: unknown): ConnectionError {
  // The connection already named the cause (over SSH: the link, the engine, the socket's permissions).
  if (error instanceof ConnectionError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'EACCES' || statusOf(error) === 403)
    return new ConnectionError(
      'permission-denied',
      'permission denied on the Docker socket: run as root, or add your user to the "docker" group',
    );
  return new ConnectionError(
    'docker-unavailable',
    `the Docker engine did not answer (${code || message}): is dockerd running on this host?`,
  );
}

/** A GET of Podman's own API; null when it cannot be read. */
function libpod(docker: Docker, path: string): Promise<unknown> {
  return new Promise((resolve) => {
    docker.modem.dial(
      { path: `/v4.0.0/libpod/${path}`, method: 'GET', statusCodes: { 200: true }, options: {} },
      (error, result) => resolve(error ? null : result),
    );
  });
}

/**
 * Podman's compat /info carries no `name=rootless` security option: its own /libpod/info says
 * `host.security.rootless`.
 */
function podmanRootless(libpodInfo: unknown): boolean {
  const host = (libpodInfo as { host?: { security?: { rootless?: unknown } } } | null)?.host;
  return host?.security?.rootless === true;
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The raw answers of the last reading, which an update reuses where nothing changed. */
export interface DockerCache {
  version: unknown;
  info: unknown;
  /** Podman's own /libpod/info (null for Docker). */
  libpodInfo?: unknown;
  /** The network list as the engine gave it. */
  networks: unknown[];
  /** What was made of each container's inspect data, by id (the raw answer itself is not kept). */
  containers: ReadonlyMap<string, CachedContainer>;
}

export interface CachedContainer {
  /**
   * The fingerprint of its list entry when last listed (a container inspected after an event keeps
   * its old one: if its entry moved, the next listing inspects it again).
   */
  listed: string;
  fact: DockerContainerFact | null;
  problems: string[];
  /** Docker writes firewall rules for it: it publishes ports or has legacy links. */
  rules: boolean;
}

export interface DockerCollection {
  facts: DockerFacts;
  cache: DockerCache;
  /** Ids of the containers inspected in this reading (all of them when nothing was reused). */
  inspected: string[];
}

export interface DockerUpdate {
  previous: DockerCache;
  /** Containers Docker events named: inspected again whatever their list entry says. */
  containers: ReadonlySet<string>;
  /**
   * An event update: no container list (at a thousand containers the engine takes ~0.4 s to list
   * them), only the named ones inspected; the networks listed only with `networks`. A refresh lists.
   */
  named?: boolean;
  /** A network was created or removed: list the networks again. */
  networks?: boolean;
  /** Ask the engine's version and info again (a reconcile's last capture). */
  engine?: boolean;
}

/** What of a list entry can change for a container: when it did, inspect it again even without an event. */
function fingerprint(entry: Docker.ContainerInfo): string {
  return JSON.stringify([entry.Names, entry.State, entry.Ports, entry.HostConfig, entry.NetworkSettings]);
}

interface HostConfigLike {
  PortBindings?: Record<string, unknown[] | null> | null;
  PublishAllPorts?: boolean;
  Links?: unknown[] | null;
}

/** Whether Docker writes rules for this container (unknown shapes count as yes). */
function hasRules(raw: unknown): boolean {
  const host = (raw as { HostConfig?: HostConfigLike | null } | null)?.HostConfig;
  if (!host) return true;
  const bindings = Object.values(host.PortBindings ?? {}).some((b) => Array.isArray(b) && b.length > 0);
  return bindings || host.PublishAllPorts === true || (host.Links?.length ?? 0) > 0;
}

/**
 * What the cache keeps of an inspect answer: its facts, not the answer (a thousand raw answers held
 * ~15 MB for nothing), so an update reuses the very facts of every container it did not ask about.
 */
function cached(raw: unknown, listed: string): CachedContainer {
  const problems: string[] = [];
  return { listed, fact: containerFact(raw, problems), problems, rules: hasRules(raw) };
}

async function inspectOne(docker: Docker, id: string): Promise<unknown> {
  try {
    return await docker.getContainer(id).inspect();
  } catch (error) {
    // Removed between list (or event) and inspect: it is simply gone.
    if (statusOf(error) === 404) return null;
    throw dockerError(error);
  }
}

/**
 * Reads the engine. An update lists containers and networks, inspects only the containers named or
 * whose list entry moved, and reuses the rest (an event update does not even list); the facts come out
 * exactly as a full reading's would.
 */
export async function collectDocker(
  docker: Docker,
  concurrency = 4,
  update?: DockerUpdate,
): Promise<DockerCollection> {
  const problems: string[] = [];
  const named = update?.named === true;
  const previous = update && !update.engine ? update.previous : undefined;
  let listed: Docker.ContainerInfo[] | null;
  let networksRaw: unknown[];
  let version: unknown;
  let info: unknown;
  try {
    [version, info, listed, networksRaw] = await Promise.all([
      previous ? previous.version : docker.version(),
      previous ? previous.info : (docker.info() as Promise<unknown>),
      named ? null : docker.listContainers({ all: true }),
      named && !update.networks ? update.previous.networks : (docker.listNetworks() as Promise<unknown[]>),
    ]);
  } catch (error) {
    throw dockerError(error);
  }
  const cache = new Map<string, CachedContainer>();
  const inspectedIds: string[] = [];
  if (listed === null && update) {
    // The last reading, with the named containers inspected again (a 404: it was removed).
    for (const [id, entry] of update.previous.containers)
      if (!update.containers.has(id)) cache.set(id, entry);
    const ids = [...update.containers];
    const answers = await mapLimited(ids, concurrency, (id) => inspectOne(docker, id));
    ids.forEach((id, i) => {
      inspectedIds.push(id);
      const listed = update.previous.containers.get(id)?.listed ?? '';
      if (answers[i] !== null && answers[i] !== undefined) cache.set(id, cached(answers[i], listed));
    });
  } else {
    const entries = listed ?? [];
    const prints = new Map(entries.map((entry) => [entry.Id, fingerprint(entry)]));
    const reusable = (entry: Docker.ContainerInfo) => {
      const known = update?.previous.containers.get(entry.Id);
      return known && !update?.containers.has(entry.Id) && known.listed === prints.get(entry.Id)
        ? known
        : undefined;
    };
    const answers = await mapLimited(entries, concurrency, async (entry) => {
      const known = reusable(entry);
      if (known) return known;
      inspectedIds.push(entry.Id);
      const raw = await inspectOne(docker, entry.Id);
      return raw === null || raw === undefined ? null : cached(raw, prints.get(entry.Id) ?? '');
    });
    entries.forEach((entry, i) => {
      const answer = answers[i];
      if (answer) cache.set(entry.Id, answer);
    });
  }
  const containers = [...cache.values()]
    .map((c) => {
      problems.push(...c.problems);
      return c.fact;
    })
    .filter((c): c is DockerContainerFact => c !== null)
    .sort((a, b) => cmp(a.name, b.name));
  const engine = engineFacts(version, info, problems);
  const podman =
    engine.engine === 'podman' ? podmanNetworks(await libpod(docker, 'networks/json'), problems) : undefined;
  const libpodInfo =
    engine.engine === 'podman' ? (previous ? previous.libpodInfo : await libpod(docker, 'info')) : null;
  if (podmanRootless(libpodInfo)) engine.rootless = true;
  const networks = networksRaw
    .map((raw) => networkFact(raw, problems, podman))
    .filter((n): n is DockerNetworkFact => n !== null)
    .sort((a, b) => cmp(a.name, b.name));
  let services: Service[] = [];
  if (engine.swarm?.manager) {
    try {
      services = swarmServices(
        await readSwarm(docker),
        new Map(networks.map((n) => [n.id, n.name])),
        new Map(containers.map((c) => [c.id, c.name])),
        problems,
      );
    } catch (error) {
      problems.push(`the Swarm services could not be read (${dockerError(error).message})`);
    }
  }
  return {
    facts: { ...engine, containers, networks, services, problems },
    cache: { version, info, libpodInfo, networks: networksRaw, containers: cache },
    inspected: inspectedIds,
  };
}

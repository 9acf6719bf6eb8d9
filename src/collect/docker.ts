// Reads containers, networks and engine facts through the connection's Docker API client.
import type Docker from 'dockerode';
import { containerFact, engineFacts, networkFact } from './docker-facts.js';
import type { DockerContainerFact, DockerFacts, DockerNetworkFact } from './docker-facts.js';
import { ConnectionError } from '../connection/types.js';
import { cmp } from '../model/order.js';

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? Number(error.statusCode)
    : undefined;
}

export function dockerError(error: unknown): ConnectionError {
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

export async function collectDocker(docker: Docker, concurrency = 4): Promise<DockerFacts> {
  const problems: string[] = [];
  let listed: Docker.ContainerInfo[];
  let networksRaw: unknown[];
  let version: unknown;
  let info: unknown;
  try {
    [version, info, listed, networksRaw] = await Promise.all([
      docker.version(),
      docker.info() as Promise<unknown>,
      docker.listContainers({ all: true }),
      docker.listNetworks() as Promise<unknown[]>,
    ]);
  } catch (error) {
    throw dockerError(error);
  }
  const inspected = await mapLimited(listed, concurrency, async (entry) => {
    try {
      return await docker.getContainer(entry.Id).inspect();
    } catch (error) {
      // Removed between list and inspect: it is simply gone.
      if (statusOf(error) === 404) return null;
      throw dockerError(error);
    }
  });
  const containers = inspected
    .map((raw) => (raw === null ? null : containerFact(raw, problems)))
    .filter((c): c is DockerContainerFact => c !== null)
    .sort((a, b) => cmp(a.name, b.name));
  const networks = networksRaw
    .map((raw) => networkFact(raw, problems))
    .filter((n): n is DockerNetworkFact => n !== null)
    .sort((a, b) => cmp(a.name, b.name));
  return { ...engineFacts(version, info, problems), containers, networks, problems };
}

// Whether an event about these containers can have changed the firewall: Docker writes rules for a
// container only for its published ports (and legacy links); starting or stopping any other container
// leaves every table as it was, so an update need not read them. A container the cache does not know
// (just created) counts as touching it. Pure.
import type { DockerCache } from '../collect/docker/docker.js';

interface HostConfigLike {
  PortBindings?: Record<string, unknown[] | null> | null;
  PublishAllPorts?: boolean;
  Links?: unknown[] | null;
}

function touches(inspect: unknown): boolean {
  if (typeof inspect !== 'object' || inspect === null) return true;
  const host = (inspect as { HostConfig?: HostConfigLike | null }).HostConfig;
  if (!host) return true;
  const bindings = Object.values(host.PortBindings ?? {}).some((b) => Array.isArray(b) && b.length > 0);
  return bindings || host.PublishAllPorts === true || (host.Links?.length ?? 0) > 0;
}

export function touchesFirewall(ids: Iterable<string>, cache: DockerCache): boolean {
  for (const id of ids) {
    const known = cache.containers.get(id);
    if (!known || touches(known.inspect)) return true;
  }
  return false;
}

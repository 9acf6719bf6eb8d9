// Whether an event about these containers can have changed the firewall: Docker writes rules for a
// container only for its published ports (and legacy links); starting or stopping any other container
// leaves every table as it was, so an update need not read them. A container the cache does not know
// (just created) counts as touching it. Pure.
import type { DockerCache } from '../collect/docker/docker.js';

export function touchesFirewall(ids: Iterable<string>, cache: DockerCache): boolean {
  for (const id of ids) {
    const known = cache.containers.get(id);
    if (!known || known.rules) return true;
  }
  return false;
}

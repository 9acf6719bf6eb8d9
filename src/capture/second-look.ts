// Which namespaces an update must read again after Docker answered: Docker and the kernel are read side
// by side, so a change no event named, or a container that started after the script listed the
// namespace folder, is only seen once both answers are in. Pure.
import type { DockerCollection } from '../collect/docker/docker.js';
import type { KernelReading } from '../collect/kernel/read-kernel.js';

/** Netns paths of these containers, as the last capture knew them and (when given) as they are now. */
export function pathsOf(
  ids: Iterable<string>,
  before: ReadonlyMap<string, string | null>,
  now?: ReadonlyMap<string, string | null>,
): Set<string> {
  const paths = new Set<string>();
  for (const id of ids) for (const key of [before.get(id), now?.get(id)]) if (key) paths.add(key);
  return paths;
}

/**
 * The paths to read again (with those already read), or null when the first reading stands.
 * `reused`: paths whose reading came from the cache; `before`/`now`: sandbox keys by container id.
 */
export function secondLook(
  docker: DockerCollection,
  kernel: KernelReading,
  before: ReadonlyMap<string, string | null>,
  now: ReadonlyMap<string, string | null>,
  reused: ReadonlySet<string | null>,
  named: ReadonlySet<string>,
): Set<string> | null {
  const paths = new Set<string>();
  const gone = [...before.keys()].filter((id) => !now.has(id));
  for (const path of pathsOf([...docker.inspected, ...gone], before, now))
    if (!named.has(path) && reused.has(path)) paths.add(path);
  // Only containers that changed: where the kernel cannot see Docker's namespaces at all (rootless,
  // Docker Desktop), this must not cost a second exec on every update.
  const changed = new Set(docker.inspected);
  const seen = new Set(kernel.kernel.namespaces.map((ns) => ns.path));
  const unseen =
    kernel.kernel.privilege !== 'none' &&
    docker.facts.containers.some(
      (c) => changed.has(c.id) && c.running && c.sandboxKey && !seen.has(c.sandboxKey),
    );
  return paths.size > 0 || unseen ? new Set([...named, ...paths]) : null;
}

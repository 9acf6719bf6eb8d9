// Which namespaces an update must read again after Docker answered: Docker and the kernel are read side
// by side, so a change no event named, or a container that started after the script listed the
// namespace folder, is only seen once both answers are in. Pure.
import type { DockerCollection } from '../collect/docker/docker.js';
import type { DockerContainerFact } from '../collect/docker/docker-facts.js';
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

/** A container's namespace file: Docker names it after the sandbox (12 hex digits) in its folder. */
const SANDBOX_FILE = /^\/var\/run\/docker\/netns\/[0-9a-f]{12}$/;

/**
 * Container namespace files a reading read that no running container claims: caught between states
 * (read before Docker named it, or after Docker called its container stopped but before it unmounted
 * the file). No event names their path (the container's sandbox key is unknown or already cleared),
 * and an update keeps a listed file's last reading unread, so they are read again until they are
 * claimed or gone; else a dead namespace stayed in the live view until Docker deleted its file.
 */
export function unclaimed(read: Iterable<string>, containers: readonly DockerContainerFact[]): Set<string> {
  const claimed = new Set(containers.filter((c) => c.running).map((c) => c.sandboxKey));
  return new Set([...read].filter((path) => SANDBOX_FILE.test(path) && !claimed.has(path)));
}

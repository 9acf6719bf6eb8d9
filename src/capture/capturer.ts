// A capturer owns one connection's cached state: the raw answers of its last capture, which the next
// update reuses. Callers ask for a capture (full, or an update naming the containers Docker events
// named) and get a snapshot; they never carry the cache. Docker and the kernel are read side by side,
// then the pure builder joins them. Only an unreachable Docker engine fails a capture.
//
// An update that names containers (after events) costs what they changed: only they are inspected
// (no container list), only their namespaces and the host's bridges and new devices are read, and the
// firewall only when one of them publishes ports or links (Docker writes no per-container rule
// otherwise) or a network came or went. An update naming none (a refresh) lists and re-reads the host
// and firewall whole, catching what no event announced. A reconcile can run in slices (`recheck`, see
// rotation.ts) so that no event waits long for one.
import { collectDocker, type DockerCache } from '../collect/docker/docker.js';
import { cachedPaths, readKernel, type KernelReuseCache } from '../collect/kernel/read-kernel.js';
import { podmanRootlessEntry, rootlessEntry, type RootlessEntry } from '../collect/kernel/rootless.js';
import { collectRootlessKit } from '../collect/kernel/rootlesskit.js';
import { timed, timedAsync, type StageClock } from '../collect/stage-clock.js';
import type { Connection } from '../connection/types.js';
import type { RootlessKit, Snapshot } from '../model/snapshot.js';
import { assemble, settle } from './assemble.js';
import { startRotation, takeSlice, type Rotation } from './rotation.js';
import { pathsOf, secondLook, unclaimed } from './second-look.js';
import { touchesFirewall } from './touches-firewall.js';
import { TransientMemory } from './transient-memory.js';

export interface CaptureRequest {
  /** Read everything (also what the first capture, and one after an error, does). */
  full?: boolean;
  /** Container ids Docker events named since the last capture: read again whatever else is reused. */
  changed?: Iterable<string>;
  /** A network was created or removed since the last capture (list networks, read the firewall). */
  networks?: boolean;
  /**
   * A reconcile in slices: read again this many more of the containers and namespaces this capturer
   * reuses; once all have been, the capture reads what a refresh does plus the engine, and says
   * `reconciled`. A full capture starts the rotation over.
   */
  recheck?: number;
  /** Benchmarks: add the time of each stage (docker, exec, parse, build) to this clock. */
  clock?: StageClock;
}

export interface Captured {
  snapshot: Snapshot;
  /** `update` when it started from the last capture (even if the kernel part had to be read in full). */
  kind: 'full' | 'update';
  /** Ids of the containers shown starting or stopping: worth a look again soon. */
  transient: string[];
  /** This update ended a reconcile in slices: everything was read again since its first slice. */
  reconciled?: boolean;
}

export interface Capturer {
  capture(request?: CaptureRequest): Promise<Captured>;
}

export interface CapturerOptions {
  /** Target as the user named it (defaults to the connection's). */
  target?: string;
  now?: () => Date;
}

interface Last {
  docker: DockerCache;
  kernel: KernelReuseCache | null;
  /** Rootless Docker: where its namespaces are entered (the kernel view is read inside them). */
  rootless: RootlessEntry | null;
  /** What RootlessKit said last (drivers, forwarded ports). */
  rootlessKit: RootlessKit | null;
  /** Sandbox key (netns path) of each container, by id. */
  sandboxKeys: ReadonlyMap<string, string | null>;
  /** Container namespace files read but claimed by no running container (see unclaimed()). */
  unclaimed: ReadonlySet<string>;
}

export function createCapturer(conn: Connection, options: CapturerOptions = {}): Capturer {
  let last: Last | null = null;
  let rotation: Rotation | null = null;
  const transients = new TransientMemory();
  const target = options.target ?? conn.target;

  async function capture(request: CaptureRequest = {}): Promise<Captured> {
    const base = request.full ? null : last;
    if (!base) rotation = null;
    const startedAt = Date.now();
    const events = new Set(request.changed ?? []);
    if (base && request.recheck && !rotation)
      rotation = startRotation(
        base.docker.containers.keys(),
        readPaths(base.kernel),
        pathsOf(base.docker.containers.keys(), base.sandboxKeys),
        transients.pending(),
      );
    const slice = base && request.recheck && rotation ? takeSlice(rotation, request.recheck) : null;
    const ending = slice?.last === true;
    // After the first capture: containers between states are shown so, unless they already were
    // before this reconcile began (then it is not a race: warn).
    const transient = last
      ? transients.input(
          readPaths(last.kernel),
          !base ? transients.pending() : ending ? rotation?.pending : undefined,
        )
      : undefined;
    const changed = new Set([...events, ...(slice?.containers ?? [])]);
    // An update reads again the namespaces of the containers events named and those no container
    // claimed (plus any new namespace file), and a slice's.
    const named = base
      ? new Set([...pathsOf(changed, base.sandboxKeys), ...base.unclaimed, ...(slice?.paths ?? [])])
      : new Set<string>();
    let kernelFrom = base?.kernel ?? undefined;
    let rootless = last?.rootless ?? undefined;
    const { clock } = request;
    // In part: no container list, the host in part. A rotation's last capture reads like a refresh.
    const inPart = changed.size > 0 && !ending;
    const networks = request.networks === true;
    const reading = {
      reread: named,
      part: inPart,
      // A slice's containers changed nothing in the firewall; the rotation's end reads it whole.
      firewall: !inPart || networks || (base !== null && touchesFirewall(events, base.docker)),
      clock,
    };
    const [docker, first] = await Promise.all([
      timedAsync(clock, 'docker', () =>
        collectDocker(
          conn.docker,
          conn.dockerConcurrency,
          base
            ? { previous: base.docker, containers: changed, named: inPart, networks, engine: ending }
            : undefined,
        ),
      ),
      settle(readKernel(conn, kernelFrom, { ...reading, rootless })),
    ]);
    let kernel = first;
    // Docker says it is rootless (known only once it answered): the first reading was the host's, not
    // RootlessKit's; read again inside its namespaces. Later captures go there straight away.
    // (Rootless Podman's are entered through its pause process, see podmanRootlessEntry.)
    const entry = !docker.facts.rootless
      ? null
      : docker.facts.engine === 'podman'
        ? podmanRootlessEntry(conn.dockerHost)
        : rootlessEntry(conn.dockerHost);
    if ((entry?.pidFiles.join() ?? '') !== (rootless?.pidFiles.join() ?? '')) {
      rootless = entry ?? undefined;
      kernelFrom = undefined;
      kernel = await settle(readKernel(conn, undefined, { clock, rootless }));
    }
    const sandboxKeys = new Map(docker.facts.containers.map((c) => [c.id, c.sandboxKey]));
    // RootlessKit's forwarded ports follow published ports, which change with the firewall.
    const kit =
      rootless && !rootless.podman && (reading.firewall || !base)
        ? collectRootlessKit(conn, rootless).catch(() => null)
        : Promise.resolve(rootless && !rootless.podman ? (base?.rootlessKit ?? null) : null);
    if (base && kernelFrom && kernel.ok) {
      const reused = cachedPaths(kernelFrom);
      const again = secondLook(docker, kernel.value, base.sandboxKeys, sandboxKeys, reused, named);
      if (again) kernel = await settle(readKernel(conn, kernelFrom, { ...reading, reread: again, rootless }));
    }
    const rootlessKit = await kit;
    // A failed capture leaves the last good state: the next update starts from it.
    last = {
      docker: docker.cache,
      kernel: kernel.ok ? kernel.value.cache : null,
      rootless: rootless ?? null,
      rootlessKit,
      sandboxKeys,
      unclaimed: unclaimed(kernel.ok ? readPaths(kernel.value.cache) : [], docker.facts.containers),
    };
    const capturedAt = (options.now?.() ?? new Date()).toISOString();
    const snapshot = timed(clock, 'build', () =>
      assemble(
        target,
        capturedAt,
        docker.facts,
        kernel,
        conn.dockerHost,
        rootless !== undefined && kernel.ok,
        conn.warnings,
        transient,
        rootlessKit,
      ),
    );
    if (ending) rotation = null;
    return {
      snapshot,
      kind: base ? 'update' : 'full',
      transient: transients.note(snapshot, transient, startedAt),
      ...(ending && { reconciled: true }),
    };
  }

  return { capture };
}

/** Netns paths whose namespace the last reading read. */
function readPaths(kernel: KernelReuseCache | null): Set<string> {
  const paths = new Set<string>();
  for (const ns of kernel?.facts.namespaces ?? []) if (ns.path && !ns.error) paths.add(ns.path);
  return paths;
}

/** One full capture of a host. */
export async function capture(conn: Connection, options: CapturerOptions = {}): Promise<Snapshot> {
  return (await createCapturer(conn, options).capture({ full: true })).snapshot;
}

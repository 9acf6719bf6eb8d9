// One capture of a host: Docker API and the batched kernel/firewall script run side by side,
// then the pure builder joins them. A missing part becomes a warning, never a failed capture,
// except an unreachable Docker engine, without which there is nothing to explain.
//
// An update (after Docker events) starts from the last capture's raw answers: it inspects only the
// containers that changed, re-reads the host namespace, the firewall tables holding Docker's rules
// and the namespaces of those containers, and reuses the rest, then builds the snapshot the same way.
import { collectDocker } from './collect/docker.js';
import type { DockerCache, DockerCollection } from './collect/docker.js';
import { FIREWALL_COMMANDS } from './collect/facts.js';
import type { FirewallCommand } from './collect/facts.js';
import { firewallCommandsFor, parseFirewall } from './collect/firewall.js';
import { cachedNamespaces, collectKernel } from './collect/kernel.js';
import type { KernelCache, KernelCollection } from './collect/kernel.js';
import type { Connection } from './connection/types.js';
import type { Snapshot, Warning } from './model/snapshot.js';
import { buildSnapshot } from './topology/build.js';

export interface CaptureOptions {
  /** Target as the user named it (defaults to the connection's). */
  target?: string;
  now?: () => Date;
}

/** What an update starts from: the raw answers of the previous capture. */
export interface CaptureBase {
  docker: DockerCache;
  kernel: KernelCache | null;
  /** The firewall commands whose tables hold Docker's rules (an update reads only these again). */
  firewall: FirewallCommand[];
  /** Sandbox key (netns path) of each container, by id. */
  sandboxKeys: ReadonlyMap<string, string | null>;
}

export interface CaptureUpdate {
  base: CaptureBase;
  /** Containers named by Docker events since the base. */
  containers: ReadonlySet<string>;
}

export interface Captured {
  snapshot: Snapshot;
  base: CaptureBase;
  /** `update` when the base was used; a full capture otherwise (or when the base fell short). */
  kind: 'full' | 'update';
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(p: Promise<T>): Promise<Outcome<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/** The kernel reading of an update: everything but the namespaces at these paths is reused. */
async function updateKernel(
  conn: Connection,
  base: CaptureBase,
  reread: ReadonlySet<string>,
): Promise<KernelCollection> {
  const previous = base.kernel;
  if (!previous) return collectKernel(conn);
  const fresh = new Set(base.firewall);
  const sections = [
    'uid',
    'iptables-version',
    ...(fresh.size > 0 ? FIREWALL_COMMANDS.filter((c) => !fresh.has(c)) : []),
  ];
  const namespaces = cachedNamespaces(previous)
    .filter((ns) => ns.path !== null && !reread.has(ns.path))
    .map((ns) => ns.token);
  const result = await collectKernel(conn, { reuse: { sections, namespaces }, previous });
  // The cache fell short (it should not): read everything, rather than show a partial picture.
  return result.missed.length > 0 ? collectKernel(conn) : result;
}

/** Netns paths of these containers, as the base knew them and (when given) as they are now. */
function pathsOf(
  ids: Iterable<string>,
  base: CaptureBase,
  now?: ReadonlyMap<string, string | null>,
): Set<string> {
  const paths = new Set<string>();
  for (const id of ids) for (const key of [base.sandboxKeys.get(id), now?.get(id)]) if (key) paths.add(key);
  return paths;
}

export async function captureHost(
  conn: Connection,
  options: CaptureOptions & { update?: CaptureUpdate } = {},
): Promise<Captured> {
  const update = options.update;
  let docker: DockerCollection;
  let kernel: Outcome<KernelCollection>;
  if (update) {
    // Side by side: the kernel reads again the namespaces of the containers events named (a new
    // namespace file is always read)...
    const base = update.base;
    const named = pathsOf(update.containers, base);
    [docker, kernel] = await Promise.all([
      collectDocker(conn.docker, conn.dockerConcurrency, {
        previous: base.docker,
        containers: update.containers,
      }),
      settle(updateKernel(conn, base, named)),
    ]);
    // ...and if the Docker answers show a change no event named (a missed event), once more with those.
    const now = new Map(docker.facts.containers.map((c) => [c.id, c.sandboxKey]));
    const gone = [...base.sandboxKeys.keys()].filter((id) => !now.has(id));
    const changed = pathsOf([...docker.inspected, ...gone], base, now);
    const cached = new Set(base.kernel ? cachedNamespaces(base.kernel).map((ns) => ns.path) : []);
    if (kernel.ok && [...changed].some((path) => !named.has(path) && cached.has(path)))
      kernel = await settle(updateKernel(conn, base, new Set([...named, ...changed])));
  } else {
    const kernelRun = settle(collectKernel(conn));
    docker = await collectDocker(conn.docker, conn.dockerConcurrency);
    kernel = await kernelRun;
  }
  const firewall = kernel.ok ? parseFirewall(kernel.value.firewall) : null;
  const snapshot = build(conn, options, docker, kernel, firewall);
  return {
    snapshot,
    base: {
      docker: docker.cache,
      kernel: kernel.ok ? kernel.value.cache : null,
      firewall: firewall ? firewallCommandsFor(firewall.backends) : [],
      sandboxKeys: new Map(docker.facts.containers.map((c) => [c.id, c.sandboxKey])),
    },
    kind: update ? 'update' : 'full',
  };
}

export async function capture(conn: Connection, options: CaptureOptions = {}): Promise<Snapshot> {
  return (await captureHost(conn, options)).snapshot;
}

function build(
  conn: Connection,
  options: CaptureOptions,
  dockerRun: DockerCollection,
  kernel: Outcome<KernelCollection>,
  firewall: ReturnType<typeof parseFirewall> | null,
): Snapshot {
  const docker = dockerRun.facts;
  const warnings: Warning[] = [];
  if (!kernel.ok) {
    const reason = kernel.error instanceof Error ? kernel.error.message : String(kernel.error);
    warnings.push({
      part: 'kernel',
      code: 'kernel-unavailable',
      message: `the kernel and firewall view could not be read (${reason}); showing what the Docker API reports`,
    });
  }
  if (docker.rootless) {
    warnings.push({
      part: 'docker',
      code: 'rootless',
      message:
        "rootless Docker: its bridges, veths and rules live inside RootlessKit's namespaces, which this capture does not enter",
    });
  }
  if (docker.os?.includes('Docker Desktop')) {
    warnings.push({
      part: 'docker',
      code: 'docker-desktop',
      message: "Docker Desktop: the engine runs in a VM, so the host's kernel view does not show its network",
    });
  }
  return buildSnapshot({
    target: options.target ?? conn.target,
    capturedAt: (options.now?.() ?? new Date()).toISOString(),
    docker,
    kernel: kernel.ok ? kernel.value.kernel : null,
    firewall,
    warnings,
  });
}

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
  /** `update` when it started from a base (even if the kernel part had to be read in full). */
  kind: 'full' | 'update';
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(p: Promise<T>): Promise<Outcome<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/**
 * A kernel reading that reuses `previous` except the namespaces at these paths (a namespace file not
 * in `previous` is always read). `firewall`: the commands to run again (the others are reused).
 */
async function rereadKernel(
  conn: Connection,
  previous: KernelCache | null,
  firewall: readonly FirewallCommand[],
  reread: ReadonlySet<string>,
): Promise<KernelCollection> {
  if (!previous) return collectKernel(conn);
  const fresh = new Set(firewall);
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

/**
 * Namespaces the kernel reading must look at again, given what Docker answered meanwhile: those of
 * changes no event named (their last reading was reused), and the namespace of a container that
 * started after the script listed the namespace folder (Docker and the kernel are read side by side).
 */
function secondLook(
  docker: DockerCollection,
  now: ReadonlyMap<string, string | null>,
  kernel: KernelCollection,
  update: CaptureUpdate,
  named: ReadonlySet<string>,
): Set<string> | null {
  const base = update.base;
  const paths = new Set<string>();
  const gone = [...base.sandboxKeys.keys()].filter((id) => !now.has(id));
  const reused = new Set(base.kernel ? cachedNamespaces(base.kernel).map((ns) => ns.path) : []);
  for (const path of pathsOf([...docker.inspected, ...gone], base, now))
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

export async function captureHost(
  conn: Connection,
  options: CaptureOptions & { update?: CaptureUpdate } = {},
): Promise<Captured> {
  const update = options.update;
  // An update reads again the namespaces of the containers events named (plus any new namespace file).
  const named = update ? pathsOf(update.containers, update.base) : new Set<string>();
  const [docker, first] = await Promise.all([
    collectDocker(
      conn.docker,
      conn.dockerConcurrency,
      update ? { previous: update.base.docker, containers: update.containers } : undefined,
    ),
    settle(
      update ? rereadKernel(conn, update.base.kernel, update.base.firewall, named) : collectKernel(conn),
    ),
  ]);
  let kernel = first;
  const sandboxKeys = new Map(docker.facts.containers.map((c) => [c.id, c.sandboxKey]));
  const again = update && kernel.ok ? secondLook(docker, sandboxKeys, kernel.value, update, named) : null;
  if (update && again)
    kernel = await settle(rereadKernel(conn, update.base.kernel, update.base.firewall, again));
  const firewall = kernel.ok ? parseFirewall(kernel.value.firewall) : null;
  const snapshot = build(conn, options, docker, kernel, firewall);
  return {
    snapshot,
    base: {
      docker: docker.cache,
      kernel: kernel.ok ? kernel.value.cache : null,
      firewall: firewall ? firewallCommandsFor(firewall.backends) : [],
      sandboxKeys,
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

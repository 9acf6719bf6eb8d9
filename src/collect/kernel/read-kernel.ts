// The kernel collector as a capture uses it: one exec, the firewall already parsed, and what a later
// update may reuse. An update builds its own reuse arguments from that cache: the host namespace, the
// namespace listing and the firewall tables holding Docker's rules are always read again; namespaces
// not asked for and the other tables come from the last reading.
import type { Connection } from '../../connection/types.js';
import { FIREWALL_COMMANDS, type FirewallCommand, type FirewallFacts, type KernelFacts } from '../facts.js';
import { firewallCommandsFor, parseFirewall } from '../firewall/firewall.js';
import { timed, type StageClock } from '../stage-clock.js';
import { cachedNamespaces, collectKernel, type KernelCache } from './kernel.js';
import type { RootlessEntry } from './rootless.js';

/** What an update starts from; opaque to callers. */
export interface KernelReuseCache {
  raw: KernelCache;
  /** The firewall commands whose tables hold Docker's rules (read again on every update). */
  docker: FirewallCommand[];
}

export interface KernelReading {
  kernel: KernelFacts;
  firewall: FirewallFacts;
  cache: KernelReuseCache;
}

/** Netns paths whose last reading the cache holds. */
export function cachedPaths(cache: KernelReuseCache): Set<string | null> {
  return new Set(cachedNamespaces(cache.raw).map((ns) => ns.path));
}

/**
 * A full reading, or (with `previous`) one that reuses the last reading except the namespaces at the
 * `reread` paths; a namespace file the cache does not know is always read.
 */
export async function readKernel(
  conn: Connection,
  previous?: KernelReuseCache,
  reread: ReadonlySet<string> = new Set(),
  rootless?: RootlessEntry,
  clock?: StageClock,
): Promise<KernelReading> {
  const inside = rootless ? { rootless } : {};
  let result = await collectKernel(
    conn,
    previous
      ? { reuse: reuseOf(previous, reread), previous: previous.raw, ...inside, clock }
      : { ...inside, clock },
  );
  // The cache fell short (it should not): read everything, rather than show a partial picture.
  if (previous && result.missed.length > 0) result = await collectKernel(conn, { ...inside, clock });
  const outputs = result.firewall;
  const firewall = timed(clock, 'parse', () => parseFirewall(outputs, result.kernel.privilege === 'none'));
  return {
    kernel: result.kernel,
    firewall,
    cache: { raw: result.cache, docker: firewallCommandsFor(firewall.backends) },
  };
}

function reuseOf(previous: KernelReuseCache, reread: ReadonlySet<string>) {
  const fresh = new Set(previous.docker);
  return {
    sections: [
      'uid',
      'iptables-version',
      ...(fresh.size > 0 ? FIREWALL_COMMANDS.filter((c) => !fresh.has(c)) : []),
    ],
    namespaces: cachedNamespaces(previous.raw)
      .filter((ns) => ns.path !== null && !reread.has(ns.path))
      .map((ns) => ns.token),
  };
}

// The kernel collector as a capture uses it: one exec, the firewall already parsed, and what a later
// update may reuse. An update builds its own reuse arguments from that cache: the namespace listing
// is always read again, the namespaces asked for are read again, the others come from the last
// reading. An event update (`part`) reads the host in part and the firewall tables holding Docker's
// rules only when asked (`firewall`); a refresh reads both whole.
import type { Connection } from '../../connection/types.js';
import {
  FIREWALL_COMMANDS,
  type FirewallCommand,
  type FirewallFacts,
  type FirewallOutputs,
  type KernelFacts,
} from '../facts.js';
import { firewallCommandsFor, parseFirewall, type ParsedOutput } from '../firewall/firewall.js';
import { timed, type StageClock } from '../stage-clock.js';
import { cachedNamespaces, collectKernel, type KernelCache } from './kernel.js';
import { SAFE_IFNAME, type KernelReuse } from './kernel-script.js';
import type { RootlessEntry } from './rootless.js';

/** What an update starts from; opaque to callers. */
export interface KernelReuseCache {
  raw: KernelCache;
  /** The firewall commands whose tables hold Docker's rules (read again when the firewall is). */
  docker: FirewallCommand[];
  /** The facts of that reading (the host ends of a container's interfaces are found in them). */
  facts: KernelFacts;
  /** The firewall outputs of that reading and what they parsed to (reused while they are the same). */
  outputs: FirewallOutputs;
  firewall: FirewallFacts;
  /** Each firewall command's output as parsed (the next reading parses only what changed). */
  parsed: Map<FirewallCommand, ParsedOutput>;
}

export interface KernelReading {
  kernel: KernelFacts;
  firewall: FirewallFacts;
  cache: KernelReuseCache;
}

export interface ReadKernelOptions {
  /** Netns paths to read again (an update reads a namespace file it has not seen anyway). */
  reread?: ReadonlySet<string>;
  /** An event update: read the host in part (its bridges, new devices, the host ends of `reread`). */
  part?: boolean;
  /** Read the firewall tables holding Docker's rules again, and the listeners and docker-proxy processes (default true). */
  firewall?: boolean;
  /** Rootless Docker: read inside RootlessKit's namespaces. */
  rootless?: RootlessEntry;
  clock?: StageClock;
}

/** Netns paths whose last reading the cache holds. */
export function cachedPaths(cache: KernelReuseCache): Set<string | null> {
  return new Set(cachedNamespaces(cache.raw).map((ns) => ns.path));
}

/**
 * A full reading, or (with `previous`) one that reuses the last reading except what `options` asks
 * to read again; a namespace file the cache does not know is always read.
 */
export async function readKernel(
  conn: Connection,
  previous?: KernelReuseCache,
  options: ReadKernelOptions = {},
): Promise<KernelReading> {
  const { clock } = options;
  const inside = options.rootless ? { rootless: options.rootless } : {};
  let result = await collectKernel(
    conn,
    previous
      ? { reuse: reuseOf(previous, options), previous: previous.raw, ...inside, clock }
      : { ...inside, clock },
  );
  // The cache fell short (it should not): read everything, rather than show a partial picture.
  if (previous && result.missed.length > 0) result = await collectKernel(conn, { ...inside, clock });
  const outputs = result.firewall;
  const unprivileged = result.kernel.privilege === 'none';
  // Tables not read again are the last reading's very strings: parsing them again (a thousand
  // published ports: ~0.1 s) would give the same facts.
  // A copy: the last reading's cache stays as it was should this one be dropped.
  const parsed = new Map(previous?.parsed ?? []);
  const firewall =
    previous && sameOutputs(previous.outputs, outputs)
      ? previous.firewall
      : timed(clock, 'parse', () => parseFirewall(outputs, unprivileged, parsed));
  return {
    kernel: result.kernel,
    firewall,
    cache: {
      raw: result.cache,
      docker: firewallCommandsFor(firewall.backends),
      facts: result.kernel,
      outputs,
      firewall,
      parsed,
    },
  };
}

function sameOutputs(a: FirewallOutputs, b: FirewallOutputs): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof FirewallOutputs>;
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (x?.stdout !== y?.stdout || x?.code !== y?.code || x?.missing !== y?.missing) return false;
  }
  return true;
}

/**
 * Host devices an update in part reads again besides the new ones: the other ends of the veths in the
 * namespaces at these paths, and every host veth whose peer was still in the host when last read.
 * Docker makes both ends in the host, then moves one into the container's namespace: an update that
 * ran then (for another container's event) read the host end half-made (peer in the host, no netnsid),
 * and nothing else reads it again (its namespace's reading, if any, has no veth yet to pair it with),
 * so the live view showed it unpaired for as long as the churn went on (issue #13's soak).
 */
function hostEnds(facts: KernelFacts, paths: ReadonlySet<string>): string[] {
  const byIndex = new Map((facts.host?.links ?? []).map((l) => [l.ifindex, l.name]));
  const names: string[] = [];
  for (const ns of facts.namespaces) {
    if (!ns.path || !paths.has(ns.path)) continue;
    for (const l of ns.links) {
      const name = l.linkNetnsId !== null && l.linkIndex !== null ? byIndex.get(l.linkIndex) : undefined;
      if (name && SAFE_IFNAME.test(name)) names.push(name);
    }
  }
  for (const l of facts.host?.links ?? [])
    if (l.infoKind === 'veth' && l.linkNetnsId === null && SAFE_IFNAME.test(l.name)) names.push(l.name);
  return names;
}

function reuseOf(previous: KernelReuseCache, options: ReadKernelOptions): KernelReuse {
  const reread = options.reread ?? new Set<string>();
  const readFirewall = options.firewall ?? true;
  const fresh = new Set(readFirewall ? previous.docker : []);
  const host = previous.raw.host;
  return {
    sections: [
      'uid',
      'iptables-version',
      // The sysctls list only interfaces set apart from the default: a new veth changes nothing there.
      ...(options.part ? ['sysctl'] : []),
      // Listening sockets and docker-proxy processes come and go with published ports, as the rules do.
      ...(readFirewall ? [] : ['listen', 'proxy']),
      // No backend holds Docker's rules (none read): read them all, as a full reading does.
      ...(previous.docker.length > 0 || !readFirewall ? FIREWALL_COMMANDS.filter((c) => !fresh.has(c)) : []),
    ],
    namespaces: cachedNamespaces(previous.raw)
      .filter((ns) => ns.path !== null && !reread.has(ns.path))
      .map((ns) => ns.token),
    // An event update reads only new docker-proxy processes (a refresh reads them all).
    ...(options.part && readFirewall ? { proxies: (previous.facts.proxies ?? []).map((p) => p.pid) } : {}),
    // In part only when every device of the last reading has a name the script may handle.
    ...(options.part && host && host.links.every((l) => SAFE_IFNAME.test(l.name))
      ? { host: { known: host.links.map((l) => l.name), names: hostEnds(previous.facts, reread) } }
      : {}),
  };
}

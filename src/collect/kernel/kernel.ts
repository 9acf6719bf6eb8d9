// Kernel view of a host in ONE round trip: run the constant batched script (kernel-script.ts) and turn
// its sections into KernelFacts plus the raw firewall outputs. As root it runs directly; otherwise the
// same exec tries `sudo -n` and falls back to an unprivileged run (host namespace only). Anything that
// could not be read becomes a problem string or a namespace error; only a failed exec rejects.
import { randomBytes } from 'node:crypto';
import type { Connection } from '../../connection/types.js';
import { cmp } from '../../model/order.js';
import type { Family } from '../../model/snapshot.js';
import {
  FIREWALL_COMMANDS,
  type CommandOutput,
  type FdbEntry,
  type FirewallOutputs,
  type KernelFacts,
  type NamespaceFacts,
  type RouteFact,
} from '../facts.js';
import { timed, timedAsync, type StageClock } from '../stage-clock.js';
import { listedNames, mergeHostPart } from './host-part.js';
import { kernelCommand, NS_TIMEOUT_S } from './kernel-script.js';
import type { KernelReuse } from './kernel-script.js';
import { rootlessArgv, type RootlessEntry } from './rootless.js';
import { parseFdb, parseLinks, parseRoutes, splitJsonValues } from './parse-ip.js';
import { parseListeners, parseProxies, parseSysctls } from './parse-delivery.js';
import { mergeKnownProxies } from './proxy-blocks.js';

export { mergeKnownProxies };
import { decodeNamespacePath, oneLine, parseSections, type Section } from './parse-sections.js';
import { meshSections } from './mesh-sections.js';

export interface KernelCollection {
  kernel: KernelFacts;
  firewall: FirewallOutputs;
  /** What a later update may reuse. */
  cache: KernelCache;
  /** Reused sections the cache did not have (then the facts are incomplete: read everything again). */
  missed: string[];
}

/** What an update can stand in for: raw sections by reuseKey(), and the host namespace's facts. */
export interface KernelCache {
  sections: ReadonlyMap<string, Section>;
  /** The host as last read (whole, or in part over an earlier reading): a `host-part` starts from it. */
  host?: NamespaceFacts | null;
}

export interface CollectKernelOptions {
  timeoutMs?: number;
  /** For tests: a fixed nonce (hex). */
  nonce?: string;
  /** An update: what to take from `previous` instead of reading it again. */
  reuse?: KernelReuse;
  previous?: KernelCache;
  /** Rootless Docker: run the script inside RootlessKit's namespaces (as their root). */
  rootless?: RootlessEntry;
  /** Benchmarks: adds the exec and the parsing to these stages. */
  clock?: StageClock;
}

const FAMILIES: Family[] = ['ipv4', 'ipv6'];
const DENIED = /permission denied|operation not permitted|must be root/i;

/** The one warning of a capture without root or `sudo -n`, with the three ways to fix it. */
export function privilegeWarning(why: string): string {
  return `not root and no passwordless sudo (${why}): container namespaces and firewall rules cannot be read, only the host namespace is shown; to see them, log in as root, or allow this user \`sudo -n\` without a password for sh (Netlens runs ip, nsenter, iptables-save, ip6tables-save and nft inside one \`sudo -n sh -c\`; sudoers: USER ALL=(root) NOPASSWD: /usr/bin/sh, /bin/sh); the "docker" group alone opens only the Docker API`;
}
const firstLine = (text: string) =>
  text
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim() ?? '';

/** Facts of one namespace from its `ip -json -batch` section (addr, IPv4 routes, IPv6 routes). */
export function namespaceFromSection(
  section: Section,
  path: string | null,
  inode: number | null,
  problems: string[],
): NamespaceFacts {
  const where = path ?? 'host namespace';
  const [addr, ...routeJson] = splitJsonValues(section.stdout);
  const parseProblems: string[] = [];
  const links = addr === undefined ? [] : parseLinks(addr, parseProblems);
  const routes: RouteFact[] = [];
  FAMILIES.forEach((family, i) => {
    const json = routeJson[i];
    if (json !== undefined) routes.push(...parseRoutes(json, family, parseProblems));
  });
  for (const p of parseProblems) problems.push(`${where}: ${p}`);
  let error: string | null = null;
  const got = [addr, ...routeJson].filter((v) => v !== undefined).length;
  if (!section.complete) error = 'output cut short';
  else if (section.code !== 0 || got < 3) {
    // 137 is `timeout -s KILL` giving up on it (see NS_TIMEOUT_S); the shell then only says "Killed".
    const why =
      section.code === 137
        ? `no answer within ${NS_TIMEOUT_S} s`
        : firstLine(section.stderr) || `exit status ${String(section.code)}`;
    const missing = ['interfaces', 'IPv4 routes', 'IPv6 routes'].slice(Math.min(got, 3)).join(', ');
    error = missing ? `could not read ${missing}: ${why}` : why;
  }
  return { path, inode, links, routes, error };
}

/**
 * namespaceFromSection, remembered per section object: an update hands back the very sections of the
 * last reading, and parsing hundreds of unchanged namespaces again is most of an update's CPU time.
 */
const parsedSections = new WeakMap<Section, { facts: NamespaceFacts; problems: string[] }>();
function namespaceOf(
  section: Section,
  path: string | null,
  inode: number | null,
  problems: string[],
): NamespaceFacts {
  let hit = parsedSections.get(section);
  if (!hit || hit.facts.path !== path || hit.facts.inode !== inode) {
    const own: string[] = [];
    hit = { facts: namespaceFromSection(section, path, inode, own), problems: own };
    parsedSections.set(section, hit);
  }
  problems.push(...hit.problems);
  return hit.facts;
}

/** Unquote os-release's PRETTY_NAME value (shell-style quoting, but never evaluated). */
export function unquoteOsRelease(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0])) {
    const inner = v.slice(1, -1);
    return v[0] === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
  }
  return v;
}

/**
 * A namespace that is no more: nsenter's setns() fails with EINVAL when the file is not a namespace
 * any more (Docker unmounts before it deletes), and, under Docker's folder (where Docker only ever
 * puts plain files), stat or nsenter with ENOENT when the file went between the listing and the read
 * (elsewhere that is a dangling link, worth a warning). LC_ALL=C keeps the texts stable.
 */
function isGone(section: Section, path: string): boolean {
  const why = path.startsWith('/var/run/docker/netns/')
    ? /Invalid argument|No such file or directory/
    : /Invalid argument/;
  return section.complete && section.code !== 0 && section.stdout.trim() === '' && why.test(section.stderr);
}

function commandOutput(section: Section): CommandOutput {
  const missing = section.args.includes('missing') || section.code === 127;
  return { stdout: missing ? '' : section.stdout, code: section.code, missing };
}

/** The cache key of a section that an update can reuse, or null (identity, host, listing…). */
function reuseKey(section: Section): string | null {
  const [first = '', second = '', status = ''] = section.args;
  if (['uid', 'iptables-version', 'sysctl', 'listen', 'proxy'].includes(section.name)) return section.name;
  if (section.name === 'fw') return `fw ${first}`;
  // A `not-netns` file too: what Docker leaves of removed containers' namespaces piles up under its
  // folder (hundreds after a day of churn, and a stat each cost ~1 s per update at 275 of them). An
  // event update trusts it under Docker's folder (sandbox names are never reused); a container that
  // named it, or a refresh, reads it again.
  if (section.name === 'ns' && (status === 'read' || status === 'cached' || status === 'not-netns'))
    return `ns ${first} ${second}`;
  return null;
}

const isReusedMarker = (section: Section) => section.complete && section.args.at(-1) === 'cached';

/** `<inode>=<encoded path>` of every namespace reading in the cache, with its decoded path. */
export function cachedNamespaces(cache: KernelCache): { token: string; path: string | null }[] {
  return [...cache.sections.values()]
    .filter((s) => s.name === 'ns')
    .map((s) => ({
      token: `${s.args[1] ?? ''}=${s.args[0] ?? ''}`,
      path: decodeNamespacePath(s.args[0] ?? ''),
    }));
}

/** Turn the script's output into facts; pure, so recorded output can be replayed in tests. */
export function interpretKernelOutput(
  stdout: string,
  stderr: string,
  nonce: string,
  execCode: number | null,
  previous?: KernelCache,
): KernelCollection {
  const parsed = parseSections(stdout, stderr, nonce);
  const missed: string[] = [];
  // An update's `cached` sections become the last reading, so the facts are built exactly as in a full run.
  parsed.sections = parsed.sections.map((section) => {
    if (!isReusedMarker(section)) return section;
    const key = reuseKey(section);
    const hit = key === null ? undefined : previous?.sections.get(key);
    if (!hit) missed.push(key ?? section.name);
    return hit ?? section;
  });
  // An update's docker-proxy lines `= <pid>`: that process's command line as the last reading had it.
  parsed.sections = parsed.sections.map((section) => {
    if (section.name !== 'proxy' || isReusedMarker(section) || !/^= /m.test(section.stdout)) return section;
    const merged = mergeKnownProxies(section, previous?.sections.get('proxy'));
    if (merged === null) missed.push('proxy');
    return merged ?? section;
  });
  const cache = new Map<string, Section>();
  for (const section of parsed.sections) {
    const key = reuseKey(section);
    if (key !== null && !isReusedMarker(section)) cache.set(key, section);
  }
  const problems = [...parsed.problems];
  if (execCode === null)
    problems.push('the kernel script was stopped (timeout or signal); facts may be partial');
  const one = (name: string) => parsed.sections.find((s) => s.name === name);

  const uid = oneLine(one('uid'));
  const mode = parsed.mode;
  const privilege: KernelFacts['privilege'] =
    uid === '0'
      ? mode === 'sudo'
        ? 'sudo'
        : 'root'
      : uid === null && (mode === 'root' || mode === 'sudo')
        ? mode
        : 'none';
  if (privilege === 'none' && mode !== null) {
    const sudo = parsed.sudoFailure;
    const why = !sudo
      ? `running as uid ${uid ?? '?'}`
      : sudo.code === 127
        ? 'sudo is not installed'
        : `sudo -n failed${sudo.stderr ? `: ${firstLine(sudo.stderr)}` : ` (exit ${String(sudo.code)})`}`;
    problems.push(privilegeWarning(why));
  }
  // Without privilege every firewall command and the namespace folder are refused alike: the one
  // privilege warning above says so, with the fix, instead of one raw "Permission denied" each.
  const refused = (section: Section) => privilege === 'none' && DENIED.test(section.stderr);

  const hostInode = Number(oneLine(one('host-inode')) ?? NaN);
  const hostIp = one('host-ip');
  const hostPart = one('host-part');
  let host = hostIp
    ? namespaceFromSection(hostIp, null, Number.isSafeInteger(hostInode) ? hostInode : null, problems)
    : null;
  if (!hostIp && hostPart) {
    // Read in part: it needs the last reading (and the names listed) to stand on.
    const listed = listedNames(one('host-links'));
    const before = previous?.host;
    host = before && listed ? mergeHostPart(before, hostPart, listed, problems) : null;
    if (!host) missed.push('host');
  }
  if (!host && mode !== null) problems.push('the host namespace could not be read');

  const firewall: FirewallOutputs = {};
  const namespaces: NamespaceFacts[] = [];
  const gone: string[] = [];
  for (const section of parsed.sections) {
    if (section.name === 'fw') {
      const name = FIREWALL_COMMANDS.find((c) => c === section.args[0]);
      if (!name) continue;
      firewall[name] = commandOutput(section);
      if (!firewall[name].missing && section.code !== 0 && !refused(section)) {
        problems.push(`${name}: ${firstLine(section.stderr) || `exit status ${String(section.code)}`}`);
      }
    } else if (section.name === 'iptables-version') firewall['iptables-version'] = commandOutput(section);
    else if (section.name === 'netns-dir' && section.args[1] === 'unreadable' && privilege !== 'none') {
      problems.push(
        `cannot list ${section.args[0] ?? '?'} (permission denied): its namespaces were not read`,
      );
    } else if (section.name === 'ns') {
      const [encoded = '', inodeText = '-', status = ''] = section.args;
      const path = decodeNamespacePath(encoded);
      if (!path) {
        problems.push(`ignored a namespace file with an invalid path (${encoded.slice(0, 60)})`);
        continue;
      }
      const inode = /^[0-9]{1,20}$/.test(inodeText) ? Number(inodeText) : null;
      // Not a network namespace (a FIFO, a plain file, what Docker leaves of a stopped container's
      // file): never entered, and as common as stopped containers, so not worth a warning either.
      // Under Docker's folder it is a container stopping (or stopped): the builder may say so.
      if (status === 'not-netns') {
        if (path.startsWith('/var/run/docker/netns/')) gone.push(path);
        continue;
      }
      if ((status === 'read' || status === 'stat-failed') && isGone(section, path)) {
        // A plain file where a namespace was (Docker keeps the file of a stopped container), or one
        // that went mid-read: nothing to show, and nothing worth a warning on every stop.
        gone.push(path);
        continue;
      } else if (status === 'read') namespaces.push(namespaceOf(section, path, inode, problems));
      // The host's own namespace bound under another name (Docker's `default`): listed, not re-read.
      else if (status === 'host') namespaces.push({ path, inode, links: [], routes: [], error: null });
      else {
        const why =
          status === 'no-nsenter'
            ? 'nsenter is not installed'
            : `stat failed: ${firstLine(section.stderr) || `exit ${String(section.code)}`}`;
        namespaces.push({ path, inode, links: [], routes: [], error: why });
      }
    }
  }
  // Forwarding entries of overlay namespaces, read fresh on every capture, joined by path.
  const fdbs = new Map<string, FdbEntry[]>();
  for (const section of parsed.sections) {
    if (section.name !== 'fdb' || section.code !== 0) continue;
    const path = decodeNamespacePath(section.args[0] ?? '');
    if (path) fdbs.set(path, parseFdb(section.stdout, problems));
  }
  namespaces.forEach((ns, i) => {
    const fdb = ns.path === null ? undefined : fdbs.get(ns.path);
    if (fdb) namespaces[i] = { ...ns, fdb };
  });
  // Swarm's mesh sandboxes: IPVS table and mangle marks, read fresh on every capture, joined by path.
  for (const [path, mesh] of meshSections(parsed.sections, problems)) {
    const i = namespaces.findIndex((ns) => ns.path === path);
    const ns = namespaces[i];
    if (ns) namespaces[i] = { ...ns, mesh };
  }
  // In path order whatever the order of the sections (an update prints its cached ones first): the
  // first of two files bound to one namespace is the one shown.
  namespaces.sort((a, b) => cmp(a.path ?? '', b.path ?? ''));
  const failed = namespaces.filter((ns) => ns.error);
  // Without privilege every namespace fails the same way, which the privilege warning says (each
  // namespace keeps its error).
  if (privilege !== 'none' || mode === null)
    for (const ns of failed) problems.push(`${ns.path ?? 'host'}: ${ns.error ?? ''}`);
  if (host?.error) problems.push(`host namespace: ${host.error}`);

  return {
    kernel: {
      hostname: oneLine(one('hostname')),
      kernel: oneLine(one('kernel')),
      os: ((v) => (v === null ? null : unquoteOsRelease(v)))(oneLine(one('os'))),
      privilege,
      host,
      namespaces,
      gone,
      problems,
      sysctls: parseSysctls(one('sysctl')),
      listeners: parseListeners(one('listen'), problems, previous?.sections.get('listen')),
      proxies: parseProxies(one('proxy'), problems),
    },
    firewall,
    cache: { sections: cache, host },
    missed,
  };
}

/** One exec on the host, whatever the number of namespaces. Rejects only if the exec itself fails. */
export async function collectKernel(
  conn: Connection,
  options: CollectKernelOptions = {},
): Promise<KernelCollection> {
  const nonce = options.nonce ?? randomBytes(16).toString('hex');
  // Inside RootlessKit's user namespace the script is its root: no sudo is needed or wanted there.
  const command = kernelCommand(
    nonce,
    options.rootless ? true : conn.isRoot,
    options.reuse,
    conn.sudo !== false,
  );
  const argv = options.rootless ? rootlessArgv(options.rootless, command.argv) : command.argv;
  const { stdin } = command;
  const result = await timedAsync(options.clock, 'exec', () =>
    conn.exec(argv, { timeoutMs: options.timeoutMs ?? 120_000, ...(stdin ? { stdin } : {}) }),
  );
  return timed(options.clock, 'parse', () =>
    interpretKernelOutput(result.stdout, result.stderr, nonce, result.code, options.previous),
  );
}

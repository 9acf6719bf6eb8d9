// What delivers traffic besides NAT rules, from the kernel script's `sysctl`, `listen` and `proxy`
// sections: the sysctls that decide paths, the host's listening sockets (`ss -H -ltnu`, or
// /proc/net/{tcp,udp}{,6} where ss is missing) and the docker-proxy processes' command lines. All of it
// is host output: every field is validated, and a line that does not fit is dropped and counted.
import type { DockerProxy, InterfaceSysctl, Listener, Protocol, Sysctls } from '../../model/snapshot.js';
import { parseAddress } from '../../model/ip.js';
import { NS_TIMEOUT_S } from './kernel-script.js';
import type { Section } from './parse-sections.js';
import { PROXY_LINE, proxyBlocks } from './proxy-blocks.js';
import { unpinned } from '../unpinned.js';

const IFNAME = /^[^/\s]{1,15}$/;
const PROTOCOLS = new Set<Protocol>(['tcp', 'udp', 'sctp']);

const flag = (v: string | undefined): boolean | null => (v === '1' ? true : v === '0' ? false : null);
const port = (v: string | undefined): number | null =>
  v !== undefined && /^\d{1,5}$/.test(v) && Number(v) <= 65535 ? Number(v) : null;

export function parseSysctls(section: Section | undefined): Sysctls | null {
  if (!section?.complete) return null;
  const net = new Map<string, string>();
  const conf: Record<'route_localnet' | 'rp_filter', Map<string, number>> = {
    route_localnet: new Map(),
    rp_filter: new Map(),
  };
  let bridgeMissing = false;
  for (const line of section.stdout.split('\n')) {
    const words = line.split(' ');
    if (line === 'bridge missing') bridgeMissing = true;
    else if (words.length === 2 && words[0]?.startsWith('net/')) net.set(words[0].slice(4), words[1] ?? '');
    else if (words.length === 4 && words[0] === 'conf') {
      const [, key, value = '', name = ''] = words;
      if ((key === 'route_localnet' || key === 'rp_filter') && /^\d{1,3}$/.test(value) && IFNAME.test(name))
        conf[key].set(name, Number(value));
    }
  }
  const bridge = (key: string) => (bridgeMissing ? false : flag(net.get(`bridge/${key}`)));
  const setting = (values: Map<string, number>): InterfaceSysctl => {
    const all = values.get('all') ?? null;
    const def = values.get('default') ?? null;
    const interfaces: InterfaceSysctl['interfaces'] = [];
    // Only what differs from `default` (what a new interface starts with): hundreds of veths stay out.
    for (const [name, v] of [...values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      if (name !== 'all' && name !== 'default' && v !== def) interfaces.push({ name, value: v });
    return { all, default: def, interfaces };
  };
  return {
    ipForward: flag(net.get('ipv4/ip_forward')),
    ipv6Forwarding: flag(net.get('ipv6/conf/all/forwarding')),
    bridgeNfCallIptables: bridge('bridge-nf-call-iptables'),
    bridgeNfCallIp6tables: bridge('bridge-nf-call-ip6tables'),
    routeLocalnet: setting(conf.route_localnet),
    rpFilter: setting(conf.rp_filter),
  };
}

/** `0.0.0.0:80`, `127.0.0.53%lo:53`, `[::]:80`, `[fe80::1]%eth0:123`, `*:22` → address, family, port. */
function ssEndpoint(text: string): Omit<Listener, 'namespace' | 'protocol' | 'processes'> | null {
  const cut = text.lastIndexOf(':');
  const p = port(text.slice(cut + 1));
  if (cut < 0 || p === null) return null;
  let host = text.slice(0, cut).replace(/%[^\]]*$/, '');
  if (host === '*') return { family: 'ipv6', address: '::', port: p, dualStack: true };
  const v6 = host.startsWith('[');
  if (v6) host = host.slice(1, host.indexOf(']')).replace(/%.*$/, '');
  const parsed = parseAddress(host);
  if (!parsed || (parsed.bits === 128) !== v6) return null;
  return { family: v6 ? 'ipv6' : 'ipv4', address: host.toLowerCase(), port: p, dualStack: v6 ? false : null };
}

/** A /proc/net address: 8 hex digits (IPv4) or 32 (IPv6), each 32-bit word in host (little-endian) order. */
function procAddress(hex: string): string | null {
  const words = hex.match(/.{8}/g);
  if (!words || (hex.length !== 8 && hex.length !== 32) || !/^[0-9A-Fa-f]+$/.test(hex)) return null;
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return compressV6(groups);
}

/** RFC 5952 text: the longest run of two or more zero groups becomes `::`. */
export function compressV6(groups: string[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < groups.length;) {
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j > i ? j : i + 1;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

function procLine(line: string, file: string): Listener | null {
  const [, local = '', , state = ''] = line.trim().split(/\s+/);
  const protocol = file.startsWith('tcp') ? 'tcp' : 'udp';
  // A listening TCP socket is state 0A; a bound, unconnected UDP socket is 07.
  if (state !== (protocol === 'tcp' ? '0A' : '07')) return null;
  const [hex = '', portHex = ''] = local.split(':');
  const address = procAddress(hex);
  const p = /^[0-9A-Fa-f]{4}$/.test(portHex) ? parseInt(portHex, 16) : null;
  if (!address || p === null || p === 0) return null;
  const family = file.endsWith('6') ? 'ipv6' : 'ipv4';
  return { namespace: 'host', protocol, family, address, port: p, dualStack: null, processes: [] };
}

/** A section `timeout -s KILL` gave up on (see NS_TIMEOUT_S): said once, and nothing of it kept. */
function killed(section: Section, what: string, problems: string[]): boolean {
  if (section.code !== 137) return false;
  problems.push(`${what}: no answer within ${NS_TIMEOUT_S} s`);
  return true;
}

/** ss's sockets by line, per section: an update's unchanged lines are the last reading's facts. */
const socketsBySection = new WeakMap<Section, Map<string, Listener>>();

/** `previous`: the last reading's section; a line it had is that very fact (see proxy-blocks.ts). */
export function parseListeners(
  section: Section | undefined,
  problems: string[],
  previous?: Section,
): Listener[] | null {
  if (!section?.complete || killed(section, 'listening sockets', problems) || section.code !== 0) return null;
  const out = new Map<string, Listener>();
  const known = previous ? socketsBySection.get(previous) : undefined;
  const seen = new Map<string, Listener>();
  let bad = 0;
  let file = '';
  for (const line of section.stdout.split('\n')) {
    if (line.trim() === '') continue;
    let l: Listener | null = null;
    const kept = section.args[0] === 'proc' ? undefined : known?.get(line);
    if (kept) l = kept;
    else if (section.args[0] === 'proc') {
      if (line.startsWith('# ')) file = line.slice(2);
      else if (!/^\s*sl\s/.test(line)) l = procLine(line, file);
      if (!l) continue;
    } else {
      // Cut from a copy of the line: a fact kept across updates must not keep this reading's text.
      const [netid = '', , , , local = ''] = unpinned(line).trim().split(/\s+/);
      const end = ssEndpoint(local);
      if (!PROTOCOLS.has(netid as Protocol) || !end) {
        bad += 1;
        continue;
      }
      l = { namespace: 'host', protocol: netid as Protocol, ...end, processes: [] };
      seen.set(line, l);
    }
    if (kept) seen.set(line, kept);
    out.set(`${l.protocol} ${l.family} ${l.address} ${l.port}`, l);
  }
  socketsBySection.set(section, seen);
  if (bad > 0) problems.push(`listening sockets: ${bad} line(s) of ss output could not be read`);
  return [...out.values()];
}

export { PROXY_LINE } from './proxy-blocks.js';

/** A process's parse, kept by its lines (see proxy-blocks.ts); null when they do not read as a proxy. */
const parsedBlocks = new WeakMap<readonly string[], DockerProxy | null>();

function proxyOf(pid: number, lines: readonly string[]): DockerProxy | null {
  const argv = lines.map((line) => PROXY_LINE.exec(line)?.[2] ?? '');
  const opt = (name: string) => {
    const i = argv.findIndex((a) => a === `-${name}` || a === `--${name}`);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`-${name}=`))?.split('=')[1];
  };
  const protocol = opt('proto') as Protocol | undefined;
  const hostIp = opt('host-ip');
  const containerIp = opt('container-ip');
  const hostPort = port(opt('host-port'));
  const containerPort = port(opt('container-port'));
  if (
    !protocol ||
    !PROTOCOLS.has(protocol) ||
    !hostIp ||
    !containerIp ||
    hostPort === null ||
    containerPort === null ||
    !parseAddress(hostIp) ||
    !parseAddress(containerIp)
  )
    return null;
  return {
    pid,
    protocol,
    hostIp: hostIp.toLowerCase(),
    hostPort,
    containerIp: containerIp.toLowerCase(),
    containerPort,
  };
}

export function parseProxies(section: Section | undefined, problems: string[]): DockerProxy[] | null {
  // Any other status (grep's 2: a process gone between listing and reading) keeps what was read.
  if (!section?.complete || killed(section, 'docker-proxy processes', problems)) return null;
  const out: DockerProxy[] = [];
  let bad = 0;
  for (const [pid, lines] of proxyBlocks(section)) {
    let proxy = parsedBlocks.get(lines);
    if (proxy === undefined) {
      proxy = proxyOf(pid, lines);
      parsedBlocks.set(lines, proxy);
    }
    if (proxy) out.push(proxy);
    else bad += 1;
  }
  if (bad > 0) problems.push(`${bad} docker-proxy process(es) with a command line Netlens could not read`);
  return out;
}

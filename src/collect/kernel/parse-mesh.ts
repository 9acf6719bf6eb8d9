// Swarm's routing mesh as a sandbox (`ingress_sbox`, `lb_<id>`) holds it: the IPVS table read from
// `/proc/net/ip_vs` inside the namespace, and the mangle MARK rules (`iptables-save -t mangle`) that
// give traffic the firewall mark an IPVS `FWM` service is chosen by. Both texts come from the host:
// every line is checked against the kernel's exact format (net/netfilter/ipvs/ip_vs_ctl.c,
// ip_vs_info_seq_show) and one that does not fit is a problem, never an exception or a guess.
import type { IpvsDestination, IpvsService, MeshMark } from '../../model/snapshot.js';
import { parseRuleLine, tokenize } from '../../model/rules/iptables-rule.js';

const MAX_PROBLEMS = 10;
/** More services or servers than this is no Swarm sandbox's (one service per published port or VIP). */
const MAX_SERVICES = 4096;
const MAX_DESTINATIONS = 65536;

// The header the kernel prints first (version, then two column titles).
const HEADER = [
  /^IP Virtual Server version \d{1,3}\.\d{1,3}\.\d{1,3} \(size=\d{1,10}\)$/,
  /^Prot LocalAddress:Port Scheduler Flags$/,
  /^ {2}-> RemoteAddress:Port Forward Weight ActiveConn InActConn$/,
];
// `%s  %08X:%04X %s %s` (IPv4), `%s  [%pI6]:%04X %s ` (IPv6), `FWM  %08X %s %s`, then the flags.
const PROTO = '([A-Za-z][A-Za-z0-9_]{0,15})';
const SCHED = '([a-z][a-z0-9_]{0,15})';
const V6 = '\\[((?:[0-9a-f]{4}:){7}[0-9a-f]{4})\\]';
const SERVICE_V4 = new RegExp(`^${PROTO} {2}([0-9A-F]{8}):([0-9A-F]{4}) ${SCHED} (.*)$`);
const SERVICE_V6 = new RegExp(`^${PROTO} {2}${V6}:([0-9A-F]{4}) ${SCHED} (.*)$`);
const SERVICE_FWM = new RegExp(`^FWM {2}([0-9A-F]{8}) ${SCHED} (.*)$`);
// `  -> %08X:%04X      %-7s %-6d %-10d %-10d` (or `[%pI6]` for an IPv6 server).
const NUM = '(-?\\d{1,10})';
const DEST = new RegExp(
  `^ {2}-> (?:([0-9A-F]{8})|${V6}):([0-9A-F]{4}) +(Masq|Local|Tunnel|Route) +${NUM} +${NUM} +${NUM} *$`,
);
const FLAGS = /^ ?(ops )?(?:persistent (\d{1,10}) ([0-9A-F]{8}))? *$/;
const INT32 = 2 ** 31;

function v4(hex: string): string {
  const n = parseInt(hex, 16);
  return [24, 16, 8, 0].map((shift) => String((n >>> shift) & 0xff)).join('.');
}

/** The kernel prints IPv6 uncompressed (`%pI6`); the snapshot writes addresses the way `ip` does. */
function v6(full: string): string {
  return new URL(`http://[${full}]/`).hostname.slice(1, -1);
}

function int32(text: string): number | null {
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= -INT32 && n < INT32 ? n : null;
}

function flagsOf(rest: string): string[] | null {
  const m = FLAGS.exec(rest);
  if (!m) return null;
  const out: string[] = [];
  if (m[1]) out.push('ops');
  if (m[2] !== undefined) {
    const seconds = int32(m[2]);
    if (seconds === null) return null;
    out.push(`persistent ${seconds}`);
  }
  return out;
}

function serviceOf(line: string): IpvsService | null {
  const fwm = SERVICE_FWM.exec(line);
  if (fwm) {
    const flags = flagsOf(fwm[3] ?? '');
    return (
      flags && {
        fwmark: parseInt(fwm[1] ?? '', 16),
        protocol: null,
        address: null,
        port: null,
        scheduler: fwm[2] ?? '',
        flags,
        destinations: [],
      }
    );
  }
  const m = SERVICE_V4.exec(line) ?? SERVICE_V6.exec(line);
  if (!m) return null;
  const flags = flagsOf(m[5] ?? '');
  const address = m[2] ?? '';
  return (
    flags && {
      fwmark: null,
      protocol: (m[1] ?? '').toLowerCase(),
      address: address.includes(':') ? v6(address) : v4(address),
      port: parseInt(m[3] ?? '', 16),
      scheduler: m[4] ?? '',
      flags,
      destinations: [],
    }
  );
}

function destinationOf(line: string): IpvsDestination | null {
  const m = DEST.exec(line);
  if (!m) return null;
  const [weight, active, inactive] = [m[5], m[6], m[7]].map((n) => int32(n ?? ''));
  if (weight == null || active == null || inactive == null) return null;
  return {
    address: m[1] ? v4(m[1]) : v6(m[2] ?? ''),
    port: parseInt(m[3] ?? '', 16),
    forward: m[4] ?? '',
    weight,
    active,
    inactive,
  };
}

/** The services of `/proc/net/ip_vs` with their real servers; unreadable lines become problems. */
export function parseIpvs(text: string, problems: string[] = []): IpvsService[] {
  const services: IpvsService[] = [];
  let found = 0;
  let destinations = 0;
  const problem = (lineNo: number, what: string, line: string) => {
    found += 1;
    if (found <= MAX_PROBLEMS)
      problems.push(`/proc/net/ip_vs line ${lineNo}: ${what} ${JSON.stringify(line.slice(0, 80))}`);
  };
  const lines = text.split('\n');
  // The text after the last newline is what a cut-short read left: a problem unless empty.
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (index < HEADER.length) {
      if (!HEADER[index]?.test(line)) problem(lineNo, 'not the IPVS header:', line);
      return;
    }
    if (line.startsWith('  -> ')) {
      const current = services.at(-1);
      const dest = destinationOf(line);
      if (!current) return problem(lineNo, 'a real server before any service:', line);
      if (!dest) return problem(lineNo, 'not a real server:', line);
      if (++destinations > MAX_DESTINATIONS) return problem(lineNo, 'too many real servers:', line);
      current.destinations.push(dest);
      return;
    }
    const service = serviceOf(line);
    if (!service) return problem(lineNo, 'not a service:', line);
    if (services.length >= MAX_SERVICES) return problem(lineNo, 'too many services:', line);
    services.push(service);
  });
  if (found > MAX_PROBLEMS) problems.push(`/proc/net/ip_vs: ${found - MAX_PROBLEMS} more unreadable lines`);
  return services;
}

const MARK_VALUE = /^(?:0x([0-9a-f]{1,8})|(\d{1,10}))(?:\/0x([0-9a-f]{1,8}))?$/i;
const MAX_MARKS = 4096;

/**
 * The MARK rules of `iptables-save -t mangle` run in a sandbox: `-j MARK --set-xmark 0x100/0xffffffff`
 * (how iptables-save prints Docker's `--set-mark 256`) with the `-p`/`--dport` or `-d` it applies to.
 * A mark with a mask other than all ones only sets some bits: no single mark, so it is left out, as
 * is a negated match.
 */
export function parseMeshMarks(text: string, problems: string[] = []): MeshMark[] {
  const marks: MeshMark[] = [];
  let table: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('*')) table = line.slice(1);
    if (table !== 'mangle' || !line.startsWith('-A ') || marks.length >= MAX_MARKS) continue;
    const rule = parseRuleLine(line);
    const tokens = tokenize(line);
    if (!rule || !tokens) {
      problems.push(`mangle: not a rule: ${JSON.stringify(line.slice(0, 80))}`);
      continue;
    }
    if (rule.target !== 'MARK') continue;
    const at = tokens.findIndex((t) => t === '--set-xmark' || t === '--set-mark');
    const m = at < 0 ? null : MARK_VALUE.exec(tokens[at + 1] ?? '');
    const mark = m ? (m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2])) : NaN;
    const mask = m?.[3] === undefined ? 0xffffffff : parseInt(m[3], 16);
    if (!m || !Number.isInteger(mark) || mark > 0xffffffff) {
      problems.push(`mangle: unreadable mark in ${JSON.stringify(line.slice(0, 80))}`);
      continue;
    }
    const a = rule.spec.args;
    // Docker writes neither partial masks nor negated matches; such a rule marks no one port or VIP.
    if (mask !== 0xffffffff || a.destinationNegated || rule.spec.dportNegated) continue;
    const port = a.dport !== null && /^\d{1,5}$/.test(a.dport) ? Number(a.dport) : null;
    marks.push({
      mark,
      chain: rule.chain,
      protocol: a.protocol,
      port: port !== null && port <= 65535 ? port : null,
      destination: a.destination,
      rule: line.slice(0, 4096),
    });
  }
  return marks;
}

// Parses what the counters script prints (see counters.ts) into raw totals, then keys them by the
// ids of a snapshot. Pure: text in, data out; everything from the host is validated here.
import { z } from 'zod';
import type { Family, FirewallBackend, Rule, Snapshot } from '../../model/snapshot.js';
import { readIpJson } from '../kernel/ip-json.js';

export interface LinkTotals {
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
}

export interface RuleTotals {
  packets: number;
  bytes: number;
}

export interface RawRuleCounter {
  backend: FirewallBackend;
  family: Family;
  table: string;
  chain: string;
  /** Position within its chain, from 1. */
  position: number;
  /** The rule as printed, without counters; null for nft (matched by position only). */
  text: string | null;
  counters: RuleTotals;
}

export interface RawCounters {
  privilege: 'root' | 'sudo' | 'none' | null;
  /** Per namespace: null path = the host namespace; else the netns file the script entered. */
  namespaces: { path: string | null; links: Map<string, LinkTotals> }[];
  rules: RawRuleCounter[];
  problems: string[];
}

/** Firewall commands the script may run, and what they report on. */
export const COUNTER_COMMANDS = {
  'iptables-nft-save': { backend: 'iptables-nft', family: 'ipv4' },
  'ip6tables-nft-save': { backend: 'iptables-nft', family: 'ipv6' },
  'iptables-legacy-save': { backend: 'iptables-legacy', family: 'ipv4' },
  'ip6tables-legacy-save': { backend: 'iptables-legacy', family: 'ipv6' },
  nft: { backend: 'nftables', family: null },
} as const satisfies Record<string, { backend: FirewallBackend; family: Family | null }>;
export type CounterCommand = keyof typeof COUNTER_COMMANDS;

const count = z.number().int().nonnegative();
const direction = z.object({ bytes: count, packets: count });
const IpLink = z.object({
  ifname: z.string(),
  stats64: z.object({ rx: direction, tx: direction }).optional(),
  stats: z.object({ rx: direction, tx: direction }).optional(),
});
const IpLinks = z.array(z.unknown());

const NftRule = z.object({
  rule: z.object({
    family: z.string(),
    table: z.string(),
    chain: z.string(),
    expr: z.array(z.unknown()).optional(),
  }),
});
const NftCounter = z.object({ counter: z.object({ packets: count, bytes: count }) });
const NftRuleset = z.object({ nftables: z.array(z.unknown()) });

const MARK = '@@netlens ';

interface Section {
  head: string[];
  body: string;
  code: number | null;
}

/** Splits the output into `@@netlens <words>` sections, each closed by `@@netlens rc <n>`. */
function sections(stdout: string): Section[] {
  const out: Section[] = [];
  let current: { head: string[]; lines: string[] } | null = null;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(MARK)) {
      current?.lines.push(line);
      continue;
    }
    const words = line.slice(MARK.length).split(' ');
    if (words[0] === 'rc') {
      if (current) out.push({ head: current.head, body: current.lines.join('\n'), code: Number(words[1]) });
      current = null;
    } else if (words[0] === 'privilege') {
      out.push({ head: words, body: '', code: 0 });
    } else {
      // The rest of the line is one argument (a path may hold spaces).
      current = { head: [words[0] ?? '', words.slice(1).join(' ')], lines: [] };
    }
  }
  return out;
}

export function parseIpLinkStats(json: string): Map<string, LinkTotals> {
  const links = new Map<string, LinkTotals>();
  // Tolerant like the capture's reader: one odd interface name must not lose the namespace's counters.
  const read = readIpJson(json);
  if (read.items.length === 0 && read.error !== null) throw new Error(`ip -json: ${read.error}`);
  const list = IpLinks.parse(read.items);
  for (const raw of list) {
    const parsed = IpLink.safeParse(raw);
    if (!parsed.success) continue;
    const stats = parsed.data.stats64 ?? parsed.data.stats;
    if (!stats) continue;
    links.set(parsed.data.ifname, {
      rxBytes: stats.rx.bytes,
      txBytes: stats.tx.bytes,
      rxPackets: stats.rx.packets,
      txPackets: stats.tx.packets,
    });
  }
  return links;
}

/** /proc/<pid>/net/dev: `name: rxBytes rxPackets … (8 fields) txBytes txPackets …`. Names cannot hold ':'. */
export function parseProcNetDev(text: string): Map<string, LinkTotals> {
  const links = new Map<string, LinkTotals>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.includes('|')) continue;
    const name = line.slice(0, colon).trim();
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (!name || f.length < 16 || !f.every((n) => Number.isSafeInteger(n) && n >= 0)) continue;
    links.set(name, { rxBytes: f[0] ?? 0, rxPackets: f[1] ?? 0, txBytes: f[8] ?? 0, txPackets: f[9] ?? 0 });
  }
  return links;
}

const SAVE_RULE = /^\[(\d+):(\d+)\] (-A (\S+)(?: .*)?)$/;

/** `iptables-save -c` lines: `*table`, then `[packets:bytes] -A CHAIN …` in chain order. */
export function parseIptablesSaveCounters(
  text: string,
  backend: FirewallBackend,
  family: Family,
): RawRuleCounter[] {
  const rules: RawRuleCounter[] = [];
  let table: string | null = null;
  const positions = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) {
      table = line.slice(1).trim();
      positions.clear();
      continue;
    }
    const m = SAVE_RULE.exec(line.trimEnd());
    if (!m || table === null) continue;
    const chain = m[4] ?? '';
    const position = (positions.get(chain) ?? 0) + 1;
    positions.set(chain, position);
    rules.push({
      backend,
      family,
      table,
      chain,
      position,
      text: m[3] ?? '',
      counters: { packets: Number(m[1]), bytes: Number(m[2]) },
    });
  }
  return rules;
}

const NFT_FAMILIES: Record<string, Family> = { ip: 'ipv4', ip6: 'ipv6' };

/** `nft -j list ruleset`: rules of ip/ip6 tables carrying a `counter` statement. */
export function parseNftCounters(json: string): RawRuleCounter[] {
  const rules: RawRuleCounter[] = [];
  const positions = new Map<string, number>();
  for (const item of NftRuleset.parse(JSON.parse(json)).nftables) {
    const parsed = NftRule.safeParse(item);
    if (!parsed.success) continue;
    const { family: nftFamily, table, chain, expr } = parsed.data.rule;
    const chainKey = `${nftFamily}|${table}|${chain}`;
    const position = (positions.get(chainKey) ?? 0) + 1;
    positions.set(chainKey, position);
    const family = Object.hasOwn(NFT_FAMILIES, nftFamily) ? NFT_FAMILIES[nftFamily] : undefined;
    const counter = (expr ?? []).map((e) => NftCounter.safeParse(e)).find((r) => r.success);
    if (!family || !counter?.data) continue;
    rules.push({
      backend: 'nftables',
      family,
      table,
      chain,
      position,
      text: null,
      counters: counter.data.counter,
    });
  }
  return rules;
}

export function parseCountersOutput(stdout: string): RawCounters {
  const result: RawCounters = { privilege: null, namespaces: [], rules: [], problems: [] };
  for (const s of sections(stdout)) {
    const [kind, arg = ''] = s.head;
    if (kind === 'privilege') {
      result.privilege = arg === 'root' || arg === 'sudo' || arg === 'none' ? arg : null;
      continue;
    }
    if (s.code !== 0) {
      result.problems.push(
        `${kind === 'links' ? `ip link in ${arg}` : arg} exited with status ${s.code ?? '?'}`,
      );
      continue;
    }
    try {
      if (kind === 'links') {
        result.namespaces.push({ path: arg === 'host' ? null : arg, links: parseIpLinkStats(s.body) });
      } else if (kind === 'netdev') {
        result.namespaces.push({ path: arg === 'host' ? null : arg, links: parseProcNetDev(s.body) });
      } else if (kind === 'fw' && Object.hasOwn(COUNTER_COMMANDS, arg)) {
        const command = COUNTER_COMMANDS[arg as CounterCommand];
        if (command.family === null) result.rules.push(...parseNftCounters(s.body));
        else result.rules.push(...parseIptablesSaveCounters(s.body, command.backend, command.family));
      }
    } catch (error) {
      result.problems.push(
        `could not read the output of ${arg}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return result;
}

export interface KeyedCounters {
  /** By interface id of the snapshot. */
  interfaces: Map<string, LinkTotals>;
  /** By rule id of the snapshot. */
  rules: Map<string, RuleTotals>;
}

const chainKey = (r: { backend: string; family: string; table: string; chain: string }) =>
  `${r.backend}|${r.family}|${r.table}|${r.chain}`;

/** Rule text without the `-A CHAIN` prefix and with single spaces: how texts are compared. */
function normaliseRuleText(text: string, chain: string): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  const prefix = `-A ${chain} `;
  return flat.startsWith(prefix) ? flat.slice(prefix.length) : flat === `-A ${chain}` ? '' : flat;
}

const normalised = new WeakMap<Rule, string>();
/** A snapshot rule's normalised text, remembered per rule object (the builder reuses unchanged rules). */
function ruleText(r: Rule): string {
  let text = normalised.get(r);
  if (text === undefined) {
    text = normaliseRuleText(r.text, r.chain);
    normalised.set(r, text);
  }
  return text;
}

interface ChainIndex {
  byPosition: Map<number, Rule>;
  byText: Map<string, Rule[]>;
}

/**
 * Keys raw counters by the snapshot's ids; anything the snapshot does not know is left out. A
 * container interface that was not read gets the totals of its veth's host end, swapped: the ends of
 * a veth pair mirror each other.
 */
export function keyCounters(raw: RawCounters, snapshot: Snapshot): KeyedCounters {
  const interfaces = new Map<string, LinkTotals>();
  const known = new Set(snapshot.interfaces.map((i) => i.id));
  const nsByPath = new Map(snapshot.namespaces.filter((n) => n.path).map((n) => [n.path, n.id]));
  for (const ns of raw.namespaces) {
    const id = ns.path === null ? 'host' : nsByPath.get(ns.path);
    if (!id) continue;
    for (const [name, totals] of ns.links) {
      const ifaceId = `${id}/${name}`;
      if (known.has(ifaceId)) interfaces.set(ifaceId, totals);
    }
  }
  for (const i of snapshot.interfaces) {
    if (i.namespace === 'host' || !i.peer?.startsWith('host/') || interfaces.has(i.id)) continue;
    const end = interfaces.get(i.peer);
    if (end)
      interfaces.set(i.id, {
        rxBytes: end.txBytes,
        txBytes: end.rxBytes,
        rxPackets: end.txPackets,
        txPackets: end.rxPackets,
      });
  }

  // Snapshot rules per chain, by position and by text (finds over whole chains were quadratic).
  const byChain = new Map<string, ChainIndex>();
  for (const r of snapshot.firewall.rules) {
    let index = byChain.get(chainKey(r));
    if (!index) byChain.set(chainKey(r), (index = { byPosition: new Map(), byText: new Map() }));
    index.byPosition.set(r.position, r);
    const same = index.byText.get(ruleText(r));
    if (same) same.push(r);
    else index.byText.set(ruleText(r), [r]);
  }
  const rules = new Map<string, RuleTotals>();
  for (const c of raw.rules) {
    const index = byChain.get(chainKey(c));
    if (!index) continue;
    const here = index.byPosition.get(c.position);
    let match: Rule | undefined;
    if (c.text === null) match = here;
    else {
      const text = normaliseRuleText(c.text, c.chain);
      // Same place and text; else the same text elsewhere in the chain (a rule was inserted since).
      match = here && ruleText(here) === text ? here : index.byText.get(text)?.find((r) => !rules.has(r.id));
    }
    if (match && !rules.has(match.id)) rules.set(match.id, c.counters);
  }
  return { interfaces, rules };
}

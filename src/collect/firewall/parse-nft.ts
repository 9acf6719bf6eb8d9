// Parser for `nft -j list ruleset`, for Docker's NATIVE nftables backend (Engine 29: tables
// `ip docker-bridges` / `ip6 docker-bridges`). Each rule is rendered to nft's readable syntax and its
// meaning read back from that text (nft-text.ts), so facts and snapshot agree. Tables that
// iptables-nft owns (their rules carry `xt` expressions) are left to the iptables-save parser.
import { z } from 'zod';
import type { ChainFact, RuleFact, TableFact } from '../facts.js';
import type { Family } from '../../model/snapshot.js';
import { parseNftRuleText, quoteNft } from '../../model/rules/nft-text.js';

type Json = Record<string, unknown>;
const Item = z.record(z.string(), z.unknown());
const Ruleset = z.object({ nftables: z.array(Item) });
const TableObj = z.object({ family: z.string(), name: z.string() });
const ChainObj = z.object({
  family: z.string(),
  table: z.string(),
  name: z.string(),
  hook: z.string().optional(),
  policy: z.string().optional(),
});
const RuleObj = z.object({
  family: z.string(),
  table: z.string(),
  chain: z.string(),
  expr: z.array(Item).default([]),
  comment: z.string().optional(),
});
const MapObj = z.object({
  family: z.string(),
  table: z.string(),
  name: z.string(),
  elem: z.array(z.unknown()).optional(),
});

const FAMILIES: Record<string, Family[]> = { ip: ['ipv4'], ip6: ['ipv6'], inet: ['ipv4', 'ipv6'] };
// Own keys only: a family named `constructor` in the JSON must not find Object's.
const familiesOf = (family: string): Family[] | undefined =>
  Object.hasOwn(FAMILIES, family) ? FAMILIES[family] : undefined;
const IFNAME_KEYS = new Set(['iifname', 'oifname', 'iif', 'oif']);

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);

/** A table's name in facts: plain for ip/ip6, `inet:<name>` for inet (which serves both families). */
export function nftTableName(family: string, name: string): string {
  return family === 'inet' ? `inet:${name}` : name;
}

function left(e: unknown): { text: string; ifname: boolean } {
  if (!isObj(e)) return { text: str(e), ifname: false };
  if (isObj(e.meta)) {
    const key = str(e.meta.key);
    return { text: IFNAME_KEYS.has(key) ? key : `meta ${key}`, ifname: IFNAME_KEYS.has(key) };
  }
  if (isObj(e.payload)) {
    const p = e.payload;
    return {
      text: p.protocol
        ? `${str(p.protocol)} ${str(p.field)}`
        : `@${str(p.base)},${str(p.offset)},${str(p.len)}`,
      ifname: false,
    };
  }
  if (isObj(e.ct))
    return { text: `ct ${e.ct.dir ? `${str(e.ct.dir)} ` : ''}${str(e.ct.key)}`, ifname: false };
  if (isObj(e.fib)) {
    const flags = Array.isArray(e.fib.flags) ? e.fib.flags.map(str).join(' . ') : str(e.fib.flags);
    return { text: `fib ${flags} ${str(e.fib.result)}`, ifname: false };
  }
  return { text: JSON.stringify(e), ifname: false };
}

function right(v: unknown, ifname: boolean): string {
  if (typeof v === 'string') return ifname || !/^[\w.:/@*-]+$/.test(v) ? quoteNft(v) : v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((x) => right(x, ifname)).join(',');
  if (isObj(v)) {
    if (isObj(v.prefix)) return `${str(v.prefix.addr)}/${str(v.prefix.len)}`;
    if (Array.isArray(v.range)) return v.range.map((x) => right(x, ifname)).join('-');
    if (Array.isArray(v.set)) return `{ ${v.set.map((x) => right(x, ifname)).join(', ')} }`;
  }
  return JSON.stringify(v);
}

function verdict(v: unknown): string {
  if (!isObj(v)) return str(v);
  const [key, body] = Object.entries(v)[0] ?? ['?', null];
  return isObj(body) && typeof body.target === 'string' ? `${key} ${body.target}` : key;
}

function natTo(body: Json): string {
  const addr = body.addr === undefined ? '' : right(body.addr, false);
  const port = body.port === undefined ? '' : right(body.port, false);
  if (!port) return addr;
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}

/** Elements of a verdict map as `"key" : verdict` pairs (plain `[k, v]` or `{elem: {val}}` keys). */
function mapEntries(elem: unknown[]): string[] {
  return elem.flatMap((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2) return [];
    const k: unknown = pair[0];
    const key = isObj(k) && isObj(k.elem) ? k.elem.val : k;
    return [`${quoteNft(str(key))} : ${verdict(pair[1])}`];
  });
}

/** Render one expression; null marks an iptables-nft (`xt`) expression. */
function render(
  e: Json,
  maps: Map<string, string[]>,
  counters: { value: RuleFact['counters'] },
): string | null {
  const [key, body] = Object.entries(e)[0] ?? ['', null];
  switch (key) {
    case 'xt':
      return null;
    case 'match': {
      if (!isObj(body)) return 'match';
      const l = left(body.left);
      const op = body.op === '==' || body.op === 'in' ? '' : ` ${str(body.op)}`;
      return `${l.text}${op} ${right(body.right, l.ifname)}`;
    }
    case 'counter':
      if (
        isObj(body) &&
        counters.value === null &&
        typeof body.packets === 'number' &&
        typeof body.bytes === 'number'
      )
        counters.value = { packets: body.packets, bytes: body.bytes };
      return 'counter';
    case 'accept':
    case 'drop':
    case 'return':
    case 'continue':
    case 'reject':
      return key;
    case 'jump':
    case 'goto':
      return `${key} ${isObj(body) ? str(body.target) : '?'}`;
    case 'dnat':
    case 'snat':
      return isObj(body) ? `${key}${body.family ? ` ${str(body.family)}` : ''} to ${natTo(body)}` : key;
    case 'masquerade':
    case 'redirect':
      return isObj(body) && body.port !== undefined ? `${key} to :${right(body.port, false)}` : key;
    case 'vmap': {
      if (!isObj(body)) return 'vmap';
      const k = left(body.key).text;
      if (typeof body.data === 'string') {
        const entries = maps.get(body.data.replace(/^@/, ''));
        return `${k} vmap ${body.data}${entries ? ` { ${entries.join(', ')} }` : ''}`;
      }
      if (isObj(body.data) && Array.isArray(body.data.set))
        return `${k} vmap { ${mapEntries(body.data.set).join(', ')} }`;
      return `${k} vmap ${JSON.stringify(body.data)}`;
    }
    case 'log':
      return isObj(body) && typeof body.prefix === 'string' ? `log prefix ${quoteNft(body.prefix)}` : 'log';
    default:
      return body === null ? key : `${key} ${JSON.stringify(body)}`;
  }
}

function targetOf(text: string): string | null {
  const action = parseNftRuleText(text).action;
  switch (action.kind) {
    case 'jump':
    case 'goto':
      return action.chain;
    case 'target':
      return action.target;
    case 'vmap':
    case 'none':
      return null;
    default:
      return action.kind.toUpperCase();
  }
}

/**
 * Tables of Docker's native nftables backend (and any other native table), one TableFact per
 * address family. `skip` names tables (`family name`) that iptables-nft-save already showed.
 */
export function parseNftRuleset(
  json: unknown,
  problems: string[] = [],
  skip: ReadonlySet<string> = new Set(),
): TableFact[] {
  let data: unknown = json;
  if (typeof json === 'string') {
    if (json.trim() === '') return [];
    try {
      data = JSON.parse(json);
    } catch {
      problems.push('nft -j list ruleset: output is not JSON');
      return [];
    }
  }
  const parsed = Ruleset.safeParse(data);
  if (!parsed.success) {
    problems.push('nft -j list ruleset: unexpected JSON layout (no "nftables" list)');
    return [];
  }
  const items = parsed.data.nftables;
  const key = (family: string, table: string) => `${family} ${table}`;
  const maps = new Map<string, Map<string, string[]>>();
  for (const item of items) {
    const m = MapObj.safeParse(item.map);
    if (!m.success) continue;
    const perTable = maps.get(key(m.data.family, m.data.table)) ?? new Map<string, string[]>();
    perTable.set(m.data.name, mapEntries(m.data.elem ?? []));
    maps.set(key(m.data.family, m.data.table), perTable);
  }
  const tables = new Map<
    string,
    { family: string; name: string; chains: ChainFact[]; rules: RuleFact[]; xt: boolean }
  >();
  let bad = 0;
  for (const item of items) {
    if (item.table !== undefined) {
      const t = TableObj.safeParse(item.table);
      if (!t.success) bad++;
      else if (familiesOf(t.data.family) && !skip.has(key(t.data.family, t.data.name)))
        tables.set(key(t.data.family, t.data.name), { ...t.data, chains: [], rules: [], xt: false });
    } else if (item.chain !== undefined) {
      const c = ChainObj.safeParse(item.chain);
      if (!c.success) bad++;
      else {
        const policy = c.data.hook ? (c.data.policy ?? 'accept').toUpperCase() : null;
        tables
          .get(key(c.data.family, c.data.table))
          ?.chains.push({ name: c.data.name, policy, counters: null });
      }
    } else if (item.rule !== undefined) {
      const r = RuleObj.safeParse(item.rule);
      if (!r.success) {
        bad++;
        continue;
      }
      const table = tables.get(key(r.data.family, r.data.table));
      if (!table) continue;
      const counters = { value: null as RuleFact['counters'] };
      const parts = r.data.expr.map((e) =>
        render(e, maps.get(key(r.data.family, r.data.table)) ?? new Map<string, string[]>(), counters),
      );
      if (parts.includes(null)) table.xt = true;
      if (r.data.comment !== undefined) parts.push(`comment ${quoteNft(r.data.comment)}`);
      const text = parts.filter((p): p is string => p !== null).join(' ');
      const spec = parseNftRuleText(text);
      table.rules.push({
        chain: r.data.chain,
        text,
        target: targetOf(text),
        args: spec.args,
        counters: counters.value,
      });
    }
  }
  if (bad > 0) problems.push(`nft -j list ruleset: ${bad} unreadable table/chain/rule entries ignored`);
  const out: TableFact[] = [];
  for (const t of tables.values()) {
    if (t.xt) continue;
    for (const family of familiesOf(t.family) ?? []) {
      out.push({
        backend: 'nftables',
        family,
        name: nftTableName(t.family, t.name),
        chains: t.chains.map((c) => ({ ...c })),
        rules: t.rules.map((r) => ({ ...r, args: { ...r.args } })),
      });
    }
  }
  return out;
}

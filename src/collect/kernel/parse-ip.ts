// Pure parsers for iproute2's JSON: `ip -json -details -stats addr show` and `ip -json route show`.
// Each item is validated on its own, so one odd interface or route is reported and skipped instead of
// losing the whole namespace. Unknown fields are ignored; iproute2 adds new ones often.
import { z } from 'zod';
import type { Address, Counters, Family } from '../../model/snapshot.js';
import type { FdbEntry, LinkFact, RouteFact } from '../facts.js';
import { readIpJson } from './ip-json.js';

const count = z.number().int().nonnegative();
const Stats = z.object({
  rx: z.looseObject({ bytes: count, packets: count, errors: count, dropped: count }),
  tx: z.looseObject({ bytes: count, packets: count, errors: count, dropped: count }),
});

const AddrInfo = z.looseObject({
  family: z.string(),
  local: z.string().optional(),
  prefixlen: z.number().int().min(0).max(128).optional(),
  scope: z.string().optional(),
});

const LinkJson = z.looseObject({
  ifindex: z.number().int().nonnegative(),
  ifname: z.string().min(1),
  flags: z.array(z.string()).default([]),
  mtu: z.number().int().nonnegative(),
  operstate: z.string().default('UNKNOWN'),
  link_type: z.string().optional(),
  address: z.string().optional(),
  master: z.string().optional(),
  link: z.string().nullable().optional(),
  link_index: z.number().int().nonnegative().optional(),
  link_netnsid: z.number().int().optional(),
  linkinfo: z
    .looseObject({
      info_kind: z.string().optional(),
      info_slave_kind: z.string().optional(),
      info_data: z.unknown().optional(),
    })
    .optional(),
  addr_info: z.array(z.unknown()).default([]),
  stats64: Stats.optional(),
});

const VxlanData = z.looseObject({
  id: z.number().int().nonnegative().optional(),
  local: z.string().optional(),
  port: z.number().int().nonnegative().optional(),
});

const FdbJson = z.looseObject({ mac: z.string(), ifname: z.string().optional(), dst: z.string().optional() });

const NextHop = z.looseObject({
  gateway: z.string().optional(),
  dev: z.string().optional(),
  via: z.looseObject({ host: z.string() }).optional(),
});

const RouteJson = z.looseObject({
  type: z.string().optional(),
  dst: z.string(),
  gateway: z.string().optional(),
  via: z.looseObject({ host: z.string() }).optional(),
  dev: z.string().optional(),
  table: z.union([z.string(), z.number()]).optional(),
  protocol: z.union([z.string(), z.number()]).optional(),
  scope: z.union([z.string(), z.number()]).optional(),
  prefsrc: z.string().optional(),
  metric: z.number().int().nonnegative().optional(),
  nexthops: z.array(NextHop).optional(),
});

const FAMILIES = new Map<string, Family>([
  ['inet', 'ipv4'],
  ['inet6', 'ipv6'],
]);

function addresses(items: unknown[], where: string, problems: string[]): Address[] {
  const out: Address[] = [];
  for (const item of items) {
    const parsed = AddrInfo.safeParse(item);
    if (!parsed.success) {
      problems.push(`${where}: bad address entry (${parsed.error.issues[0]?.message ?? 'invalid'})`);
      continue;
    }
    const family = FAMILIES.get(parsed.data.family);
    // Other families (e.g. mpls) have no place in the model; skipping them is not an error.
    if (!family) continue;
    if (parsed.data.local === undefined || parsed.data.prefixlen === undefined) {
      problems.push(`${where}: ${parsed.data.family} address without local/prefixlen`);
      continue;
    }
    out.push({
      family,
      address: parsed.data.local,
      prefixLen: parsed.data.prefixlen,
      scope: parsed.data.scope ?? null,
    });
  }
  return out;
}

function counters(stats: z.infer<typeof Stats> | undefined): Counters | null {
  if (!stats) return null;
  return {
    rxBytes: stats.rx.bytes,
    rxPackets: stats.rx.packets,
    txBytes: stats.tx.bytes,
    txPackets: stats.tx.packets,
    rxErrors: stats.rx.errors,
    txErrors: stats.tx.errors,
    rxDropped: stats.rx.dropped,
    txDropped: stats.tx.dropped,
  };
}

/** The items of iproute2's JSON array, read tolerantly (ip-json.ts); what could not be read is reported. */
function jsonArray(json: string, what: string, problems: string[]): unknown[] {
  const read = readIpJson(json);
  if (read.skipped > 0)
    problems.push(`${what}: skipped ${read.skipped} unreadable item(s) (${read.error ?? 'not JSON'})`);
  else if (read.error !== null && read.items.length === 0)
    problems.push(`${what}: not readable (${read.error})`);
  return read.items;
}

function describe(item: unknown, key: string): string {
  if (item && typeof item === 'object' && key in item) {
    const value = (item as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number') return JSON.stringify(value).slice(0, 60);
  }
  return '(unnamed)';
}

/**
 * Interfaces from `ip -json -details -stats addr show`. Malformed items are skipped and described in
 * `problems` (pass an array to receive them).
 */
export function parseLinks(json: string, problems: string[] = []): LinkFact[] {
  const links: LinkFact[] = [];
  for (const item of jsonArray(json, 'ip addr', problems)) {
    const parsed = LinkJson.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push(
        `ip addr: skipped interface ${describe(item, 'ifname')}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      );
      continue;
    }
    const l = parsed.data;
    // Kept (it is the real name, and other items name it), but worth a look: it hides from a terminal.
    // eslint-disable-next-line no-control-regex -- control characters are what is looked for
    if (/[\u0000-\u001f\u007f-\u009f]/.test(l.ifname))
      problems.push(`ip addr: interface ${JSON.stringify(l.ifname)} has control characters in its name`);
    links.push({
      ifindex: l.ifindex,
      name: l.ifname,
      infoKind: l.linkinfo?.info_kind ?? null,
      slaveKind: l.linkinfo?.info_slave_kind ?? null,
      linkType: l.link_type ?? null,
      mac: l.address ?? null,
      mtu: l.mtu,
      operstate: l.operstate,
      flags: l.flags,
      master: l.master ?? null,
      linkIndex: l.link_index ?? null,
      linkNetnsId: l.link_netnsid ?? null,
      link: l.link ?? null,
      addresses: addresses(l.addr_info, `ip addr ${l.ifname}`, problems),
      counters: counters(l.stats64),
      vxlan: l.linkinfo?.info_kind === 'vxlan' ? vxlanOf(l.linkinfo.info_data) : null,
    });
  }
  return links;
}

function vxlanOf(data: unknown): LinkFact['vxlan'] {
  const parsed = VxlanData.safeParse(data ?? {});
  if (!parsed.success) return { vni: null, local: null, port: null };
  return { vni: parsed.data.id ?? null, local: parsed.data.local ?? null, port: parsed.data.port ?? null };
}

/** Entries of `bridge -j fdb show` that name their device; malformed ones are reported and skipped. */
export function parseFdb(json: string, problems: string[] = []): FdbEntry[] {
  const out: FdbEntry[] = [];
  for (const item of jsonArray(json, 'bridge fdb', problems)) {
    const parsed = FdbJson.safeParse(item);
    if (!parsed.success) {
      problems.push(`bridge fdb: skipped an entry (${parsed.error.issues[0]?.message ?? 'invalid'})`);
      continue;
    }
    if (parsed.data.ifname === undefined) continue;
    out.push({ ifname: parsed.data.ifname, mac: parsed.data.mac, dst: parsed.data.dst ?? null });
  }
  return out;
}

const str = (value: string | number | undefined): string | null =>
  value === undefined ? null : String(value);

/**
 * Routes from `ip -json [-details] route show table all` of one family (the JSON has no family field).
 * Without -details, iproute2 leaves out unicast/main/boot defaults; they are filled back in. A multipath
 * route keeps its first next hop's gateway and device.
 */
export function parseRoutes(json: string, family: Family, problems: string[] = []): RouteFact[] {
  const routes: RouteFact[] = [];
  for (const item of jsonArray(json, `ip route (${family})`, problems)) {
    const parsed = RouteJson.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push(
        `ip route (${family}): skipped route ${describe(item, 'dst')}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      );
      continue;
    }
    const r = parsed.data;
    const hop = r.nexthops?.[0];
    routes.push({
      family,
      table: str(r.table) ?? 'main',
      type: r.type ?? 'unicast',
      dst: r.dst,
      gateway: r.gateway ?? r.via?.host ?? hop?.gateway ?? hop?.via?.host ?? null,
      dev: r.dev ?? hop?.dev ?? null,
      protocol: str(r.protocol),
      scope: str(r.scope),
      prefsrc: r.prefsrc ?? null,
      metric: r.metric ?? null,
    });
  }
  return routes;
}

/**
 * Split the stdout of `ip -json -batch -` into its top-level JSON values, one per command that
 * succeeded (the batch stops at the first failure). Scans brackets outside strings rather than
 * trusting line breaks, which older iproute2 versions do not always print between values.
 */
export function splitJsonValues(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      if (depth === 0) start = i;
      depth += 1;
    } else if ((ch === ']' || ch === '}') && depth > 0) {
      depth -= 1;
      if (depth === 0) values.push(text.slice(start, i + 1));
    }
  }
  // An unfinished value (output cut short) is returned as is, so its parser reports it.
  if (depth > 0 && start >= 0) values.push(text.slice(start));
  return values;
}

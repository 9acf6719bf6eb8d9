// What two hosts compared by role are expected to differ in (addresses, generated device names), as
// lines `web: eth0 10.0.1.2 ↔ 10.0.2.2 on appnet`, and the pairs matched under different names. Shared
// by `netlens diff` and the app.
import { pathParts, valueText } from './diff-sentences.js';
import type { Change, DiffCollection, SnapshotDiff } from './diff-types.js';

/** Collections whose expected differences are counted, not listed: they follow the addresses. */
const COUNTED: Partial<Record<DiffCollection, [string, string]>> = {
  route: ['route', 'routes'],
  natFlow: ['NAT flow', 'NAT flows'],
  proxy: ['docker-proxy', 'docker-proxies'],
  rule: ['firewall rule', 'firewall rules'],
  chain: ['chain', 'chains'],
  finding: ['finding', 'findings'],
};

/** Items by role (A's names), as keys say it: `shop_web_1`, `network shop_default`, `host/veth→…`. */
const label = (c: Change) =>
  c.collection === 'container' || c.collection === 'host'
    ? c.key
    : c.collection === 'interface'
      ? `interface ${c.key}`
      : `${c.collection} ${c.key}`;

function fieldLine(c: Change, f: Change['fields'][number]): string {
  const [top, key, sub] = pathParts(f.path);
  if (c.collection === 'container' && top === 'endpoints' && key !== undefined && sub !== undefined)
    return `${label(c)}: ${f.subject ?? ''}${f.subject ? ' ' : ''}${sub} ${valueText(f.before)} ↔ ${valueText(f.after)} on ${key}`;
  return `${label(c)}: ${f.path} ${valueText(f.before)} ↔ ${valueText(f.after)}`;
}

/** Lines for the expected differences: one per field of hosts, containers, networks, interfaces; counts for the rest. */
export function sideBySide(diff: SnapshotDiff): string[] {
  const expected = diff.byRole?.expected ?? [];
  const out: string[] = [];
  const counts = new Map<DiffCollection, number>();
  for (const c of expected) {
    if (COUNTED[c.collection]) counts.set(c.collection, (counts.get(c.collection) ?? 0) + 1);
    else for (const f of c.fields) out.push(fieldLine(c, f));
  }
  const counted = [...counts].map(([collection, n]) => {
    const [one, many] = COUNTED[collection] ?? [collection, collection];
    return `${n} ${n === 1 ? one : many}`;
  });
  if (counted.length > 0) out.push(`${counted.join(', ')}: only addresses and generated names differ`);
  return out;
}

/** `shopb-web-1 ↔ shopa_web_1 (compose service)` for each pair matched under another name. */
export function matchedLines(diff: SnapshotDiff): string[] {
  return (diff.byRole?.matched ?? []).map((p) => `${p.kind} ${p.a} ↔ ${p.b} (by ${p.by})`);
}

/** The headline of a comparison by role, or null for one host. */
export function roleHeadline(diff: SnapshotDiff): string | null {
  if (!diff.byRole) return null;
  const n = diff.byRole.expected.reduce((sum, c) => sum + c.fields.length, 0);
  if (diff.byRole.strict) return 'Compared by role, strict: addresses and generated names count as changes.';
  const expected = n === 0 ? '' : `; ${n} expected difference${n === 1 ? '' : 's'} side by side`;
  return `${diff.equal ? 'Equal by role' : 'Compared by role'}${expected}`;
}

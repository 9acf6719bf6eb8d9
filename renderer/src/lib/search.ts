// Search and filter by container, network, IP, port and Compose project. Free words match anything;
// `net:`, `ip:`, `port:`, `name:` and `project:` narrow a word to one field. All words must match (AND).
import { words } from './i18n/words.js';
import { naturalCompare } from './natural.js';
import { projects } from './compose.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { indexSnapshot, type SnapshotIndex } from './snapshot-index.js';
import { uniqueBy } from './unique.js';

export type HitKind = 'container' | 'network' | 'nat-flow' | 'project';

export interface SearchHit {
  /** Id of the drawn item to select: container name, network bar, or flow id. */
  id: string;
  kind: HitKind;
  label: string;
  detail: string;
}

type Field = 'name' | 'net' | 'ip' | 'port' | 'project';
interface Term {
  field: Field | null;
  text: string;
}

export function parseQuery(query: string): Term[] {
  return query
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      const m = /^(name|net|network|ip|port|container|project):(.*)$/.exec(word);
      if (!m) return { field: null, text: word };
      const field = m[1] === 'network' ? 'net' : m[1] === 'container' ? 'name' : (m[1] as Field);
      return { field, text: m[2] ?? '' };
    })
    .filter((t) => t.text !== '');
}

interface Haystack {
  name: string[];
  net: string[];
  ip: string[];
  port: string[];
  project: string[];
}

function boxHaystack(ix: SnapshotIndex, names: string[], nsId: string | null): Haystack {
  const h: Haystack = { name: [], net: [], ip: [], port: [], project: [] };
  for (const n of names) {
    const c = ix.container.get(n);
    if (!c) continue;
    h.name.push(c.name.toLowerCase(), c.image.toLowerCase());
    if (c.compose) h.project.push(c.compose.project.toLowerCase(), c.compose.service.toLowerCase());
    for (const e of c.endpoints) {
      h.net.push(e.network.toLowerCase());
      if (e.ipv4) h.ip.push(e.ipv4);
      if (e.ipv6) h.ip.push(e.ipv6.toLowerCase());
    }
    for (const p of c.ports) h.port.push(String(p.hostPort), String(p.containerPort));
  }
  for (const i of nsId ? (ix.ifacesOf.get(nsId) ?? []) : []) {
    h.name.push(i.name.toLowerCase());
    for (const a of i.addresses) h.ip.push(a.address.toLowerCase());
  }
  for (const f of ix.dnat) {
    if (f.container && names.includes(f.container)) h.port.push(String(f.hostPort), String(f.toPort));
  }
  return h;
}

function matches(h: Haystack, terms: Term[]): boolean {
  return terms.every((t) => {
    const fields: Field[] = t.field ? [t.field] : ['name', 'net', 'ip', 'port', 'project'];
    // A project is named exactly (`project:shop` is not `shop2`); other fields match a part.
    return fields.some((f) =>
      h[f].some((v) => (f === 'port' || (f === 'project' && t.field) ? v === t.text : v.includes(t.text))),
    );
  });
}

/** Boxes (namespace ids, `stopped:<name>`) that do not match: what a filter hides. */
export function hiddenBy(snapshot: Snapshot, query: string): Set<string> {
  const terms = parseQuery(query);
  const hidden = new Set<string>();
  if (terms.length === 0) return hidden;
  const ix = indexSnapshot(snapshot);
  for (const ns of snapshot.namespaces) {
    if (ns.kind === 'host') continue;
    if (!matches(boxHaystack(ix, ns.containers, ns.id), terms)) hidden.add(ns.id);
  }
  for (const c of snapshot.containers) {
    if (c.namespace === null && !matches(boxHaystack(ix, [c.name], null), terms))
      hidden.add(`stopped:${c.name}`);
  }
  return hidden;
}

export function search(snapshot: Snapshot, query: string, limit = 50): SearchHit[] {
  const terms = parseQuery(query);
  if (terms.length === 0) return [];
  const ix = indexSnapshot(snapshot);
  const hits: SearchHit[] = [];
  for (const [project, names] of projects(snapshot)) {
    const ok = terms.every(
      (t) => (t.field === null || t.field === 'project') && project.toLowerCase().includes(t.text),
    );
    if (ok)
      hits.push({
        id: `project:${project}`,
        kind: 'project',
        label: project,
        detail: words().toolbar.containers(names.length),
      });
  }
  for (const n of snapshot.networks) {
    const ok = terms.every(
      (t) => (t.field === null || t.field === 'net') && n.name.toLowerCase().includes(t.text),
    );
    if (ok)
      hits.push({
        id: `net:${n.name}`,
        kind: 'network',
        label: n.name,
        detail: `${n.driver} · ${n.subnets.map((s) => s.subnet).join(', ')} · ${words().toolbar.endpoints(n.endpoints.length)}`,
      });
  }
  for (const c of snapshot.containers) {
    if (!matches(boxHaystack(ix, [c.name], c.namespace === 'host' ? null : c.namespace), terms)) continue;
    const where = c.endpoints.map((e) => `${e.network} ${e.ipv4 ?? e.ipv6 ?? ''}`.trim()).join(', ');
    hits.push({ id: c.name, kind: 'container', label: c.name, detail: where || c.networkMode });
  }
  for (const f of ix.dnat) {
    const text = [String(f.hostPort), String(f.toPort), f.toAddress, f.hostIp, f.container ?? ''];
    const ok = terms.every((t) => {
      if (t.field === 'port') return t.text === String(f.hostPort) || t.text === String(f.toPort);
      if (t.field === 'ip') return f.toAddress.includes(t.text) || f.hostIp.includes(t.text);
      if (t.field) return false;
      return text.some((v) => v.toLowerCase().includes(t.text));
    });
    if (ok)
      hits.push({
        id: f.id,
        kind: 'nat-flow',
        label: `${f.hostIp}:${f.hostPort}/${f.protocol}`,
        detail: `DNAT → ${f.toAddress}:${f.toPort}${f.container ? ` (${f.container})` : ''}`,
      });
  }
  // Networks, then containers, then published ports, each in natural order (c2 before c11).
  const rank = { project: 0, network: 1, container: 2, 'nat-flow': 3 } as const;
  hits.sort((a, b) => rank[a.kind] - rank[b.kind] || naturalCompare(a.label, b.label));
  return uniqueBy(hits, (h) => h.kind + h.id).slice(0, limit);
}

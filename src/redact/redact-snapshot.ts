// Redact a snapshot for sharing: addresses, MACs, names and Docker ids replaced consistently (keyed
// HMAC), in every field they appear in, including rule text and finding messages. Structure is kept, so
// the result still validates and compares like the original (diff(redact(a), redact(b)) has diff(a, b)'s shape).
import { Snapshot, type HostInfo } from '../model/snapshot.js';
import { Redactor, type NameKind } from './redactor.js';

/** Fields whose values are vocabulary (kinds, states, versions), not identity: kept as they are. */
const KEEP = new Set([
  'schema',
  'capturedAt',
  'kind',
  'family',
  'protocol',
  'backend',
  'backends',
  'severity',
  'part',
  'privilege',
  'firewallBackend',
  'state',
  'driver',
  'type',
  'table',
  'scope',
  'dockerVersion',
  'apiVersion',
  'kernel',
  'os',
  'flags',
  'code',
  'policy',
  'role',
  'engine',
  'mode',
  'publishMode',
  'desiredState',
]);

const TARGET = /^(?<scheme>ssh:\/\/)?(?:(?<user>[^@/]+)@)?(?<host>\[[^\]]+\]|[^:/@]+)(?<port>:\d+)?$/;

function targetHost(target: string): string | null {
  const host = TARGET.exec(target)?.groups?.host;
  return host && !host.startsWith('[') ? host : null;
}

function learn(r: Redactor, s: Snapshot): void {
  const names: [NameKind, string][] = [['host', s.host.name]];
  const th = targetHost(s.host.target);
  if (th) names.push(['host', th]);
  for (const c of s.containers) names.push(['container', c.name]);
  for (const n of s.networks) names.push(['network', n.name]);
  for (const c of s.containers) {
    if (c.compose) names.push(['project', c.compose.project], ['service', c.compose.service]);
    for (const e of c.endpoints) for (const a of e.aliases) names.push(['alias', a]);
  }
  for (const service of s.services ?? []) {
    names.push(['service', service.name]);
    for (const task of service.tasks) if (task.node) names.push(['host', task.node]);
  }
  for (const [kind, value] of names) r.learnName(kind, value);
  for (const c of s.containers) r.learnId(c.id);
  for (const n of s.networks) r.learnId(n.id);
}

function redactTarget(r: Redactor, target: string): string {
  const m = TARGET.exec(target)?.groups;
  if (!m?.host || target === 'local') return target === 'local' ? target : r.text(target);
  const host = m.host.startsWith('[') ? `[${r.text(m.host.slice(1, -1))}]` : r.text(m.host);
  return `${m.scheme ?? ''}${m.user ? 'user@' : ''}${host}${m.port ?? ''}`;
}

function walk(r: Redactor, value: unknown, key: string | null): unknown {
  if (typeof value === 'string') {
    if (key !== null && KEEP.has(key)) return value;
    if (key === 'image') return r.name('image', value);
    return r.text(value);
  }
  if (Array.isArray(value)) return value.map((v) => walk(r, v, key));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(r, v, k);
    return out;
  }
  return value;
}

/**
 * Returns a redacted copy. `key` is the per-export secret: redact every snapshot of one export session
 * with the same key (see newRedactionKey) so they still compare item by item; never store it with them.
 */
export function redactSnapshot(s: Snapshot, key: string | Uint8Array): Snapshot {
  const r = new Redactor(key);
  learn(r, s);
  const { host, ...rest } = s;
  const redactedHost: HostInfo = {
    ...(walk(r, host, null) as HostInfo),
    target: redactTarget(r, host.target),
  };
  return Snapshot.parse({ ...(walk(r, rest, null) as object), host: redactedHost });
}

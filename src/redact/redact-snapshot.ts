// Redact a snapshot for sharing: addresses, MACs, names and Docker ids replaced consistently (keyed
// HMAC), in every field they appear in, including rule text and finding messages. Structure is kept, so
// the result still validates and compares like the original (diff(redact(a), redact(b)) has diff(a, b)'s shape).
import { isIP } from 'node:net';
import { splitTarget } from '../connection/ssh/target.js';
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
  'ipvs',
  'scheduler',
  'forward',
]);

/** Interface names every host has (or that the kernel and Docker generate): vocabulary, not identity. */
const GENERIC_IFNAME =
  /^(lo|eth\d+|en[a-z0-9]+|wl[a-z0-9]+|docker\d+|br-[0-9a-f]{12}|veth[0-9a-f]+|vx-[0-9a-f-]+|bond\d+|team\d+|dummy\d+|tun\d+|tap\d+|(ip6?)?tnl0|sit0|(ip6)?gre(tap)?0|erspan0|ip6?_vti0)(\.\d+)?$/;
/** SSH users that say nothing about who runs the host. */
const GENERIC_USERS = new Set(['root']);
const NETNS_DIR = /^\/(?:var\/)?run\/netns\/([^/]+)$/;
const BRIDGE_OPTIONS = ['com.docker.network.bridge.name', 'parent'];

/** The target's parts as connect reads them (ssh://, SSH://, a trailing slash, bare IPv6…), or null. */
function targetParts(target: string): { scheme: boolean; user?: string; host: string; port?: number } | null {
  const trimmed = target.trim();
  if (trimmed === '' || trimmed === 'local') return null;
  try {
    return { scheme: /^ssh:\/\//i.test(trimmed), ...splitTarget(trimmed) };
  } catch {
    return null;
  }
}

function learn(r: Redactor, s: Snapshot): void {
  const names: [NameKind, string][] = [['host', s.host.name]];
  const target = targetParts(s.host.target);
  if (target && isIP(target.host) === 0) names.push(['host', target.host]);
  if (target?.user && !GENERIC_USERS.has(target.user)) names.push(['user', target.user]);
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
  // Device names a person chose: custom bridges, macvlan parents, VPN and lab devices.
  const devices = [
    ...s.interfaces.map((i) => i.name),
    ...s.networks.flatMap((n) => BRIDGE_OPTIONS.map((o) => n.options[o] ?? '')),
  ];
  for (const name of devices) if (name && !GENERIC_IFNAME.test(name)) names.push(['iface', name]);
  for (const ns of s.namespaces) {
    const name = NETNS_DIR.exec(ns.path ?? '')?.[1];
    if (name) names.push(['netns', name]);
  }
  for (const [kind, value] of names) r.learnName(kind, value);
  for (const c of s.containers) r.learnId(c.id);
  for (const n of s.networks) r.learnId(n.id);
}

/** `user@host:port` kept in shape (scheme, brackets, port), with the user and the host replaced. */
function redactTarget(r: Redactor, target: string): string {
  if (target.trim() === 'local') return target;
  const t = targetParts(target);
  if (!t) return r.name('host', target);
  const version = isIP(t.host);
  const host = version === 0 ? r.name('host', t.host) : r.addresses.map(t.host);
  const shown = version === 6 ? `[${host}]` : host;
  return `${t.scheme ? 'ssh://' : ''}${t.user ? 'user@' : ''}${shown}${t.port ? `:${t.port}` : ''}`;
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
export function redactSnapshot(
  s: Snapshot,
  key: string | Uint8Array,
  options: { keepNames?: Iterable<string> } = {},
): Snapshot {
  const r = new Redactor(key, new Set(options.keepNames ?? []));
  learn(r, s);
  const { host, ...rest } = s;
  const redactedHost: HostInfo = {
    ...(walk(r, host, null) as HostInfo),
    target: redactTarget(r, host.target),
  };
  return Snapshot.parse({ ...(walk(r, rest, null) as object), host: redactedHost });
}

// The one path engine: "what happens to a packet from X to Y[:port/proto]?" answered from a snapshot
// alone, for the app's packet-path panel and `netlens path`. Pure and browser-safe.
import type { Snapshot } from '../snapshot.js';
import { hostPrimary, OUTSIDE, PathError, resolveStart, resolveTarget, type Start } from './endpoints.js';
import { familyOf, netIndex, routeFor, type NetIndex } from './net-index.js';
import { entersThroughRootlessKit, throughRootlessKit } from './rootlesskit.js';
import { Trace, type End, type Packet } from './trace.js';
import type { EndSpec, PathQuery, PathResult } from './types.js';
import { english, text, type Text } from '../text/message.js';

export { PathError } from './endpoints.js';
export type * from './types.js';

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp', 'icmp']);

/** Parse `container`, `host`, `outside`, or an address (as `netlens path` and the app take them). */
export function parseEnd(text: string, snapshot: Snapshot): EndSpec {
  const t = text.trim();
  if (t === 'host') return { kind: 'host' };
  if (t === 'outside') return { kind: 'outside' };
  const bare = t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t;
  if (/^[0-9.]+$/.test(bare) || (bare.includes(':') && /^[0-9a-fA-F:.]+$/.test(bare)))
    return { kind: 'address', address: bare.toLowerCase() };
  if (snapshot.containers.some((c) => c.name === t)) return { kind: 'container', name: t };
  throw new PathError(`"${t}" is not a container of this snapshot, "host", "outside" or an address`);
}

/** `Y[:PORT[/PROTO]]` → end, port and protocol. An IPv6 address with a port goes in brackets. */
export function parseDestination(
  text: string,
  snapshot: Snapshot,
): { end: EndSpec; port: number | null; protocol: string | null } {
  const t = text.trim();
  const bracket = /^\[([^\]]+)\](?::(.*))?$/.exec(t);
  let body = t;
  let rest: string | undefined;
  if (bracket) [body, rest] = [bracket[1] ?? '', bracket[2]];
  else if ((t.match(/:/g) ?? []).length === 1) [body = '', rest] = t.split(':');
  if (rest === undefined) return { end: parseEnd(body, snapshot), port: null, protocol: null };
  const m = /^(\d{1,5})(?:\/([a-z]+))?$/.exec(rest);
  if (!m) throw new PathError(`"${rest}" is not a port (PORT or PORT/PROTO, e.g. 8080/tcp)`);
  const port = Number(m[1]);
  if (port < 1 || port > 65535) throw new PathError(`port ${port} is out of range (1-65535)`);
  const protocol = m[2] ?? null;
  if (protocol !== null && !PROTOCOLS.has(protocol))
    throw new PathError(`unknown protocol "${protocol}" (tcp, udp, sctp, icmp)`);
  return { end: parseEnd(body, snapshot), port, protocol };
}

function label(port: number | null, protocol: string): string {
  return port === null ? '' : `:${port}/${protocol}`;
}

function finish(t: Trace | null, start: Start, toLabel: string, packet: Packet | null, end: End): PathResult {
  const hops = t?.hops ?? [];
  const missing = t?.missing ?? [];
  const items: string[] = [];
  for (const h of hops) if (h.item && !items.includes(h.item)) items.push(h.item);
  // A drawn item visited again (the same namespace on both ends) is not numbered twice.
  const seen = new Set<string>();
  for (const h of hops) {
    if (h.item && seen.has(h.item)) h.item = null;
    else if (h.item) seen.add(h.item);
  }
  const host = packet && packet.dport !== null && packet.dst.includes(':') ? `[${packet.dst}]` : packet?.dst;
  const dst = packet ? `${host}${label(packet.dport, packet.protocol)}` : '';
  const uncertain = missing.length > 0;
  const missingText = t?.missingText ?? [];
  return {
    title: `${start.label} → ${toLabel}${dst ? ` (${dst})` : ''}`,
    from: start.label,
    to: toLabel,
    protocol: packet?.protocol ?? 'icmp',
    port: packet?.dport ?? null,
    hops,
    verdict: uncertain ? 'uncertain' : end.verdict,
    reason: uncertain ? `${end.reason}; not known: ${missing.join('; ')}` : end.reason,
    ...(end.reasonText && { reasonText: end.reasonText }),
    missingText,
    blockedBy: end.blockedBy,
    missing,
    delivered: end.delivered,
    items,
  };
}

/** Where the packet from outside comes in: the device routing back to its source, else the default route's. */
function ingress(ix: NetIndex, src: string | null, family: 'ipv4' | 'ipv6') {
  const d = routeFor(ix, 'host', src ?? OUTSIDE[family].src);
  return d.kind === 'unicast' ? ix.iface.get(`host/${d.route.dev ?? ''}`) : undefined;
}

/** Subnets the host reaches directly through devices other than `dev`, and loopback. */
function otherSubnets(ix: NetIndex, dev: string, family: 'ipv4' | 'ipv6'): string[] {
  const nets = (ix.routesOf.get('host') ?? [])
    .filter(
      (r) =>
        r.family === family &&
        r.table === 'main' &&
        r.dst !== 'default' &&
        r.gateway === null &&
        r.dev !== dev,
    )
    .map((r) => (r.dst.includes('/') ? r.dst : `${r.dst}/${family === 'ipv4' ? 32 : 128}`));
  return [...nets, family === 'ipv4' ? '127.0.0.0/8' : '::1/128'];
}

export function tracePath(snapshot: Snapshot, query: PathQuery): PathResult {
  const ix = netIndex(snapshot);
  const start = resolveStart(ix, query.from);
  const target = resolveTarget(ix, query.to, start);
  const port = query.port ?? null;
  const stop = (reason: Text): PathResult =>
    finish(null, start, target.label, null, {
      verdict: 'blocked',
      reason: english(reason),
      reasonText: reason,
      blockedBy: { kind: 'other', text: english(reason) },
      delivered: null,
    });
  if (start.kind === 'stopped') return stop(start.reason);
  if (target.kind === 'none') return stop(target.reason);
  const family = familyOf(target.dst);
  const protocol = (query.protocol ?? (port === null ? 'icmp' : 'tcp')).toLowerCase();
  const packet: Packet = {
    family,
    protocol: protocol === 'icmp' && family === 'ipv6' ? 'ipv6-icmp' : protocol,
    src: start.src,
    srcKnown: start.src !== null,
    dst: target.dst,
    dport: port,
  };
  const t = new Trace(
    ix,
    { ...packet },
    target.outside,
    query.to.kind === 'container' ? query.to.name : null,
  );
  let end: End;
  if (start.kind === 'outside') {
    const dev = ingress(ix, start.src, family);
    t.hop(
      'endpoint',
      start.label,
      start.src ? text('path.outsideAt', { src: start.src }) : text('path.internet', {}),
      {},
    );
    // Rootless Docker: the namespace drawn is not the real host; its ports are RootlessKit's.
    if (entersThroughRootlessKit(t)) end = throughRootlessKit(t);
    else if (!dev) end = t.unknown(text('path.noWayInMissing', {}), text('path.noWayIn', {}));
    else {
      // "Somewhere outside" is no address of the host's other subnets (it would not arrive on dev).
      if (!packet.src)
        t.pkt = {
          ...t.pkt,
          src: OUTSIDE[family].src,
          srcKnown: false,
          srcNotIn: otherSubnets(ix, dev.name, family),
        };
      end = t.arrive('host', dev);
    }
  } else {
    const own = start.label === 'host' || start.ns !== 'host';
    const how = own
      ? start.ns === 'host'
        ? text('path.hostItself', {})
        : text('path.sentFrom', { ns: start.ns })
      : text('path.hostMode', {});
    t.hop('endpoint', start.label, how, {
      namespace: start.ns,
      item: start.ns === 'host' ? null : start.ns,
    });
    end = t.origin(start.ns);
  }
  return finish(t, start, target.label, packet, end);
}

/** The published port's path as the app's flow picker asks it: from outside, or from the host for a loopback binding. */
export function publishedPortPath(snapshot: Snapshot, flowId: string): PathResult {
  const flow = snapshot.natFlows.find((f) => f.id === flowId && f.kind === 'dnat');
  if (flow?.kind !== 'dnat') throw new PathError(`no published port ${flowId} in this snapshot`);
  const loopback = flow.hostIp.startsWith('127.') || flow.hostIp === '::1';
  const any = flow.hostIp === '0.0.0.0' || flow.hostIp === '::';
  const primary = any ? hostPrimary(netIndex(snapshot), flow.family) : null;
  const to: EndSpec = !any
    ? { kind: 'address', address: flow.hostIp }
    : primary
      ? { kind: 'address', address: primary }
      : { kind: 'host' };
  // Rootless: even a loopback binding is RootlessKit's, on the real host, outside the namespace drawn.
  const from: EndSpec = loopback && !snapshot.host.rootless ? { kind: 'host' } : { kind: 'outside' };
  return tracePath(snapshot, { from, to, port: flow.hostPort, protocol: flow.protocol });
}

// The path between two containers, or what blocks it: same network → across the bridge (through
// FORWARD when br_netfilter is on, as Docker sets it); different networks → routed by the host, where
// Docker's isolation rules (DOCKER-ISOLATION-STAGE-2, DOCKER-INTERNAL) usually drop it.
import { words } from './i18n/words.js';
import type { Container, Snapshot } from '../../../src/model/snapshot.js';
import { forwardPath } from '../../../src/model/path/forward-path.js';
import { deviceName, firstAddress, indexSnapshot } from './snapshot-index.js';
import {
  blockReason,
  finish,
  forwardHops,
  hop,
  hostSide,
  intoContainer,
  routeTo,
  type Hop,
  type PacketPath,
} from './path-hops.js';

export interface ContainerPathOptions {
  protocol?: string;
  port?: number | null;
}

/** B's address as A would use it: on a network they share, else B's first address. */
function targetAddress(a: Container, b: Container): { ip: string; network: string } | null {
  for (const e of b.endpoints) {
    if (e.ipv4 && a.endpoints.some((x) => x.network === e.network)) return { ip: e.ipv4, network: e.network };
  }
  const first = b.endpoints.find((e) => e.ipv4 ?? e.ipv6);
  return first ? { ip: first.ipv4 ?? first.ipv6 ?? '', network: first.network } : null;
}

export function containerPath(
  snapshot: Snapshot,
  from: string,
  to: string,
  options: ContainerPathOptions = {},
): PacketPath {
  const ix = indexSnapshot(snapshot);
  const protocol = options.protocol ?? 'tcp';
  const a = ix.container.get(from);
  const b = ix.container.get(to);
  const port = options.port ? `:${options.port}/${protocol}` : '';
  const w = words().path;
  if (!a || !b) return finish(`${from} → ${to}`, [], 'unknown', w.notInSnapshot);
  if (!a.namespace || !b.namespace)
    return finish(`${from} → ${to}`, [], 'blocked', w.notRunning(!a.namespace ? from : to));
  if (a.namespace === b.namespace) {
    const lo = `${a.namespace}/lo`;
    return finish(
      `${from} → ${to}`,
      [
        hop('container', from, w.sameNamespace, a.namespace),
        hop('interface', 'lo 127.0.0.1', w.loopback, ix.iface.has(lo) ? lo : null),
        hop('container', `${to}${port}`, b.image, b.namespace),
      ],
      'delivered',
      w.sameNamespaceLoopback,
    );
  }
  const target = b.namespace === 'host' ? null : targetAddress(a, b);
  if (!target) return finish(`${from} → ${to}`, [], 'unknown', w.noAddress(to));
  const title = `${from} → ${to} (${target.ip}${port})`;
  const hops: Hop[] = [hop('container', from, a.image, a.namespace)];
  const route = routeTo(snapshot.routes, a.namespace, target.ip);
  const srcIface = route?.dev ? ix.iface.get(`${a.namespace}/${route.dev}`) : undefined;
  if (!route || !srcIface) {
    hops.push(hop('route', w.noRoute, w.hasNoRoute(from, target.ip), null, null, true));
    return finish(title, hops, 'blocked', w.hasNoRoute(from, target.ip));
  }
  const onLink = route.dst !== 'default' && route.gateway === null;
  hops.push(
    hop(
      'interface',
      `${srcIface.name} ${firstAddress(srcIface)}`,
      `route ${route.dst}${route.gateway ? ` via ${route.gateway}` : ''} dev ${srcIface.name}`,
      srcIface.id,
    ),
  );
  const dstIface = b.endpoints.find((e) => e.ipv4 === target.ip || e.ipv6 === target.ip)?.interface;
  const bIface = dstIface ? ix.iface.get(dstIface) : undefined;
  const src = hostSide(ix, srcIface);
  const dst = hostSide(ix, bIface);
  if (srcIface.kind === 'macvlan' || srcIface.kind === 'ipvlan') {
    const same = bIface?.parent && bIface.parent === srcIface.parent;
    hops.push(
      hop(
        'cable',
        w.onParent(srcIface.kind, deviceName(srcIface.parent ?? '?')),
        same ? w.siblings : w.throughParent,
        src.cable,
      ),
    );
    if (!same) return finish(title, hops, 'unknown', w.outsideView);
    if (bIface)
      hops.push(
        hop(
          'interface',
          `${bIface.name} ${firstAddress(bIface)}`,
          w.inNamespace(bIface.namespace),
          bIface.id,
        ),
        hop('container', `${to}${port}`, b.image, b.namespace),
      );
    return finish(title, hops, 'delivered', w.sameParent(srcIface.kind));
  }
  if (src.cable) hops.push(hop('cable', w.vethPair(srcIface.name, src.veth?.name ?? '?'), '', src.cable));
  if (src.veth)
    hops.push(hop('veth', `${src.veth.name} (ifindex ${src.veth.ifindex})`, w.hostEnd, src.veth.id));
  if (!src.bridge) return finish(title, hops, 'unknown', w.notOnBridge(srcIface.name));
  hops.push(hop('bridge', w.bridge(deviceName(src.bridge)), onLink ? w.switched : w.toGateway, src.bridge));
  const inDev = deviceName(src.bridge);
  let outDev = inDev;
  if (!onLink || dst.bridge !== src.bridge) {
    const hostRoute = routeTo(snapshot.routes, 'host', target.ip);
    if (!hostRoute?.dev) {
      hops.push(hop('route', w.noHostRoute, w.hostHasNoRoute(target.ip), null, null, true));
      return finish(title, hops, 'blocked', w.hostHasNoRoute(target.ip));
    }
    outDev = hostRoute.dev;
    hops.push(hop('route', w.route(hostRoute.dst, outDev), w.hostTableShort, null));
  }
  const srcIp = firstAddress(srcIface, false) || null;
  const fwd = forwardPath(snapshot.firewall, {
    inInterface: inDev,
    outInterface: outDev,
    dst: target.ip,
    src: srcIp,
    protocol,
    dport: options.port ?? null,
  });
  hops.push(...forwardHops(ix, fwd));
  if (fwd.verdict !== 'ACCEPT') return finish(title, hops, 'blocked', blockReason(ix, fwd));
  hops.push(...intoContainer(ix, bIface, b, port));
  return finish(
    title,
    hops,
    fwd.uncertain ? 'unknown' : 'delivered',
    fwd.uncertain ? w.uncertain : inDev === outDev ? w.sameNetwork(target.network) : w.routed(inDev, outDev),
  );
}

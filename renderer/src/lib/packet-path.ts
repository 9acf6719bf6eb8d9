// "What happens to a packet sent to host:8080?" and "can container A reach B?", computed from the
// snapshot alone: the DNAT flow's chain path, the host's routes, the filter FORWARD walk
// (forwardPath), the bridge of the endpoint's network, the veth pair and the container interface.
import { words } from './i18n/words.js';
import type { DnatFlow, Interface, Snapshot } from '../../../src/model/snapshot.js';
import { forwardPath } from '../../../src/model/path/forward-path.js';
import { firstAddress, indexSnapshot, type SnapshotIndex } from './snapshot-index.js';
import {
  blockReason,
  finish,
  forwardHops,
  hop,
  intoContainer,
  routeTo,
  type Hop,
  type PacketPath,
} from './path-hops.js';

export function dnatPath(snapshot: Snapshot, flowId: string): PacketPath {
  const ix = indexSnapshot(snapshot);
  const flow = ix.dnat.find((f) => f.id === flowId);
  const w = words().path;
  if (!flow) return finish(flowId, [], 'unknown', w.noSuchPort);
  const title = `${flow.protocol} ${flow.hostIp}:${flow.hostPort} → ${flow.toAddress}:${flow.toPort}`;
  const hops: Hop[] = [];
  const ingress = ingressOf(ix, flow);
  hops.push(
    hop(
      'interface',
      ingress ? `${ingress.name} ${firstAddress(ingress)}` : w.aHostInterface,
      w.arrives(`${flow.hostIp}:${flow.hostPort}/${flow.protocol}`),
      ingress?.id ?? null,
    ),
  );
  const chains = flow.chainPath.length > 0 ? flow.chainPath : ['nat PREROUTING', 'nat DOCKER'];
  for (const [k, entry] of chains.entries()) {
    const [table, chain] = entry.includes(' ') ? (entry.split(' ', 2) as [string, string]) : ['nat', entry];
    const next = chains[k + 1]?.split(' ').pop();
    const jump = next
      ? snapshot.firewall.rules.find((r) => r.table === table && r.chain === chain && r.target === next)
      : undefined;
    hops.push(hop('chain', `${table} ${chain}`, jump ? jump.text : w.chainEntered, null, jump?.id ?? null));
  }
  const rule = flow.rule ? ix.rule.get(flow.rule) : undefined;
  hops.push(
    hop('rule', `DNAT → ${flow.toAddress}:${flow.toPort}`, rule?.text ?? w.rewritten, flow.id, flow.rule),
  );
  const route = routeTo(snapshot.routes, 'host', flow.toAddress);
  const outDev = route?.dev ?? null;
  hops.push(
    hop(
      'route',
      route ? w.route(route.dst, outDev ?? '?') : w.noRouteFound,
      route ? w.hostTable(route.table) : w.noNewRoute,
      null,
      null,
      !route,
    ),
  );
  if (!route || !outDev) return finish(title, hops, 'blocked', w.noRouteTo(flow.toAddress));
  const fwd = forwardPath(snapshot.firewall, {
    inInterface: ingress?.name ?? 'eth0',
    outInterface: outDev,
    dst: flow.toAddress,
    protocol: flow.protocol,
    dport: flow.toPort,
    family: flow.family,
  });
  hops.push(...forwardHops(ix, fwd));
  if (fwd.verdict !== 'ACCEPT') return finish(title, hops, 'blocked', blockReason(ix, fwd));
  const c = flow.container ? ix.container.get(flow.container) : undefined;
  const target = flow.endpoint ? ix.iface.get(flow.endpoint) : undefined;
  if (!c) {
    hops.push(hop('verdict', w.nobodyHolds(flow.toAddress), w.pointsNowhere, null, null, true));
    return finish(title, hops, 'blocked', w.belongsToNone(flow.toAddress));
  }
  hops.push(...intoContainer(ix, target, c, `:${flow.toPort}/${flow.protocol}`));
  return finish(
    title,
    hops,
    fwd.uncertain ? 'unknown' : 'delivered',
    fwd.uncertain ? w.uncertain : w.deliveredTo(`${c.name}:${flow.toPort}`),
  );
}

/** Where outside traffic for this flow comes in: the NIC holding hostIp, else the default route's. */
function ingressOf(ix: SnapshotIndex, flow: DnatFlow): Interface | undefined {
  const host = ix.ifacesOf.get('host') ?? [];
  const holder = host.find((i) => i.addresses.some((a) => a.address === flow.hostIp));
  if (holder) return holder;
  const dev = routeTo(
    ix.snapshot.routes,
    'host',
    flow.family === 'ipv6' ? '2001:db8::1' : '198.51.100.1',
  )?.dev;
  return host.find((i) => i.name === dev) ?? host.find((i) => i.kind === 'physical');
}

export { containerPath } from './container-path.js';
export { routeTo } from './path-hops.js';
export type { Hop, HopKind, PacketPath } from './path-hops.js';

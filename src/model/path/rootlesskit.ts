// Rootless Docker: the picture's "host" is RootlessKit's namespace, and a published port is reached
// from the real host through RootlessKit's port driver. `builtin`: RootlessKit's parent listens on the
// real host and its child opens a new connection to loopback (or the child address it was given)
// inside the namespace, so the source becomes loopback and the namespace's own sockets take it
// (docker-proxy). `slirp4netns`: slirp4netns listens and sends the packet into the namespace on its
// tap device, to the namespace's address there, where PREROUTING's DNAT takes it to the container.
import type { Interface, RootlessPort } from '../snapshot.js';
import { addressOf, familyOf, isLocal, routeFor } from './net-index.js';
import { OUTSIDE } from './endpoints.js';
import type { End, Trace } from './trace.js';
import { english, text } from '../text/message.js';

const endpoint = (address: string, port: number) =>
  address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;

/** A packet from outside to one of the namespace's own addresses, with a port: RootlessKit's way in. */
export function entersThroughRootlessKit(t: Trace): boolean {
  return t.ix.s.host.rootless && t.pkt.dport !== null && isLocal(t.ix, 'host', t.pkt.dst);
}

/** The port RootlessKit forwards for the packet (same protocol and port; the packet's family first). */
function forwarded(ports: readonly RootlessPort[], protocol: string, port: number, family: string) {
  const own = ports.filter((f) => f.protocol === protocol && f.parentPort === port);
  return own.find((f) => familyOf(f.parentIp) === family) ?? own[0];
}

/** Where slirp4netns (or the network driver) puts packets: the device holding the child address, else the default route's. */
function driverDevice(t: Trace, childIp: string | null): Interface | undefined {
  const ifaces = t.ix.ifacesOf.get('host') ?? [];
  const holding = childIp ? ifaces.find((i) => i.addresses.some((a) => a.address === childIp)) : undefined;
  if (holding) return holding;
  const d = routeFor(t.ix, 'host', OUTSIDE.ipv4.dst);
  return d.kind === 'unicast' ? ifaces.find((i) => i.name === d.route.dev) : undefined;
}

export function throughRootlessKit(t: Trace): End {
  const kit = t.ix.s.host.rootlessKit;
  const p = t.pkt;
  const port = p.dport ?? 0;
  if (!kit) return t.unknown(text('path.kitNotCaptured', {}), text('path.kitWouldReach', { port }));
  let fwd = kit.ports ? forwarded(kit.ports, p.protocol, port, p.family) : undefined;
  if (kit.ports && !fwd) {
    const list = kit.ports.map((f) => `${f.parentPort}/${f.protocol}`).join(', ');
    const reason = text('path.kitForwardsNot', { protocol: p.protocol, port });
    return t.blocked(
      reason,
      { kind: 'other', text: english(reason) },
      {
        kind: 'socket',
        label: text('path.kitNoPort', { protocol: p.protocol, port }),
        detail: list ? text('path.kitForwards', { list }) : text('path.kitForwardsNone', {}),
      },
    );
  }
  if (!fwd) {
    t.lack(text('path.kitPortsUnread', {}));
    fwd = {
      protocol: p.protocol,
      parentIp: p.family === 'ipv6' ? '::' : '0.0.0.0',
      parentPort: port,
      childIp: null,
      childPort: port,
    };
  }
  const driver = kit.portDriver;
  const holder =
    driver === 'slirp4netns' ? 'slirp4netns' : `rootlesskit${kit.pid !== null ? ` pid ${kit.pid}` : ''}`;
  t.hop(
    'socket',
    text('path.kitSocket', { socket: `${p.protocol} ${endpoint(fwd.parentIp, fwd.parentPort)}` }),
    text('path.kitListening', { holder, driver: driver ?? 'unknown' }),
    {},
  );
  if (driver === 'builtin') {
    const lo = familyOf(fwd.parentIp) === 'ipv6' ? '::1' : '127.0.0.1';
    const dst = fwd.childIp ?? lo;
    t.hop(
      'process',
      text('path.kitDriver', { driver: 'builtin' }),
      text('path.kitBuiltin', { to: endpoint(dst, fwd.childPort), from: lo }),
      { namespace: 'host' },
    );
    t.pkt = { ...p, family: familyOf(dst), src: lo, srcKnown: true, dst, dport: fwd.childPort };
    return t.origin('host');
  }
  if (driver === 'slirp4netns') {
    const dev = driverDevice(t, fwd.childIp ?? kit.childIp);
    const dst = fwd.childIp ?? kit.childIp ?? addressOf(dev, 'ipv4');
    if (!dev || !dst) return t.unknown(text('path.slirpDeviceUnknown', {}), text('path.slirpTakes', {}));
    t.hop(
      'process',
      text('path.kitDriver', { driver: 'slirp4netns' }),
      text('path.slirpSends', { to: endpoint(dst, fwd.childPort), dev: dev.name }),
      { namespace: 'host', device: dev.id },
    );
    t.pkt = { ...p, family: familyOf(dst), dst, dport: fwd.childPort };
    return t.arrive('host', dev);
  }
  return t.unknown(
    text('path.kitHowUnknown', { driver: driver ?? 'unknown' }),
    text('path.kitTakes', { driver: driver ?? 'unknown' }),
  );
}

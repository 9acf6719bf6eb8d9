// Delivery to a socket of the host: which listening socket takes the packet (exact address before a
// wildcard; an IPv6 wildcard that is not IPv6-only takes IPv4 too), and when that socket belongs to a
// docker-proxy, the proxy's own connection on to the container.
import type { DockerProxy, Listener } from '../snapshot.js';
import type { End, Trace } from './trace.js';
import { text } from '../text/message.js';

const ANY = { ipv4: '0.0.0.0', ipv6: '::' } as const;

export function findListener(
  listeners: readonly Listener[],
  protocol: string,
  family: 'ipv4' | 'ipv6',
  address: string,
  port: number,
): Listener | undefined {
  const own = listeners.filter((l) => l.namespace === 'host' && l.protocol === protocol && l.port === port);
  return (
    own.find((l) => l.family === family && l.address === address) ??
    own.find((l) => l.family === family && l.address === ANY[family]) ??
    (family === 'ipv4'
      ? own.find((l) => l.family === 'ipv6' && l.address === '::' && l.dualStack === true)
      : undefined)
  );
}

function proxyOf(t: Trace, l: Listener): DockerProxy | 'unknown' | null {
  const proxies = t.ix.s.proxies;
  const byPid = proxies?.find((p) => l.processes.some((x) => x.pid === p.pid));
  if (byPid) return byPid;
  if (!l.processes.some((x) => x.name === 'docker-proxy')) return null;
  const byPort = proxies?.find(
    (p) =>
      p.protocol === l.protocol && p.hostPort === l.port && (p.hostIp === l.address || l.address === '::'),
  );
  return byPort ?? 'unknown';
}

const endpoint = (address: string, port: number) =>
  address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;

export function deliverHostSocket(t: Trace): End {
  const p = t.pkt;
  if (p.dport === null) {
    t.hop('endpoint', `host ${p.dst}`, text('path.kernelAnswers', {}), {
      namespace: 'host',
      item: 'host',
    });
    return t.delivered(text('path.deliveredHost', { dst: p.dst }), {
      namespace: 'host',
      containers: t.ix.namespace.get('host')?.containers ?? [],
      address: p.dst,
      port: null,
      process: null,
      leaves: null,
    });
  }
  const listeners = t.ix.s.listeners;
  const socket = `${endpoint(p.dst, p.dport)}/${p.protocol}`;
  if (!listeners) return t.unknown(text('path.socketsMissing', {}), text('path.socketsUnknown', { socket }));
  const l = findListener(listeners, p.protocol, p.family, p.dst, p.dport);
  if (!l)
    return t.blocked(
      text('path.nothingListens', { socket }),
      { kind: 'other', text: `no socket on ${socket}` },
      {
        kind: 'socket',
        label: text('path.noSocket', { socket }),
        detail: text(p.protocol === 'tcp' ? 'path.reset' : 'path.unreachable', {}),
        namespace: 'host',
      },
    );
  const who = l.processes.map((x) => `${x.name} pid ${x.pid}`).join(', ');
  const bound = `${p.protocol} ${endpoint(l.address, l.port)}`;
  t.hop(
    'socket',
    l.dualStack ? text('path.bothFamilies', { socket: bound }) : bound,
    who ? text('path.listening', { who }) : text('path.listeningUnknown', {}),
    { namespace: 'host' },
  );
  const proxy = proxyOf(t, l);
  if (proxy === 'unknown')
    return t.unknown(
      text('path.proxyMissing', { socket: endpoint(l.address, l.port) }),
      text('path.proxyTakes', {}),
    );
  if (proxy) {
    // Rootless Docker: the "host" drawn is RootlessKit's namespace, where its docker-proxy runs.
    const inKit = t.ix.s.host.rootless;
    t.hop(
      'process',
      inKit ? text('path.proxyInKit', { pid: proxy.pid }) : `docker-proxy pid ${proxy.pid}`,
      text(inKit ? 'path.proxyDialsInKit' : 'path.proxyDials', {
        args: `-proto ${proxy.protocol} -host-ip ${proxy.hostIp} -host-port ${proxy.hostPort} → ${endpoint(proxy.containerIp, proxy.containerPort)}`,
      }),
      { namespace: 'host' },
    );
    return t.redial(proxy.containerIp, proxy.containerPort);
  }
  const process = l.processes[0] ?? null;
  t.hop(
    'endpoint',
    `host${process ? ` ${process.name}` : ''} ${endpoint(p.dst, p.dport)}/${p.protocol}`,
    text('path.hostSocket', {}),
    { namespace: 'host', item: 'host' },
  );
  const held = `${endpoint(l.address, l.port)}/${p.protocol}`;
  return t.delivered(
    process
      ? text('path.deliveredProcess', { name: process.name, pid: process.pid, socket: held })
      : text('path.deliveredSocket', { socket: held }),
    {
      namespace: 'host',
      containers: t.ix.namespace.get('host')?.containers ?? [],
      address: p.dst,
      port: p.dport,
      process,
      leaves: null,
    },
  );
}

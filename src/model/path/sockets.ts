// Delivery to a socket of the host: which listening socket takes the packet (exact address before a
// wildcard; an IPv6 wildcard that is not IPv6-only takes IPv4 too), and when that socket belongs to a
// docker-proxy, the proxy's own connection on to the container.
import type { DockerProxy, Listener } from '../snapshot.js';
import type { End, Trace } from './trace.js';

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
    t.hop('endpoint', `host ${p.dst}`, 'the host kernel answers (no port: ICMP)', {
      namespace: 'host',
      item: 'host',
    });
    return t.delivered(`delivered to the host (${p.dst})`, {
      namespace: 'host',
      containers: t.ix.namespace.get('host')?.containers ?? [],
      address: p.dst,
      port: null,
      process: null,
      leaves: null,
    });
  }
  const listeners = t.ix.s.listeners;
  if (!listeners)
    return t.unknown(
      "the host's listening sockets (this snapshot does not record them)",
      `whether anything on the host listens on ${endpoint(p.dst, p.dport)}/${p.protocol} is not recorded`,
    );
  const l = findListener(listeners, p.protocol, p.family, p.dst, p.dport);
  if (!l)
    return t.blocked(
      `nothing on the host listens on ${endpoint(p.dst, p.dport)}/${p.protocol}`,
      { kind: 'other', text: `no socket on ${endpoint(p.dst, p.dport)}/${p.protocol}` },
      {
        kind: 'socket',
        label: `no socket on ${endpoint(p.dst, p.dport)}/${p.protocol}`,
        detail:
          p.protocol === 'tcp' ? 'the kernel answers with a reset' : 'the kernel answers port unreachable',
        namespace: 'host',
      },
    );
  const who = l.processes.map((x) => `${x.name} pid ${x.pid}`).join(', ');
  t.hop(
    'socket',
    `${p.protocol} ${endpoint(l.address, l.port)}${l.dualStack ? ' (IPv4 and IPv6)' : ''}`,
    who ? `listening: ${who}` : 'listening (owner not known without root)',
    { namespace: 'host' },
  );
  const proxy = proxyOf(t, l);
  if (proxy === 'unknown')
    return t.unknown(
      `where docker-proxy on ${endpoint(l.address, l.port)} connects to (its command line was not captured)`,
      'a docker-proxy takes it',
    );
  if (proxy) {
    // Rootless Docker: the "host" drawn is RootlessKit's namespace, where its docker-proxy runs.
    const inKit = t.ix.s.host.rootless;
    t.hop(
      'process',
      `docker-proxy pid ${proxy.pid}${inKit ? " in RootlessKit's namespace" : ''}`,
      `-proto ${proxy.protocol} -host-ip ${proxy.hostIp} -host-port ${proxy.hostPort} → ${endpoint(proxy.containerIp, proxy.containerPort)}: a new connection from ${inKit ? "RootlessKit's namespace" : 'the host'}`,
      { namespace: 'host' },
    );
    return t.redial(proxy.containerIp, proxy.containerPort);
  }
  const process = l.processes[0] ?? null;
  t.hop(
    'endpoint',
    `host${process ? ` ${process.name}` : ''} ${endpoint(p.dst, p.dport)}/${p.protocol}`,
    'delivered to a host socket',
    { namespace: 'host', item: 'host' },
  );
  return t.delivered(
    `delivered to ${process ? `${process.name} (pid ${process.pid})` : 'a socket'} on the host, ${endpoint(l.address, l.port)}/${p.protocol}`,
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

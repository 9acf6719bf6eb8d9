// A capture narrowed to some containers and networks: what the demo keeps of a real capture taken on a
// shared engine (other runs' networks and containers left out), consistently across every part:
// namespaces, interfaces, routes, NAT flows, firewall rules and findings that belong to what was left
// out go too. Nothing is invented or edited.
import { Snapshot } from '../../../src/model/snapshot.js';

export function scopeSnapshot(
  s: Snapshot,
  containers: ReadonlySet<string>,
  networks: ReadonlySet<string>,
): Snapshot {
  const kept = s.containers.filter((c) => containers.has(c.name));
  const nets = s.networks
    .filter((n) => networks.has(n.name))
    .map((n) => ({ ...n, endpoints: n.endpoints.filter((e) => containers.has(e.container)) }));
  const namespaces = s.namespaces.filter(
    (ns) => ns.kind === 'host' || (ns.containers.length > 0 && ns.containers.every((c) => containers.has(c))),
  );
  const nsIds = new Set(namespaces.map((ns) => ns.id));
  const bridges = new Set(nets.flatMap((n) => (n.bridge ? [n.bridge] : [])));
  const dropped = new Set<string>();
  const interfaces = s.interfaces.filter((i) => {
    let keep: boolean;
    if (i.namespace !== 'host') keep = nsIds.has(i.namespace);
    else if (i.kind === 'bridge') keep = bridges.has(i.id);
    else if (i.kind === 'veth')
      keep = i.peer !== null && nsIds.has(s.interfaces.find((p) => p.id === i.peer)?.namespace ?? '');
    // The host's own links only: other runs' vxlan, dummy or down devices are not the shop's.
    else keep = i.kind === 'physical' || i.kind === 'loopback';
    if (!keep) dropped.add(i.id);
    return keep;
  });
  const names = new Set(interfaces.map((i) => i.id));
  const droppedNames = [...dropped].map((id) => id.slice(id.lastIndexOf('/') + 1));
  const droppedSubnets = s.networks
    .filter((n) => !networks.has(n.name))
    .flatMap((n) => n.subnets.map((x) => x.subnet));
  const mentionsDropped = (text: string) =>
    droppedNames.some((n) =>
      new RegExp(`(^|[\\s"])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([\\s"]|$)`).test(text),
    ) ||
    droppedSubnets.some(
      (sub) => text.includes(sub) || text.includes(sub.split('/')[0]!.replace(/\.0$/, '.')),
    );
  const rules = s.firewall.rules.filter((r) => !mentionsDropped(r.text));
  const ruleIds = new Set(rules.map((r) => r.id));
  const natFlows = s.natFlows.filter((f) =>
    f.kind === 'dnat'
      ? f.container !== null && containers.has(f.container)
      : f.network !== null && networks.has(f.network),
  );
  // Host sockets and docker-proxy processes of the kept published ports only (a shared engine runs
  // many others).
  const published = new Set(
    natFlows.flatMap((f) => (f.kind === 'dnat' ? [`${f.protocol}:${f.hostPort}`] : [])),
  );
  const listeners = s.listeners?.filter(
    (l) => nsIds.has(l.namespace) && (l.namespace !== 'host' || published.has(`${l.protocol}:${l.port}`)),
  );
  const proxies = s.proxies?.filter((p) => published.has(`${p.protocol}:${p.hostPort}`));
  const subjects = new Set([
    ...kept.map((c) => c.name),
    ...names,
    ...nets.map((n) => n.name),
    ...natFlows.map((f) => f.id),
    ...ruleIds,
  ]);
  return Snapshot.parse({
    ...s,
    containers: kept,
    networks: nets,
    namespaces: namespaces.map((ns) => ({ ...ns, interfaces: ns.interfaces.filter((i) => names.has(i)) })),
    interfaces: interfaces.map((i) => ({
      ...i,
      peer: i.peer && names.has(i.peer) ? i.peer : i.peer && dropped.has(i.peer) ? null : i.peer,
    })),
    routes: s.routes.filter(
      (r) => nsIds.has(r.namespace) && (r.namespace !== 'host' || !r.dev || names.has(`host/${r.dev}`)),
    ),
    natFlows,
    ...(listeners && { listeners }),
    ...(proxies && { proxies }),
    firewall: { ...s.firewall, rules },
    findings: s.findings.filter((f) => f.subjects.every((x) => subjects.has(x))),
  });
}

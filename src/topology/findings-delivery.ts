// Published ports that are not implemented as asked: `-p` on a container whose networks are all
// internal (Docker silently publishes nothing), a docker-proxy with no DNAT rule for its port, and a
// DNAT rule with no socket listening where the userland proxy is in use (the host itself, and the
// containers on the same bridge, reach a published port through that socket).
import type { Container, DnatFlow, DockerProxy, Finding, Listener, Network } from '../model/snapshot.js';
import { flowId } from './nat-flows.js';
import { text } from '../model/text/message.js';
import { said } from './findings-text.js';
import { groupByKey } from '../model/order.js';

type Add = (f: Omit<Finding, 'id'>) => void;

const ANY = new Set(['0.0.0.0', '::']);
const familyOf = (ip: string) => (ip.includes(':') ? 'ipv6' : 'ipv4');
const sameHost = (a: string, b: string) =>
  a === b || (ANY.has(a) && ANY.has(b) && familyOf(a) === familyOf(b));

export interface DeliveryInput {
  containers: Container[];
  networks: Network[];
  dnat: DnatFlow[];
  proxies: DockerProxy[] | null;
  listeners: Listener[] | null;
  /** Families whose DNAT rules Docker writes (a nat DOCKER chain, or native nftables). */
  natFamilies: ReadonlySet<string>;
}

export function deliveryFindings(input: DeliveryInput, add: Add): void {
  const internal = new Set(input.networks.filter((n) => n.internal).map((n) => n.name));
  for (const c of input.containers) {
    const asked = c.requestedPorts ?? [];
    if (c.namespace === null || asked.length === 0 || c.ports.length > 0 || c.endpoints.length === 0)
      continue;
    if (!c.endpoints.every((e) => internal.has(e.network))) continue;
    const ports = asked.map((p) => `${p.hostPort || '(any)'}:${p.containerPort}/${p.protocol}`).join(', ');
    add({
      severity: 'warning',
      code: 'port-not-published',
      ...said(
        text('finding.portNotPublished', {
          name: c.name,
          ports,
          networks: c.endpoints.map((e) => e.network).join(', '),
        }),
      ),
      subjects: [c.name, ...c.endpoints.map((e) => e.network)],
    });
  }
  // By protocol and port: every proxy against every rule was 2,000 × 2,000 at a thousand published ports.
  const dnatAt = groupByKey((f) => `${f.protocol} ${String(f.hostPort)}`, input.dnat);
  for (const p of input.proxies ?? []) {
    if (!input.natFamilies.has(familyOf(p.hostIp))) continue;
    const rule = (dnatAt.get(`${p.protocol} ${String(p.hostPort)}`) ?? []).some(
      (f) => f.protocol === p.protocol && f.hostPort === p.hostPort && sameHost(f.hostIp, p.hostIp),
    );
    if (rule) continue;
    const port = flowId(p.protocol, p.hostIp, p.hostPort);
    add({
      severity: 'warning',
      code: 'proxy-without-dnat',
      ...said(
        text('finding.proxyWithoutDnat', { pid: p.pid, port, to: `${p.containerIp}:${p.containerPort}` }),
      ),
      subjects: [port],
    });
  }
  // Only where the userland proxy is on (some docker-proxy runs) and the sockets were read.
  if (!input.listeners || !input.proxies || input.proxies.length === 0) return;
  const listenersAt = groupByKey((l) => `${l.protocol} ${String(l.port)}`, input.listeners);
  for (const f of input.dnat) {
    if (!f.published) continue;
    const listening = (listenersAt.get(`${f.protocol} ${String(f.hostPort)}`) ?? []).some(
      (l) =>
        l.protocol === f.protocol &&
        l.port === f.hostPort &&
        (sameHost(l.address, f.hostIp) || (ANY.has(l.address) && l.family === f.family)),
    );
    if (listening) continue;
    add({
      severity: 'warning',
      code: 'dnat-without-listener',
      ...said(text('finding.dnatWithoutListener', { flow: f.id })),
      subjects: [f.id, ...(f.rule ? [f.rule] : [])],
    });
  }
}

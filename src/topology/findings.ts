// Problems a person would want pointed out, derived only from the joined snapshot parts.
import type {
  Container,
  DnatFlow,
  DockerProxy,
  Finding,
  Firewall,
  Interface,
  Listener,
  Network,
  Route,
  Service,
} from '../model/snapshot.js';
import { cmp } from '../model/order.js';
import { deliveryFindings } from './findings-delivery.js';
import { mtuFindings } from './findings-mtu.js';
import { flowId } from './nat-flows.js';
import { text } from '../model/text/message.js';
import { said } from './findings-text.js';

export interface FindingInput {
  containers: Container[];
  interfaces: Interface[];
  networks: Network[];
  firewall: Firewall;
  dnat: DnatFlow[];
  /** False when some namespaces could not be read: then a missing peer proves nothing. */
  kernelComplete: boolean;
  /** Swarm services (a manager's view) and whether this node is in a swarm. */
  services?: Service[];
  swarm?: boolean;
  routes?: Route[];
  proxies?: DockerProxy[] | null;
  listeners?: Listener[] | null;
}

const ANY = new Set(['0.0.0.0', '::']);
/** Podman's (netavark, CNI) entry chains for published ports: their presence means NAT is expected. */
const PORT_FORWARD_CHAINS = new Set(['NETAVARK-HOSTPORT-DNAT', 'CNI-HOSTPORT-DNAT']);

function familyOf(ip: string): 'ipv4' | 'ipv6' {
  return ip.includes(':') ? 'ipv6' : 'ipv4';
}

export function findProblems(input: FindingInput): Finding[] {
  const findings: Finding[] = [];
  const add = (f: Omit<Finding, 'id'>) => findings.push({ id: `${f.code}:${f.subjects.join(',')}`, ...f });

  // Families in which the engine programs NAT (Docker's DOCKER chain, Podman's port-forward chains in a
  // nat table): only there is a rule expected.
  const natFamilies = new Set(
    input.firewall.chains
      .filter((c) => c.table === 'nat' && (c.name === 'DOCKER' || PORT_FORWARD_CHAINS.has(c.name)))
      .map((c) => c.family),
  );
  const hasNativeNat = input.firewall.backends.includes('nftables');
  // DNAT flows by protocol, port and family (a find over every flow per port was quadratic).
  const flowsByPort = new Map<string, DnatFlow[]>();
  for (const f of input.dnat) {
    const k = `${f.protocol}/${f.hostPort}/${f.family}`;
    const list = flowsByPort.get(k);
    if (list) list.push(f);
    else flowsByPort.set(k, [f]);
  }
  for (const c of input.containers) {
    // A container starting or stopping has its rules added or removed right now: nothing to report.
    if (c.namespace === null || c.state === 'starting' || c.state === 'stopping') continue;
    for (const p of c.ports) {
      const family = familyOf(p.hostIp);
      if (!hasNativeNat && !natFamilies.has(family)) continue;
      const match = flowsByPort
        .get(`${p.protocol}/${p.hostPort}/${family}`)
        ?.find((f) => f.hostIp === p.hostIp || (ANY.has(f.hostIp) && ANY.has(p.hostIp)));
      const port = flowId(p.protocol, p.hostIp, p.hostPort);
      if (!match) {
        add({
          severity: 'error',
          code: 'published-port-without-dnat',
          ...said(
            text('finding.publishedWithoutDnat', { name: c.name, port, containerPort: p.containerPort }),
          ),
          subjects: [c.name, port],
        });
      } else if (match.container !== c.name || match.toPort !== p.containerPort) {
        add({
          severity: 'warning',
          code: 'dnat-disagrees-with-docker',
          ...said(
            text('finding.dnatDisagrees', {
              port,
              name: c.name,
              containerPort: p.containerPort,
              to: `${match.toAddress}:${match.toPort}`,
              container: match.container ?? '',
            }),
          ),
          subjects: [c.name, match.id, ...(match.rule ? [match.rule] : [])],
        });
      }
    }
  }

  // Swarm's routing mesh: every node should DNAT an ingress-published port to its ingress sandbox.
  if (input.swarm && input.firewall.backends.length > 0) {
    for (const s of input.services ?? []) {
      for (const p of s.ports) {
        if (p.publishMode !== 'ingress') continue;
        const port = `${p.protocol}/${p.publishedPort}`;
        const implemented = input.dnat.some(
          (f) => f.service === s.name && f.protocol === p.protocol && f.hostPort === p.publishedPort,
        );
        if (!implemented)
          add({
            severity: 'error',
            code: 'service-port-without-ingress',
            ...said(
              text('finding.serviceWithoutIngress', { service: s.name, port, targetPort: p.targetPort }),
            ),
            subjects: [s.name, port],
          });
      }
    }
  }

  for (const f of input.dnat) {
    if (f.container === null && !f.service) {
      add({
        severity: 'warning',
        code: 'dnat-to-unknown-address',
        ...said(text('finding.dnatToUnknown', { flow: f.id, to: `${f.toAddress}:${f.toPort}` })),
        subjects: [f.id, ...(f.rule ? [f.rule] : [])],
      });
    }
  }

  for (const i of input.interfaces) {
    if (i.kind === 'veth' && i.peer === null && input.kernelComplete) {
      add({
        severity: 'warning',
        code: 'veth-peer-missing',
        ...said(text('finding.vethPeerMissing', { name: i.name, ns: i.namespace })),
        subjects: [i.id],
      });
    }
  }

  for (const n of input.networks) {
    if (
      (n.driver === 'bridge' || n.driver === 'macvlan' || n.driver === 'ipvlan') &&
      n.bridge === null &&
      input.kernelComplete
    ) {
      add({
        severity: 'warning',
        code: 'network-device-missing',
        ...said(text('finding.networkDeviceMissing', { network: n.name, driver: n.driver })),
        subjects: [n.name],
      });
    }
  }
  mtuFindings(input.interfaces, input.routes ?? [], add);
  deliveryFindings(
    {
      containers: input.containers,
      networks: input.networks,
      dnat: input.dnat,
      proxies: input.proxies ?? null,
      listeners: input.listeners ?? null,
      natFamilies: hasNativeNat ? new Set(['ipv4', 'ipv6']) : natFamilies,
    },
    add,
  );
  return findings.sort((a, b) => cmp(a.id, b.id));
}

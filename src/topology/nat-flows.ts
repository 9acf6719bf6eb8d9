// NAT flows: each DNAT rule joined to the container endpoint it lands on and to Docker's port list;
// each MASQUERADE rule joined to the network whose subnet it hides.
import type {
  Container,
  DnatFlow,
  Family,
  Interface,
  MasqueradeFlow,
  Namespace,
  Network,
  Service,
} from '../model/snapshot.js';
import { cmp } from '../model/order.js';
import { keptPer } from './kept.js';

export interface DnatCandidate {
  ruleId: string;
  family: Family;
  protocol: 'tcp' | 'udp' | 'sctp';
  hostIp: string;
  hostPort: number;
  toAddress: string;
  toPort: number;
  excludeInterface: string | null;
  chainPath: string[];
}

export interface MasqueradeCandidate {
  ruleId: string;
  family: Family;
  source: string;
  destination: string | null;
  excludeOutInterface: string | null;
  /** `--mark` the rule requires, as written. */
  mark: string | null;
  /** `-p` and `--dport` (Docker's hairpin rules differ only by them). */
  protocol: string | null;
  port: string | null;
}

const ANY = new Set(['0.0.0.0', '::', '']);

export function flowId(protocol: string, hostIp: string, hostPort: number): string {
  return hostIp.includes(':') ? `${protocol}/[${hostIp}]:${hostPort}` : `${protocol}/${hostIp}:${hostPort}`;
}

/** Whether Docker's port list of container c publishes what this rule implements. */
function publishes(c: Container, d: DnatCandidate): boolean {
  return c.ports.some(
    (p) =>
      p.protocol === d.protocol &&
      p.hostPort === d.hostPort &&
      p.containerPort === d.toPort &&
      (p.hostIp === d.hostIp || (ANY.has(p.hostIp) && ANY.has(d.hostIp))),
  );
}

/** Swarm's routing mesh on this node: the ingress sandbox's addresses, and which service owns which port. */
export interface IngressMesh {
  addresses: ReadonlySet<string>;
  /** `<protocol>/<published port>` → service name, for ports published in ingress mode. */
  ports: ReadonlyMap<string, string>;
}

export function ingressOf(
  namespaces: Namespace[],
  interfaces: Interface[],
  services: Service[],
): IngressMesh {
  const sandboxes = new Set(namespaces.filter((n) => n.role === 'ingress-sbox').map((n) => n.id));
  const addresses = new Set(
    interfaces.filter((i) => sandboxes.has(i.namespace)).flatMap((i) => i.addresses.map((a) => a.address)),
  );
  const ports = new Map<string, string>();
  for (const s of services)
    for (const p of s.ports)
      if (p.publishMode === 'ingress') ports.set(`${p.protocol}/${p.publishedPort}`, s.name);
  return { addresses, ports };
}

const flowsBy = keptPer<DnatCandidate, DnatFlow>();

export function joinDnat(
  candidates: DnatCandidate[],
  containers: Container[],
  ingress: IngressMesh = { addresses: new Set(), ports: new Map() },
): DnatFlow[] {
  const byAddress = new Map<string, { container: Container; network: string; iface: string | null }>();
  for (const c of containers) {
    if (c.namespace === null) continue;
    for (const e of c.endpoints) {
      for (const address of [e.ipv4, e.ipv6]) {
        if (address) byAddress.set(address, { container: c, network: e.network, iface: e.interface });
      }
    }
  }
  const seen = new Map<string, number>();
  const flows = candidates.map((d): DnatFlow => {
    const target = byAddress.get(d.toAddress);
    // DOCKER-INGRESS sends a published port to the ingress sandbox, which balances it over the tasks.
    const mesh = !target && ingress.addresses.has(d.toAddress);
    let id = flowId(d.protocol, d.hostIp, d.hostPort);
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    if (n > 1) id = `${id}#${n}`;
    const container = target?.container.name ?? null;
    const endpoint = target?.iface ?? null;
    const network = target?.network ?? (mesh ? 'ingress' : null);
    const published = target
      ? publishes(target.container, d)
      : mesh && ingress.ports.has(`${d.protocol}/${d.hostPort}`);
    const service = mesh ? (ingress.ports.get(`${d.protocol}/${d.hostPort}`) ?? null) : null;
    // The same candidate (extractNatRules keeps it per rule) landing on the same endpoint: the last
    // build's very flow, so the session's diff of a thousand flows stops at `===`.
    const key = JSON.stringify([id, container, endpoint, network, published, service]);
    return flowsBy(d, key, () => ({
      kind: 'dnat',
      id,
      family: d.family,
      protocol: d.protocol,
      hostIp: d.hostIp,
      hostPort: d.hostPort,
      toAddress: d.toAddress,
      toPort: d.toPort,
      excludeInterface: d.excludeInterface,
      container,
      endpoint,
      network,
      rule: d.ruleId,
      chainPath: d.chainPath,
      published,
      service,
    }));
  });
  return flows.sort((a, b) => cmp(a.id, b.id));
}

export function joinMasquerade(candidates: MasqueradeCandidate[], networks: Network[]): MasqueradeFlow[] {
  const bySubnet = new Map<string, string>();
  for (const n of networks) for (const s of n.subnets) bySubnet.set(s.subnet, n.name);
  const seen = new Map<string, number>();
  const flows = candidates.map((m): MasqueradeFlow => {
    // Docker's hairpin rules differ only by protocol and port: both are part of the identity.
    const what = m.protocol ? ` ${m.protocol}${m.port ? `/${m.port}` : ''}` : '';
    let id = `masquerade/${m.source}${m.destination ? `->${m.destination}` : ''}${what}${m.mark ? ` mark ${m.mark}` : ''}`;
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    if (n > 1) id = `${id}#${n}`;
    return {
      kind: 'masquerade',
      id,
      family: m.family,
      source: m.source,
      destination: m.destination,
      excludeOutInterface: m.excludeOutInterface,
      network: bySubnet.get(m.source) ?? null,
      rule: m.ruleId,
      mark: m.mark,
      protocol: m.protocol,
      port: m.port,
    };
  });
  return flows.sort((a, b) => cmp(a.id, b.id));
}

// Comparable views of routes, NAT flows, firewall chains and rules, and findings.
import type { Chain, Finding, NatFlow, Route, Rule, Snapshot } from '../model/snapshot.js';
import { cmp } from '../model/order.js';
import type { Identity } from './identity.js';
import { hostPort, type Item, type ProjectOptions } from './project-objects.js';

const only = (when: boolean, fields: Record<string, unknown>) => (when ? fields : {});
const normaliseSpace = (text: string) => text.trim().replace(/\s+/g, ' ');

/**
 * Routes the kernel makes by itself for every address and link: the local table (local and
 * broadcast routes of each address), broadcast routes, and IPv6 link-local and multicast routes.
 */
export function isKernelRoute(r: Route): boolean {
  return (
    r.table === 'local' ||
    r.type === 'broadcast' ||
    (r.family === 'ipv6' && /^(fe[89ab][0-9a-f]?:|ff[0-9a-f]{2}:)/i.test(r.dst))
  );
}

export function projectRoute(r: Route, id: Identity): Item {
  const ns = id.ns(r.namespace) ?? r.namespace;
  const dev = id.dev(r.namespace, r.dev) ?? '';
  const nsOwner = id.owners.ns(r.namespace);
  const devOwner = r.dev === null ? null : id.owners.iface(`${r.namespace}/${r.dev}`);
  return {
    owner: nsOwner.kind === 'host' && devOwner ? devOwner : nsOwner,
    kernel: isKernelRoute(r),
    id: r.namespace,
    key: `${ns}|${r.family}|${r.table}|${r.type}|${id.meaning(r.dst)}|${dev}|${r.metric ?? ''}`,
    label: `route ${r.namespace} ${r.dst}${r.gateway ? ` via ${r.gateway}` : ''}${r.dev ? ` dev ${r.dev}` : ''}${r.table === 'main' ? '' : ` table ${r.table}`}`,
    view: { dst: r.dst, gateway: r.gateway, protocol: r.protocol, scope: r.scope, prefsrc: r.prefsrc },
  };
}

export function projectNatFlow(f: NatFlow, id: Identity, hostNs: string): Item {
  const byNetwork = f.network === null ? id.owners.host : id.owners.network(f.network);
  if (f.kind === 'dnat') {
    return {
      key: f.id,
      id: f.id,
      owner: f.container
        ? id.owners.container(f.container)
        : (id.owners.meaning(id.meaning(f.toAddress)) ?? byNetwork),
      label: `${f.protocol} ${hostPort(f.hostIp, f.hostPort)} → ${hostPort(f.toAddress, f.toPort)}${f.container ? ` (${f.container})` : ''}`,
      view: {
        kind: f.kind,
        family: f.family,
        toAddress: f.toAddress,
        toPort: f.toPort,
        excludeInterface: id.dev(hostNs, f.excludeInterface),
        container: f.container === null ? null : id.names.container(f.container),
        network: f.network === null ? null : id.names.network(f.network),
        endpoint: id.iface(f.endpoint),
        rule: id.ruleRef(f.rule),
        chainPath: [...f.chainPath],
        published: f.published,
        service: f.service ?? null,
      },
      display: { rule: f.rule },
    };
  }
  const destination = f.destination ? ` → ${f.destination}` : '';
  const key = `masquerade/${id.meaning(f.source)}${f.destination ? `->${id.meaning(f.destination)}` : ''}${f.mark ? ` mark ${f.mark}` : ''}`;
  return {
    id: f.id,
    key,
    owner: id.owners.meaning(key) ?? byNetwork,
    label: `masquerade ${f.source}${destination}${f.excludeOutInterface ? ` unless out ${f.excludeOutInterface}` : ''}`,
    view: {
      kind: f.kind,
      family: f.family,
      source: f.source,
      destination: f.destination,
      excludeOutInterface: id.dev(hostNs, f.excludeOutInterface),
      network: f.network === null ? null : id.names.network(f.network),
      rule: id.ruleRef(f.rule),
      mark: f.mark ?? null,
    },
    display: { rule: f.rule },
  };
}

export const chainKey = (c: { backend: string; family: string; table: string }, name: string) =>
  `${c.backend}:${c.family}:${c.table}:${name}`;

export function projectChain(c: Chain, id: Identity, o: ProjectOptions): Item {
  return {
    owner: id.owners.firewall,
    key: chainKey(c, c.name),
    id: chainKey(c, c.name),
    label: `chain ${c.family} ${c.table} ${c.name} (${c.backend})`,
    view: { policy: c.policy, ...only(o.volatile, { counters: c.counters }) },
  };
}

export function projectRule(r: Rule, index: number, id: Identity, o: ProjectOptions): Item {
  const text = normaliseSpace(r.text);
  const key = id.rule(r, index);
  return {
    key,
    owner: id.owners.meaning(key) ?? id.owners.firewall,
    id: r.id,
    label: `rule ${r.family} ${r.table} ${r.chain}: ${text}`,
    view: {
      text,
      target: r.target,
      ...only(o.volatile, { position: r.position, counters: r.counters }),
    },
    display: { text },
  };
}

/** A finding belongs to the first of its subjects that is a container, an interface or a network. */
function findingOwner(f: Finding, s: Snapshot, id: Identity) {
  for (const subject of f.subjects) {
    if (s.containers.some((c) => c.name === subject)) return id.owners.container(subject);
    if (s.interfaces.some((i) => i.id === subject)) {
      const owner = id.owners.iface(subject);
      if (owner.kind !== 'host') return owner;
    }
    if (s.networks.some((n) => n.name === subject)) return id.owners.network(subject);
  }
  return id.owners.meaning(id.meaning(f.subjects.join(' '))) ?? id.owners.host;
}

export function projectFinding(f: Finding, s: Snapshot, id: Identity): Item {
  return {
    owner: findingOwner(f, s, id),
    key: id.meaning(f.id),
    id: f.id,
    label: `${f.severity} ${f.code}: ${f.message}`,
    view: {
      severity: f.severity,
      code: f.code,
      message: f.message,
      subjects: f.subjects.map((s) => id.meaning(s)).sort(cmp),
    },
    display: { message: f.message, subjects: [...f.subjects].sort(cmp) },
  };
}

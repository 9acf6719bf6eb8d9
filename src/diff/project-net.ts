// Comparable views of routes, NAT flows, firewall chains and rules, and findings.
import type { Chain, Finding, NatFlow, Route, Rule } from '../model/snapshot.js';
import { cmp } from '../model/order.js';
import type { Identity } from './identity.js';
import { hostPort, type Item, type ProjectOptions } from './project-objects.js';

const only = (when: boolean, fields: Record<string, unknown>) => (when ? fields : {});
const normaliseSpace = (text: string) => text.trim().replace(/\s+/g, ' ');

export function projectRoute(r: Route, id: Identity): Item {
  const ns = id.ns(r.namespace) ?? r.namespace;
  const dev = id.dev(r.namespace, r.dev) ?? '';
  return {
    id: r.namespace,
    key: `${ns}|${r.family}|${r.table}|${r.type}|${id.meaning(r.dst)}|${dev}|${r.metric ?? ''}`,
    label: `route ${r.namespace} ${r.dst}${r.gateway ? ` via ${r.gateway}` : ''}${r.dev ? ` dev ${r.dev}` : ''}${r.table === 'main' ? '' : ` table ${r.table}`}`,
    view: { dst: r.dst, gateway: r.gateway, protocol: r.protocol, scope: r.scope, prefsrc: r.prefsrc },
  };
}

export function projectNatFlow(f: NatFlow, id: Identity, hostNs: string): Item {
  if (f.kind === 'dnat') {
    return {
      key: f.id,
      id: f.id,
      label: `${f.protocol} ${hostPort(f.hostIp, f.hostPort)} → ${hostPort(f.toAddress, f.toPort)}${f.container ? ` (${f.container})` : ''}`,
      view: {
        kind: f.kind,
        family: f.family,
        toAddress: f.toAddress,
        toPort: f.toPort,
        excludeInterface: id.dev(hostNs, f.excludeInterface),
        container: f.container,
        network: f.network,
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
  return {
    id: f.id,
    key: `masquerade/${id.meaning(f.source)}${f.destination ? `->${id.meaning(f.destination)}` : ''}${f.mark ? ` mark ${f.mark}` : ''}`,
    label: `masquerade ${f.source}${destination}${f.excludeOutInterface ? ` unless out ${f.excludeOutInterface}` : ''}`,
    view: {
      kind: f.kind,
      family: f.family,
      source: f.source,
      destination: f.destination,
      excludeOutInterface: id.dev(hostNs, f.excludeOutInterface),
      network: f.network,
      rule: id.ruleRef(f.rule),
      mark: f.mark ?? null,
    },
    display: { rule: f.rule },
  };
}

export const chainKey = (c: { backend: string; family: string; table: string }, name: string) =>
  `${c.backend}:${c.family}:${c.table}:${name}`;

export function projectChain(c: Chain, o: ProjectOptions): Item {
  return {
    key: chainKey(c, c.name),
    id: chainKey(c, c.name),
    label: `chain ${c.family} ${c.table} ${c.name} (${c.backend})`,
    view: { policy: c.policy, ...only(o.volatile, { counters: c.counters }) },
  };
}

export function projectRule(r: Rule, index: number, id: Identity, o: ProjectOptions): Item {
  const text = normaliseSpace(r.text);
  return {
    key: id.rule(r, index),
    id: r.id,
    label: `rule ${r.family} ${r.table} ${r.chain}: ${text}`,
    view: {
      text: o.crossHost ? id.withoutGeneratedNames(text) : text,
      target: r.target,
      ...only(o.volatile, { position: r.position, counters: r.counters }),
    },
    display: { text },
  };
}

export function projectFinding(f: Finding, id: Identity, o: ProjectOptions): Item {
  return {
    key: id.meaning(f.id),
    id: f.id,
    label: `${f.severity} ${f.code}: ${f.message}`,
    view: {
      severity: f.severity,
      code: f.code,
      message: o.crossHost ? id.withoutGeneratedNames(f.message) : f.message,
      subjects: f.subjects.map((s) => id.meaning(s)).sort(cmp),
    },
    display: { message: f.message, subjects: [...f.subjects].sort(cmp) },
  };
}

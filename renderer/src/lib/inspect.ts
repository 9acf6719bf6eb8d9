// What the inspector shows for a selected item: every snapshot field of it, the firewall rules that
// concern it, and the counters of its interfaces.
import { words } from './i18n/words.js';
import type { ConceptKey } from './concepts.js';
import { masqueradeLabel } from '../../../src/model/nat-label.js';
import type { Counters, Rule, Snapshot } from '../../../src/model/snapshot.js';
import { dnatPath } from './packet-path.js';
import { deviceName, indexSnapshot } from './snapshot-index.js';
import { uniqueBy } from './unique.js';

export interface Inspection {
  kind: string;
  title: string;
  /** Snapshot objects for the item, by heading; `key` stays the same across languages and updates. */
  sections: { key: string; heading: string; value: unknown }[];
  /** Rules that concern this item alone (its address, its interface, its DNAT rule). */
  rules: Rule[];
  /** Rules on its path every packet passes (jumps into Docker's chains, DOCKER-USER's RETURN…). */
  shared: Rule[];
  counters: { id: string; counters: Counters | null }[];
  /** Related drawn items to jump to. */
  related: { id: string; label: string }[];
  /** The idea that explains this kind of item (the "?" beside the title opens it in the legend). */
  concept: ConceptKey;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Rules whose text names this interface (`-i x`, `-o x`, `iifname "x"`) or this address. */
export function rulesMentioning(rules: Rule[], needles: { ifaces?: string[]; addresses?: string[] }): Rule[] {
  const patterns = [
    ...(needles.ifaces ?? []).map((n) => new RegExp(`(?:-[io]|[io]ifname)\\s+"?${escape(n)}"?(?:\\s|$)`)),
    ...(needles.addresses ?? []).map((a) => new RegExp(`(?:^|[\\s:])${escape(a)}(?:[/:\\s]|$)`)),
  ];
  if (patterns.length === 0) return [];
  return rules.filter((r) => patterns.some((p) => p.test(r.text)));
}

/** What to show for an item; each list holds an id (a heading) once, as the inspector keys them. */
export function inspect(snapshot: Snapshot, id: string): Inspection | null {
  const info = inspectItem(snapshot, id);
  return (
    info && {
      ...info,
      sections: uniqueBy(info.sections, (s) => s.heading),
      rules: uniqueBy(info.rules, (r) => r.id),
      counters: uniqueBy(info.counters, (c) => c.id),
      related: uniqueBy(info.related, (r) => r.id),
    }
  );
}

function inspectItem(snapshot: Snapshot, id: string): Inspection | null {
  const ix = indexSnapshot(snapshot);
  const h = words().inspector.headings;
  const rules = snapshot.firewall.rules;
  /** Rules the packet paths of these published ports pass, once each, in path order. */
  const pathRules = (flowIds: string[]): Rule[] => {
    const seen = new Map<string, Rule>();
    for (const fid of flowIds)
      for (const hop of dnatPath(snapshot, fid).hops) {
        const r = hop.rule ? ix.rule.get(hop.rule.id) : undefined;
        if (r && !seen.has(r.id)) seen.set(r.id, r);
      }
    return [...seen.values()];
  };
  const countersOf = (ids: string[]) =>
    ids.map((i) => ({ id: i, counters: ix.iface.get(i)?.counters ?? null }));

  if (id === 'host') {
    return {
      kind: 'host',
      title: snapshot.host.name,
      sections: [
        { key: 'host', heading: h.host, value: snapshot.host },
        { key: 'warnings', heading: h.warnings, value: snapshot.warnings },
      ],
      rules: [],
      shared: [],
      counters: [],
      related: [],
      concept: 'namespace',
    };
  }
  const container = ix.container.get(id);
  if (container) {
    const ns = container.namespace ? ix.namespace.get(container.namespace) : undefined;
    const ifaces = ns?.interfaces ?? [];
    const addresses = container.endpoints.flatMap((e) => [e.ipv4, e.ipv6].filter((a): a is string => !!a));
    const flows = ix.dnat.filter((f) => f.container === container.name);
    const own = rulesMentioning(rules, { addresses });
    return {
      kind: 'container',
      title: container.name,
      sections: [
        { key: 'container', heading: h.container, value: container },
        ...(ns ? [{ key: 'namespace', heading: h.namespace, value: ns }] : []),
        ...flows.map((f) => ({ key: `published:${f.id}`, heading: h.published(f.id), value: f })),
      ],
      rules: own,
      shared: pathRules(flows.map((f) => f.id)).filter((r) => !own.includes(r)),
      counters: countersOf(ifaces.filter((i) => !i.endsWith('/lo'))),
      related: [
        ...(ns ? [{ id: ns.id, label: ns.id }] : []),
        ...flows.map((f) => ({ id: f.id, label: f.id })),
      ],
      concept:
        container.networkMode === 'host' ||
        container.networkMode === 'none' ||
        container.networkMode.startsWith('container:')
          ? 'modes'
          : 'namespace',
    };
  }
  const ns = ix.namespace.get(id);
  if (ns) {
    const addresses = ns.interfaces
      .flatMap((i) => ix.iface.get(i)?.addresses.map((a) => a.address) ?? [])
      .filter((a) => !a.startsWith('127.'));
    return {
      kind: 'namespace',
      title: ns.id,
      sections: [
        { key: 'namespace', heading: h.namespace, value: ns },
        ...ns.containers.map((c) => ({
          key: `container:${c}`,
          heading: h.containerNamed(c),
          value: ix.container.get(c),
        })),
      ],
      rules: rulesMentioning(rules, { addresses }),
      shared: [],
      counters: countersOf(ns.interfaces),
      related: ns.containers.map((c) => ({ id: c, label: c })),
      concept: ns.containers.length > 1 ? 'modes' : 'namespace',
    };
  }
  const iface = ix.iface.get(id);
  if (iface) {
    const networks = ix.networkByDevice.get(iface.id) ?? [];
    const related = [iface.peer, iface.master, iface.parent]
      .filter((x): x is string => !!x)
      .map((x) => ({ id: x, label: x }));
    return {
      kind: iface.kind === 'bridge' ? 'bridge' : 'interface',
      title: `${iface.name} (${iface.namespace})`,
      sections: [
        { key: 'interface', heading: h.interface, value: iface },
        ...networks.map((n) => ({ key: `network:${n.name}`, heading: h.networkNamed(n.name), value: n })),
        ...(iface.peer && ix.iface.get(iface.peer)
          ? [{ key: 'peer', heading: h.peer, value: ix.iface.get(iface.peer) }]
          : []),
      ],
      rules:
        iface.namespace === 'host'
          ? rulesMentioning(rules, { ifaces: [iface.name] })
          : rulesMentioning(rules, {
              addresses: iface.addresses.map((a) => a.address).filter((a) => !a.startsWith('127.')),
            }),
      shared: [],
      counters: countersOf([iface.id, ...(iface.peer ? [iface.peer] : [])]),
      related,
      concept:
        iface.kind === 'bridge'
          ? 'bridge'
          : iface.kind === 'macvlan' || iface.kind === 'ipvlan'
            ? 'macvlan'
            : iface.kind === 'veth'
              ? 'veth'
              : 'namespace',
    };
  }
  const flow = snapshot.natFlows.find((f) => f.id === id);
  if (flow) {
    const rule = flow.rule ? ix.rule.get(flow.rule) : undefined;
    const onPath = flow.kind === 'dnat' ? pathRules([flow.id]) : [];
    // Its own: the NAT rule, and rules on the path that name its target address.
    const mine = new Set([
      ...(rule ? [rule] : []),
      ...(flow.kind === 'dnat' ? rulesMentioning(onPath, { addresses: [flow.toAddress] }) : []),
    ]);
    return {
      kind: 'nat-flow',
      title: flow.kind === 'dnat' ? flow.id : `MASQUERADE ${masqueradeLabel(flow)}`,
      sections: [{ key: 'flow', heading: flow.kind === 'dnat' ? h.dnat : h.masquerade, value: flow }],
      rules: [...mine],
      shared: onPath.filter((r) => !mine.has(r)),
      counters: flow.kind === 'dnat' && flow.endpoint ? countersOf([flow.endpoint]) : [],
      related: flow.kind === 'dnat' && flow.container ? [{ id: flow.container, label: flow.container }] : [],
      concept: flow.kind === 'dnat' ? 'dnat' : 'masquerade',
    };
  }
  if (id.startsWith('cable:')) {
    const [from = '', to = ''] = id.slice('cable:'.length).split('|');
    return {
      kind: 'cable',
      title: `${deviceName(from)} ↔ ${deviceName(to)}`,
      sections: [
        { key: 'this', heading: h.thisEnd, value: ix.iface.get(from) ?? from },
        { key: 'other', heading: h.otherEnd, value: ix.iface.get(to) ?? to },
      ],
      rules: [],
      shared: [],
      counters: countersOf([from, to].filter((x) => ix.iface.has(x))),
      related: [
        { id: from, label: from },
        { id: to, label: to },
      ],
      concept: ix.iface.get(from)?.kind === 'veth' ? 'veth' : 'macvlan',
    };
  }
  const netName = id.startsWith('column:net:')
    ? id.slice('column:net:'.length)
    : id.startsWith('net:')
      ? id.slice(4)
      : null;
  const network = netName ? ix.network.get(netName) : undefined;
  if (network) {
    return {
      kind: 'network',
      title: network.name,
      sections: [{ key: 'network', heading: h.network, value: network }],
      rules: [],
      shared: [],
      counters: [],
      related: network.endpoints.map((e) => ({ id: e.container, label: e.container })),
      concept: network.driver === 'macvlan' || network.driver === 'ipvlan' ? 'macvlan' : 'bridge',
    };
  }
  const rule = ix.rule.get(id);
  if (rule)
    return {
      kind: 'rule',
      title: `${rule.table} ${rule.chain} #${rule.position}`,
      sections: [{ key: 'rule', heading: h.rule, value: rule }],
      rules: [rule],
      shared: [],
      counters: [],
      related: [],
      concept: rule.table === 'nat' && rule.target === 'MASQUERADE' ? 'masquerade' : 'dnat',
    };
  return null;
}

// The first thing the inspector says about an item, in words: what it is, then a few rows a person
// looks for (state, image, addresses, networks, published ports for a container; ends and bridge for
// an interface…). Values that are items of the picture carry their id, so the inspector links them.
import { backendText, markText, meshEntries, meshForPort, type MeshEntry } from '../../../src/model/mesh.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { words } from './i18n/words.js';
import { naturalCompare } from './natural.js';
import { deviceName, firstAddress, indexSnapshot } from './snapshot-index.js';

export interface SummaryValue {
  text: string;
  /** Drawn item to select when the value is clicked. */
  id?: string;
}

export interface SummaryRow {
  key: string;
  label: string;
  values: SummaryValue[];
}

export interface Summary {
  what: string;
  rows: SummaryRow[];
}

const byText = (a: SummaryValue, b: SummaryValue) => naturalCompare(a.text, b.text);

/** `tcp/8080 (web) → MARK 0x100 → 10.0.0.7 (web.1), …`: one marked selector of the mesh, linked to its sandbox. */
function meshValue(e: MeshEntry): SummaryValue {
  const w = words().inspect;
  const m = e.mark;
  const mark = markText(m.mark);
  const what = m.port !== null ? `${m.protocol ?? 'tcp'}/${m.port}` : (m.destination ?? m.chain);
  const to =
    e.state === 'no-service'
      ? w.meshNoService(mark)
      : e.state === 'ipvs-absent' || e.state === 'ipvs-unreadable'
        ? (w.ipvs[e.state.slice(5)] ?? '')
        : e.backends.map(backendText).join(', ') || w.meshNoTask;
  return {
    text: `${what}${e.serviceName ? ` (${e.serviceName})` : ''} → MARK ${mark} → ${to}`,
    id: e.sandbox,
  };
}

export function summarize(snapshot: Snapshot, id: string): Summary | null {
  const ix = indexSnapshot(snapshot);
  const w = words().inspect;
  const rows: SummaryRow[] = [];
  const row = (key: keyof typeof w.row, values: (SummaryValue | string | null | undefined)[]) => {
    const list = values
      .filter((v): v is SummaryValue | string => v !== null && v !== undefined && v !== '')
      .map((v) => (typeof v === 'string' ? { text: v } : v));
    if (list.length > 0) rows.push({ key, label: w.row[key], values: list });
  };
  const what = (k: string) => w.what[k] ?? '';

  if (id === 'host') {
    const h = snapshot.host;
    row('docker', [h.dockerVersion ?? null]);
    row('kernel', [h.kernel ?? null]);
    row('firewall', [h.firewallBackend ?? words().drawing.firewallNotRead]);
    row('privilege', [h.privilege]);
    return { what: what('host'), rows };
  }
  const c = ix.container.get(id);
  if (c) {
    const ns = c.namespace ? ix.namespace.get(c.namespace) : undefined;
    row('state', [w.stateWord[c.state] ?? c.state]);
    row('image', [c.image]);
    if (c.compose) {
      row('project', [{ text: c.compose.project, id: `project:${c.compose.project}` }]);
      row('service', [c.compose.service]);
    }
    row('mode', [c.networkMode]);
    row(
      'addresses',
      c.endpoints.flatMap((e) => [
        e.ipv4 ? `${e.ipv4}${e.ipv4PrefixLen !== null ? `/${e.ipv4PrefixLen}` : ''} (${e.network})` : null,
        e.ipv6 ? `${e.ipv6} (${e.network})` : null,
      ]),
    );
    row('networks', c.endpoints.map((e) => ({ text: e.network, id: `net:${e.network}` })).sort(byText));
    row(
      'published',
      ix.dnat
        .filter((f) => f.container === c.name)
        .map((f) => ({ text: `${f.hostIp}:${f.hostPort} → ${f.toPort}/${f.protocol}`, id: f.id })),
    );
    row(
      'sharesWith',
      (ns?.containers ?? []).filter((n) => n !== c.name).map((n) => ({ text: n, id: n })),
    );
    return { what: what('container'), rows };
  }
  const ns = ix.namespace.get(id);
  if (ns) {
    row('containers', ns.containers.map((n) => ({ text: n, id: n })).sort(byText));
    row(
      'interfaces',
      ns.interfaces.map((i) => {
        const iface = ix.iface.get(i);
        return {
          text: `${deviceName(i)}${iface && firstAddress(iface) ? ` ${firstAddress(iface)}` : ''}`,
          id: i,
        };
      }),
    );
    if (ns.mesh) {
      row('ipvs', [w.ipvs[ns.mesh.ipvs] ?? ns.mesh.ipvs]);
      row('mesh', meshEntries(snapshot, ns).map(meshValue));
    }
    return { what: what('namespace'), rows };
  }
  const iface = ix.iface.get(id);
  if (iface) {
    const bridge = iface.kind === 'bridge';
    if (bridge) {
      const nets = ix.networkByDevice.get(iface.id) ?? [];
      row(
        'network',
        nets.map((n) => ({ text: n.name, id: `net:${n.name}` })),
      );
      row(
        'subnet',
        nets.flatMap((n) => n.subnets.map((s) => s.subnet)),
      );
      row(
        'gateway',
        iface.addresses.map((a) => `${a.address}/${a.prefixLen}`),
      );
      row('attached', [w.endpoints(snapshot.interfaces.filter((i) => i.master === iface.id).length)]);
    } else {
      row('namespace', [{ text: iface.namespace, id: iface.namespace }]);
      row('kind', [iface.kind]);
      row('state', [iface.state]);
      row(
        'addresses',
        iface.addresses.map((a) => `${a.address}/${a.prefixLen}`),
      );
      row('peer', [
        iface.peer
          ? {
              text: `${deviceName(iface.peer)} (${ix.iface.get(iface.peer)?.namespace ?? '?'})`,
              id: iface.peer,
            }
          : null,
      ]);
      row('bridge', [iface.master ? { text: deviceName(iface.master), id: iface.master } : null]);
      row('parent', [iface.parent ? { text: deviceName(iface.parent), id: iface.parent } : null]);
      row('mac', [iface.mac]);
      row('mtu', [String(iface.mtu)]);
    }
    return { what: what(bridge ? 'bridge' : iface.kind === 'veth' ? 'veth' : 'interface'), rows };
  }
  const flow = snapshot.natFlows.find((f) => f.id === id);
  if (flow?.kind === 'dnat') {
    row('hostSide', [`${flow.hostIp}:${flow.hostPort}/${flow.protocol}`]);
    row('target', [`${flow.toAddress}:${flow.toPort}`]);
    row('container', [flow.container ? { text: flow.container, id: flow.container } : w.none]);
    row('via', [flow.chainPath.join(' → ')]);
    if (flow.service) {
      row('service', [flow.service]);
      const { entry, mesh, sandbox } = meshForPort(snapshot, flow.protocol, flow.hostPort);
      row('mesh', [
        entry ? meshValue(entry) : mesh && sandbox ? { text: w.ipvs[mesh.ipvs] ?? '', id: sandbox } : null,
      ]);
    }
    return { what: what('nat-flow'), rows };
  }
  if (flow?.kind === 'masquerade') {
    row('source', [flow.source]);
    row('leaving', [flow.excludeOutInterface ? w.anyBut(deviceName(flow.excludeOutInterface)) : null]);
    row('network', [flow.network ? { text: flow.network, id: `net:${flow.network}` } : null]);
    return { what: what('masquerade'), rows };
  }
  const netName = id.startsWith('column:net:') ? id.slice(11) : id.startsWith('net:') ? id.slice(4) : null;
  const network = netName ? ix.network.get(netName) : undefined;
  if (network) {
    row('driver', [network.driver]);
    row(
      'subnet',
      network.subnets.map((s) => s.subnet),
    );
    row(
      'gateway',
      network.subnets.map((s) => s.gateway),
    );
    row('internal', [network.internal ? w.yes : null]);
    row('containers', network.endpoints.map((e) => ({ text: e.container, id: e.container })).sort(byText));
    return { what: what('network'), rows };
  }
  if (id.startsWith('cable:')) {
    const ends = id.slice('cable:'.length).split('|');
    row(
      'interfaces',
      ends.map((e) => ({ text: e, id: e })),
    );
    return { what: what('cable'), rows };
  }
  const rule = ix.rule.get(id);
  if (rule) {
    row('chain', [`${rule.table} ${rule.chain} #${rule.position}`]);
    row('rule', [rule.text]);
    return { what: what('rule'), rows };
  }
  return null;
}

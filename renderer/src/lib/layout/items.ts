// Items the layout builds from one link or column: cables, host-side veth ports, bars.
import { words } from '../i18n/words.js';
import { composeName } from '../compose.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import type { ColumnDef, PortLink } from './columns.js';
import * as M from './metrics.js';
import type { BarItem, CableItem, ColumnInfo, PortItem } from './types.js';

export function cable(
  link: PortLink,
  column: string,
  path: string,
  labelX: number,
  labelY: number,
): CableItem {
  const to = link.to ?? `column:${column}`;
  const kind =
    link.kind === 'veth' || link.kind === 'parent' || link.kind === 'logical' || link.kind === 'pair'
      ? link.kind
      : 'logical';
  return {
    id: `cable:${link.id}|${to}`,
    kind,
    from: link.id,
    to,
    path,
    column,
    labelX: M.r(labelX),
    labelY: M.r(labelY),
    count: 1,
  };
}

export function hostPort(
  ix: SnapshotIndex,
  id: string,
  x: number,
  y: number,
  link: PortLink | null,
): PortItem {
  const i = ix.iface.get(id);
  const peer = link?.iface;
  const name = i?.name ?? id;
  const w = words().drawing;
  const title = i
    ? `${i.name} (ifindex ${i.ifindex}, ${w.hostSideOf})${peer ? ` ↔ ${peer.name} (ifindex ${peer.ifindex}, ${peer.namespace})` : w.danglingPeer}`
    : id;
  return {
    id,
    name,
    address: '',
    kind: i?.kind ?? 'veth',
    state: i?.state ?? 'unknown',
    x,
    y,
    side: 'bottom',
    published: [],
    title,
  };
}

export function bar(
  ix: SnapshotIndex,
  def: ColumnDef,
  col: ColumnInfo,
  top: number,
  ports: PortItem[],
): BarItem {
  const device = def.device && def.kind === 'bridge' ? ix.iface.get(def.device) : undefined;
  const address = device?.addresses.find((a) => a.family === 'ipv4') ?? device?.addresses[0];
  const subnet = def.network?.subnets[0]?.subnet ?? '';
  const w = words().drawing;
  const parts: string[] = [];
  // Its bridge device, driver or parent (left out first when the line is too long; the title has it).
  if (def.kind === 'bridge')
    parts.push(
      device?.name ?? (def.device ? `${def.device.split('/').pop() ?? ''}${w.notSeen}` : w.noBridge),
    );
  else if (def.kind === 'macvlan' || def.kind === 'ipvlan')
    parts.push(w.onParent(def.kind, def.device?.split('/').pop() ?? def.network?.options.parent ?? '?'));
  else if (def.network) parts.push(def.network.driver);
  if (address) parts.push(`${address.address}/${address.prefixLen}`);
  else if (subnet) parts.push(subnet);
  const inner = col.w - 40;
  // A Compose network goes by its name in the project; the project leads the second line.
  const known = new Set(ix.snapshot.containers.flatMap((c) => (c.compose ? [c.compose.project] : [])));
  const compose = def.network ? composeName(def.network, known) : null;
  if (compose) parts.unshift(compose.project);
  const drop = compose ? [1, 0] : [0];
  const label = def.network
    ? `${compose?.name ?? def.network.name}${def.network.internal ? w.internal : ''}`
    : def.label;
  return {
    id: device ? device.id : `column:${col.key}`,
    column: col.key,
    kind: def.kind,
    device: device !== undefined,
    network: def.network?.name ?? null,
    project: compose?.project ?? null,
    x: col.x,
    y: top,
    w: col.w,
    h: M.BAR_H,
    label: M.fit(`${label}${col.collapsed ? ` · ${col.count}` : ''}`, inner, 12),
    sublabel: M.fitParts(parts, drop, inner, 10),
    title: [label, ...parts, def.network ? w.network(def.network.name, def.network.driver) : '']
      .filter(Boolean)
      .join(' · '),
    ports,
    collapsed: col.collapsed,
    count: col.count,
    uplink: null,
    uplinkStub: null,
  };
}

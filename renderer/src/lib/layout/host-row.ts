// The host region above the bridges: published-port badges with their DNAT flows, the host's NICs,
// host-mode containers, MASQUERADE egress paths and macvlan uplinks. It grows upward from the bars,
// so more badges never move a container box.
import { masqueradeLabel } from '../../../../src/model/nat-label.js';
import type { DnatFlow } from '../../../../src/model/snapshot.js';
import { deviceName, firstAddress, type SnapshotIndex } from '../snapshot-index.js';
import { containerLines } from './boxes.js';
import type { PortPlace } from './port-place.js';
import * as M from './metrics.js';
import { curve, flowPath } from './paths.js';
import type { BarItem, ColumnInfo, FlowItem, HostModeBox, HostRegion, NicItem, SummaryBox } from './types.js';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The port a DNAT flow lands on: its endpoint interface, else the container's endpoint. */
export function targetPortId(ix: SnapshotIndex, flow: DnatFlow): string | null {
  if (flow.endpoint) return flow.endpoint;
  const c = flow.container ? ix.container.get(flow.container) : undefined;
  if (!c) return null;
  const e = c.endpoints.find((x) => x.network === flow.network) ?? c.endpoints[0];
  if (!e) return null;
  return e.interface ?? `endpoint:${c.name}:${e.network}`;
}

export function hostLabel(f: DnatFlow): string {
  const ip = f.hostIp.includes(':') ? `[${f.hostIp}]` : f.hostIp;
  return `${ip}:${f.hostPort}/${f.protocol}`;
}

/** Lines under each port: which host ports DNAT to it. */
export function publishedLines(ix: SnapshotIndex): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of ix.dnat) {
    const id = targetPortId(ix, f);
    if (!id) continue;
    out.set(id, [...(out.get(id) ?? []), `:${f.toPort}/${f.protocol} ← ${hostLabel(f)}`]);
  }
  return out;
}

export interface HostInput {
  ix: SnapshotIndex;
  columns: ColumnInfo[];
  bars: BarItem[];
  places: Map<string, PortPlace>;
  summaries: SummaryBox[];
  barTop: number;
  width: number;
}

export function placeHost(input: HostInput): {
  host: HostRegion;
  nics: NicItem[];
  hostMode: HostModeBox | null;
  flows: FlowItem[];
} {
  const { ix, barTop } = input;
  const flows: FlowItem[] = [];
  const perColumn = new Map<string, { flow: DnatFlow; place: PortPlace }[]>();
  const groups = new Map<string, DnatFlow[]>();
  const unresolved: DnatFlow[] = [];
  const summaryOf = new Map(input.summaries.map((s) => [s.column, s]));
  const summaryCells = new Map(input.summaries.flatMap((s) => s.cells.map((c) => [c.id, s.column] as const)));
  for (const f of ix.dnat) {
    const pid = targetPortId(ix, f);
    const place = pid ? input.places.get(pid) : undefined;
    if (place) {
      const col = place.laneX !== null ? place.box.column : (place.link.column ?? place.box.column);
      perColumn.set(col, [...(perColumn.get(col) ?? []), { flow: f, place }]);
      continue;
    }
    const ns = f.container ? ix.container.get(f.container)?.namespace : null;
    const collapsed = ns ? summaryCells.get(ns) : undefined;
    if (collapsed) groups.set(collapsed, [...(groups.get(collapsed) ?? []), f]);
    else if (!f.container) unresolved.push(f);
  }

  let maxRows = 0;
  const badgeSlots: { col: ColumnInfo; count: number; place: (i: number) => { x: number; row: number } }[] =
    [];
  for (const col of input.columns) {
    const count = (perColumn.get(col.key)?.length ?? 0) + (groups.has(col.key) ? 1 : 0);
    const perRow = Math.max(1, Math.floor((col.w - M.BADGE_X0) / (M.BADGE_W + M.BADGE_GAP)));
    maxRows = Math.max(maxRows, Math.ceil(count / perRow));
    badgeSlots.push({
      col,
      count,
      place: (i) => ({
        x: col.x + M.BADGE_X0 + (i % perRow) * (M.BADGE_W + M.BADGE_GAP),
        row: Math.floor(i / perRow),
      }),
    });
  }
  const badgesBottom = barTop - M.FLOW_CURVE;
  const badgeY = (row: number) => badgesBottom - (row + 1) * M.BADGE_H - row * M.BADGE_GAP;
  const badge = (x: number, y: number, line1: string, line2: string) => ({
    x: M.r(x),
    y: M.r(y),
    w: M.BADGE_W,
    h: M.BADGE_H,
    line1: M.fit(line1, M.BADGE_W - 10, 11),
    line2: M.fit(line2, M.BADGE_W - 10, 10),
  });

  for (const slot of badgeSlots) {
    const list = (perColumn.get(slot.col.key) ?? []).sort(
      (a, b) =>
        a.place.order - b.place.order ||
        a.place.port.y - b.place.port.y ||
        a.flow.hostPort - b.flow.hostPort ||
        cmp(a.flow.id, b.flow.id),
    );
    list.forEach(({ flow, place }, i) => {
      const at = slot.place(i);
      const b = badge(at.x, badgeY(at.row), hostLabel(flow), `DNAT→${flow.toAddress}:${flow.toPort}`);
      const bx = b.x + b.w / 2;
      const by = b.y + b.h;
      const { port } = place;
      const path =
        place.laneX !== null
          ? flowPath(bx, by, place.laneX + 3, barTop, port.x, port.y - 4)
          : `M${bx},${by}C${bx},${M.r(by + 120)} ${M.r(port.x + (port.side === 'right' ? 80 : -80))},${port.y} ${port.x},${port.y}`;
      flows.push({
        id: flow.id,
        kind: 'dnat',
        path,
        badge: b,
        to: port.id,
        container: flow.container,
        column: slot.col.key,
        title: flowTitle(flow),
        members: [flow.id],
      });
    });
    const group = groups.get(slot.col.key);
    const summary = summaryOf.get(slot.col.key);
    if (group && summary) {
      const at = slot.place(list.length);
      const b = badge(at.x, badgeY(at.row), `${group.length} published`, `DNAT→${slot.col.label}`);
      flows.push({
        id: `flows:${slot.col.key}`,
        kind: 'group',
        path: flowPath(
          b.x + b.w / 2,
          b.y + b.h,
          summary.x - M.LANE_PAD + 3,
          barTop,
          summary.x,
          summary.y + 14,
        ),
        badge: b,
        to: summary.id,
        container: null,
        column: slot.col.key,
        title: `${group.length} published ports into ${slot.col.label} (collapsed)`,
        members: group.map((f) => f.id),
      });
    }
  }

  // The row of host interfaces, host-mode containers and DNAT rules that point nowhere known.
  const badgesTop = maxRows > 0 ? badgeY(maxRows - 1) : badgesBottom;
  const rowBottom = badgesTop - 26;
  const nics: NicItem[] = [];
  let x = 0;
  const hostIfaces = (ix.ifacesOf.get('host') ?? []).filter(
    (i) => i.kind !== 'veth' && i.kind !== 'bridge' && i.kind !== 'loopback',
  );
  hostIfaces.sort(
    (a, b) => Number(b.kind === 'physical') - Number(a.kind === 'physical') || cmp(a.name, b.name),
  );
  for (const i of hostIfaces) {
    const address = firstAddress(i);
    nics.push({
      id: i.id,
      name: M.fit(i.name, M.NIC_W - 16, 12),
      address: M.fit(address, M.NIC_W - 16, 10),
      kind: i.kind,
      state: i.state,
      title: `${i.name} (${i.kind}, ifindex ${i.ifindex}, ${i.state})${address ? ` ${address}` : ''}`,
      x,
      y: rowBottom - M.NIC_H,
      w: M.NIC_W,
      h: M.NIC_H,
      portX: x + M.NIC_W / 2,
      portY: rowBottom,
    });
    x += M.NIC_W + M.NIC_GAP;
  }
  let hostMode: HostModeBox | null = null;
  const hostNs = ix.namespace.get('host');
  const hostContainers = (hostNs?.containers ?? [])
    .map((n) => ix.container.get(n))
    .filter((c) => c !== undefined);
  let rowTop = rowBottom - M.NIC_H;
  if (hostContainers.length > 0) {
    const { lines, y } = containerLines(hostContainers, 24, M.BOX_W - 20);
    const h = y + M.PAD;
    const dy = rowBottom - h;
    hostMode = { x, y: dy, w: M.BOX_W, h, containers: lines.map((l) => ({ ...l, y: M.r(l.y + dy) })) };
    rowTop = Math.min(rowTop, dy);
    x += M.BOX_W + M.NIC_GAP;
  }
  for (const f of unresolved) {
    const b = badge(x, rowBottom - M.BADGE_H, hostLabel(f), `DNAT→${f.toAddress}:${f.toPort} ✗`);
    flows.push({
      id: f.id,
      kind: 'dnat',
      path: '',
      badge: b,
      to: null,
      container: null,
      column: null,
      title: `${flowTitle(f)} — no running container holds ${f.toAddress}`,
      members: [f.id],
    });
    x += M.BADGE_W + M.BADGE_GAP;
  }

  // MASQUERADE: each network's egress, from its bar up to the interface of the default route.
  const defaultDev = ix.snapshot.routes.find(
    (r) => r.namespace === 'host' && r.dst === 'default' && r.family === 'ipv4',
  )?.dev;
  const egress =
    nics.find((n) => n.id === `host/${defaultDev ?? ''}`) ??
    nics.find((n) => n.kind === 'physical') ??
    nics[0];
  for (const m of ix.masquerade) {
    const bar = input.bars.find((b) => b.network !== null && b.network === m.network);
    if (!bar) continue;
    const mx = bar.x + 12;
    const bend = M.r(rowBottom + 40);
    const path = egress
      ? `M${mx},${bar.y}V${bend}C${mx},${M.r(rowBottom + 14)} ${egress.portX},${M.r(rowBottom + 26)} ${egress.portX},${rowBottom}`
      : `M${mx},${bar.y}V${M.r(rowTop - 8)}`;
    flows.push({
      id: m.id,
      kind: 'masquerade',
      path,
      badge: null,
      to: egress?.id ?? null,
      container: null,
      column: bar.column,
      title: `MASQUERADE ${masqueradeLabel(m)}${m.excludeOutInterface ? ` leaving by any interface but ${deviceName(m.excludeOutInterface)}` : ''}${egress ? ` (default route: ${egress.name})` : ''}`,
      members: [m.id],
    });
  }
  for (const b of input.bars) {
    if (b.kind !== 'macvlan' && b.kind !== 'ipvlan') continue;
    const parent = nics.find((n) => n.id === ix.network.get(b.network ?? '')?.bridge);
    if (parent) b.uplink = curve(b.x + b.w - 24, b.y, parent.portX, parent.portY);
  }

  const width = Math.max(input.width, x - M.NIC_GAP);
  const top = rowTop - M.HOST_HEADER;
  const h = input.ix.snapshot.host;
  const host: HostRegion = {
    id: 'host',
    x: -M.HOST_PAD,
    y: top,
    w: width + 2 * M.HOST_PAD,
    h: -M.BAR_GAP + 8 - top,
    title: `host namespace · ${h.name}`,
    subtitle: [
      h.dockerVersion ? `Docker ${h.dockerVersion}` : '',
      h.kernel ? `kernel ${h.kernel}` : '',
      h.firewallBackend ?? 'firewall not read',
      h.target,
    ]
      .filter(Boolean)
      .join(' · '),
  };
  return { host, nics, hostMode, flows };
}

function flowTitle(f: DnatFlow): string {
  return `${hostLabel(f)} → DNAT → ${f.toAddress}:${f.toPort}${f.container ? ` (${f.container})` : ''} via ${f.chainPath.join(' → ') || 'DOCKER'}${f.published ? '' : ' · not in Docker’s port list'}`;
}

// The host region above the first band: published-port badges with their DNAT flows, the host's NICs,
// host-mode containers, MASQUERADE egress paths and macvlan uplinks; and the host namespace's strip
// behind the bars of every later band. Badges grow upward from the bars, so more of them never move a
// container box.
import { masqueradeLabel } from '../../../../src/model/nat-label.js';
import { words } from '../i18n/words.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import { deviceName, firstAddress } from '../snapshot-index.js';
import { badge, columnBadges, flowTitle, hostLabel, type BadgeColumns } from './badges.js';
import { containerLines } from './boxes.js';
import * as M from './metrics.js';
import { curve } from './paths.js';
import type { PortPlace } from './port-place.js';
import type {
  BandInfo,
  BarItem,
  ColumnInfo,
  FlowItem,
  HostModeBox,
  HostRegion,
  NicItem,
  Rect,
  SummaryBox,
} from './types.js';

export { hostLabel, publishedLines, targetPortId, badgeColumns } from './badges.js';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const ROW_GAP = 22;

function hostIfaces(ix: SnapshotIndex) {
  const list = (ix.ifacesOf.get('host') ?? []).filter(
    (i) => i.kind !== 'veth' && i.kind !== 'bridge' && i.kind !== 'loopback',
  );
  return list.sort(
    (a, b) => Number(b.kind === 'physical') - Number(a.kind === 'physical') || cmp(a.name, b.name),
  );
}

function hostContainers(ix: SnapshotIndex) {
  return (ix.namespace.get('host')?.containers ?? [])
    .map((n) => ix.container.get(n))
    .filter((c) => c !== undefined);
}

/** Room the host row takes above the first band's badges, and its width: known before wrapping. */
export function hostRowSize(ix: SnapshotIndex, unresolved: number): { w: number; h: number } {
  const nics = hostIfaces(ix).length;
  const hosted = hostContainers(ix).length;
  let w = nics * (M.NIC_W + M.NIC_GAP) + unresolved * M.BADGE_STEP;
  if (hosted > 0) w += M.BOX_W + M.NIC_GAP;
  const h = Math.max(M.NIC_H, hosted > 0 ? 24 + hosted * (M.NAME_H + M.DETAIL_H) + M.PAD : 0);
  return { w, h: M.HOST_HEADER + h + ROW_GAP };
}

export interface HostInput {
  ix: SnapshotIndex;
  columns: ColumnInfo[];
  bars: BarItem[];
  bands: BandInfo[];
  places: Map<string, PortPlace>;
  summaries: SummaryBox[];
  badges: BadgeColumns;
  width: number;
}

export function placeHost(input: HostInput): {
  host: HostRegion;
  strips: Rect[];
  nics: NicItem[];
  hostMode: HostModeBox | null;
  flows: FlowItem[];
} {
  const { ix, bands } = input;
  const flows: FlowItem[] = [];
  const summaryOf = new Map(input.summaries.map((s) => [s.column, s]));
  let firstRows = 0;
  for (const col of input.columns) {
    const band = bands[col.band]!;
    const rows = columnBadges(
      col,
      band,
      { badges: input.badges, places: input.places, summary: summaryOf.get(col.key) },
      flows,
    );
    if (col.band === 0) firstRows = Math.max(firstRows, rows);
  }
  const first = bands[0];
  const firstBarTop = first?.barTop ?? -M.BAR_GAP - M.BAR_H;

  // The row of host interfaces, host-mode containers and DNAT rules that point nowhere known.
  const badgesTop = firstBarTop - M.FLOW_CURVE - firstRows * M.BADGE_ROW + (firstRows > 0 ? M.BADGE_GAP : 0);
  const rowBottom = badgesTop - ROW_GAP;
  const nics: NicItem[] = [];
  let x = 0;
  for (const i of hostIfaces(ix)) {
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
  const hosted = hostContainers(ix);
  let rowTop = rowBottom - M.NIC_H;
  if (hosted.length > 0) {
    const { lines, y } = containerLines(hosted, 24, M.BOX_W - 20);
    const h = y + M.PAD;
    const dy = rowBottom - h;
    hostMode = { x, y: dy, w: M.BOX_W, h, containers: lines.map((l) => ({ ...l, y: M.r(l.y + dy) })) };
    rowTop = Math.min(rowTop, dy);
    x += M.BOX_W + M.NIC_GAP;
  }
  for (const f of input.badges.unresolved) {
    const b = badge(x, rowBottom - M.BADGE_H, hostLabel(f), `DNAT→${f.toAddress}:${f.toPort} ✗`);
    flows.push({
      id: f.id,
      kind: 'dnat',
      path: '',
      badge: b,
      to: null,
      container: null,
      column: null,
      title: `${flowTitle(f, input.badges.rootlessKit)}${words().drawing.unresolved(f.toAddress)}`,
      members: [f.id],
      stub: null,
    });
    x += M.BADGE_STEP;
  }

  // MASQUERADE: each network's egress, from its bar up to the interface of the default route. From a
  // later band the line would cross the bands above it: it stops at its strip's top and names the interface.
  const defaultDev = ix.snapshot.routes.find(
    (r) => r.namespace === 'host' && r.dst === 'default' && r.family === 'ipv4',
  )?.dev;
  const egress =
    nics.find((n) => n.id === `host/${defaultDev ?? ''}`) ??
    nics.find((n) => n.kind === 'physical') ??
    nics[0];
  const bandOfBar = (b: BarItem) => bands[input.columns.find((c) => c.key === b.column)?.band ?? 0];
  for (const m of ix.masquerade) {
    const bar = input.bars.find((b) => b.network !== null && b.network === m.network);
    if (!bar) continue;
    const band = bandOfBar(bar);
    const mx = bar.x + 10;
    const bend = M.r(rowBottom + 40);
    const stubbed = band !== undefined && band.index > 0;
    const path = stubbed
      ? `M${mx},${bar.y}V${M.r(band.top + 8)}`
      : egress
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
      title: words().drawing.masqTitle(
        masqueradeLabel(m),
        m.excludeOutInterface ? deviceName(m.excludeOutInterface) : null,
        egress?.name ?? null,
      ),
      members: [m.id],
      stub: stubbed
        ? { x: mx + 6, y: M.r(band.top + 16), text: `↑ ${egress?.name ?? words().drawing.out}` }
        : null,
    });
  }
  for (const b of input.bars) {
    if (b.kind !== 'macvlan' && b.kind !== 'ipvlan') continue;
    const parent = nics.find((n) => n.id === ix.network.get(b.network ?? '')?.bridge);
    if (!parent) continue;
    const band = bandOfBar(b);
    const ux = b.x + b.w - 24;
    if (band && band.index > 0) {
      b.uplink = `M${ux},${b.y}V${M.r(band.top + 8)}`;
      b.uplinkStub = { x: ux - 6, y: M.r(band.top + 16), text: `${parent.name} ↑` };
    } else b.uplink = curve(ux, b.y, parent.portX, parent.portY);
  }

  const width = Math.max(input.width, x - M.NIC_GAP);
  const top = rowTop - M.HOST_HEADER;
  const h = ix.snapshot.host;
  const host: HostRegion = {
    id: 'host',
    x: -M.HOST_PAD,
    y: top,
    w: width + 2 * M.HOST_PAD,
    h: firstBarTop + M.BAR_H + 8 - top,
    title: words().drawing.hostTitle(h.name),
    subtitle: [
      h.dockerVersion ? `Docker ${h.dockerVersion}` : '',
      h.kernel ? words().drawing.kernel(h.kernel) : '',
      h.firewallBackend ?? words().drawing.firewallNotRead,
      h.target,
    ]
      .filter(Boolean)
      .join(' · '),
  };
  const strips = bands.slice(1).map((b) => ({
    x: -M.HOST_PAD,
    y: b.top,
    w: width + 2 * M.HOST_PAD,
    h: b.barTop + M.BAR_H + 8 - b.top,
  }));
  return { host, strips, nics, hostMode, flows };
}

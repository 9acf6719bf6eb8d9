// Published ports as badges above the bars: which column's bar each DNAT flow's badge sits over
// (known before placing, so a band can make room for its badge rows), then the badges and their
// flows once bars and ports have their places.
import { words } from '../i18n/words.js';
import type { DnatFlow, RootlessKit } from '../../../../src/model/snapshot.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import { ownLink } from './body.js';
import type { PortLink } from './columns.js';
import * as M from './metrics.js';
import { flowPath } from './paths.js';
import type { PortPlace } from './port-place.js';
import type { BadgeItem, BandInfo, ColumnInfo, FlowItem, SummaryBox } from './types.js';

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

/** `kit`: rootless Docker, whose host ports are RootlessKit's on the real host before they are DNAT's. */
export function flowTitle(f: DnatFlow, kit: RootlessKit | null = null): string {
  const w = words().drawing;
  const before = kit ? w.rootlessKit(kit.portDriver ?? '?') : '';
  return `${before}${hostLabel(f)} → DNAT → ${f.toAddress}:${f.toPort}${f.container ? ` (${f.container})` : ''} ${w.via} ${f.chainPath.join(' → ') || 'DOCKER'}${f.published ? '' : w.notListed}`;
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

export interface BadgeColumns {
  /** Flows whose badge sits over each column's bar, with the port they land on. */
  perColumn: Map<string, { flow: DnatFlow; port: string }[]>;
  /** Flows into a collapsed column: one group badge per column. */
  groups: Map<string, DnatFlow[]>;
  /** Flows no running container holds: badges in the host row. */
  unresolved: DnatFlow[];
  /** Badges over each column. */
  count: Map<string, number>;
  /** Rootless Docker: how the real host reaches the namespace drawn (flow titles say it). */
  rootlessKit: RootlessKit | null;
}

export function badgeColumns(
  ix: SnapshotIndex,
  linkOf: Map<string, { column: string; link: PortLink }>,
  summaryOf: Map<string, string>,
): BadgeColumns {
  const perColumn = new Map<string, { flow: DnatFlow; port: string }[]>();
  const groups = new Map<string, DnatFlow[]>();
  const unresolved: DnatFlow[] = [];
  const count = new Map<string, number>();
  const add = <T>(m: Map<string, T[]>, k: string, v: T) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const f of ix.dnat) {
    const pid = targetPortId(ix, f);
    const at = pid ? linkOf.get(pid) : undefined;
    if (pid && at) {
      const col = ownLink(at.link, at.column) ? at.column : (at.link.column ?? at.column);
      add(perColumn, col, { flow: f, port: pid });
      count.set(col, (count.get(col) ?? 0) + 1);
      continue;
    }
    const ns = f.container ? ix.container.get(f.container)?.namespace : null;
    const collapsed = ns ? summaryOf.get(ns) : undefined;
    if (collapsed) {
      if (!groups.has(collapsed)) count.set(collapsed, (count.get(collapsed) ?? 0) + 1);
      add(groups, collapsed, f);
    } else if (!f.container) unresolved.push(f);
  }
  const rootlessKit = ix.snapshot.host.rootless ? (ix.snapshot.host.rootlessKit ?? null) : null;
  return { perColumn, groups, unresolved, count, rootlessKit };
}

export function badge(x: number, y: number, line1: string, line2: string): BadgeItem {
  return {
    x: M.r(x),
    y: M.r(y),
    w: M.BADGE_W,
    h: M.BADGE_H,
    line1: M.fit(line1, M.BADGE_W - 10, 11),
    line2: M.fit(line2, M.BADGE_W - 10, 10),
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The badges over one column's bar with their flows; returns how many badge rows they took. */
export function columnBadges(
  col: ColumnInfo,
  band: BandInfo,
  input: { badges: BadgeColumns; places: Map<string, PortPlace>; summary: SummaryBox | undefined },
  flows: FlowItem[],
): number {
  const perRow = Math.max(1, Math.floor((col.w - M.BADGE_X0) / M.BADGE_STEP));
  const slot = (i: number) => ({
    x: col.x + M.BADGE_X0 + (i % perRow) * M.BADGE_STEP,
    y: band.barTop - M.FLOW_CURVE - Math.floor(i / perRow) * M.BADGE_ROW - M.BADGE_H,
  });
  const list = (input.badges.perColumn.get(col.key) ?? [])
    .map(({ flow, port }) => ({ flow, place: input.places.get(port)! }))
    .filter((x) => x.place !== undefined)
    .sort(
      (a, b) =>
        a.place.order - b.place.order ||
        a.place.port.y - b.place.port.y ||
        a.flow.hostPort - b.flow.hostPort ||
        cmp(a.flow.id, b.flow.id),
    );
  list.forEach(({ flow, place }, i) => {
    const at = slot(i);
    const b = badge(at.x, at.y, hostLabel(flow), `DNAT→${flow.toAddress}:${flow.toPort}`);
    const bx = b.x + b.w / 2;
    const by = b.y + b.h;
    const { port } = place;
    const path =
      place.laneX !== null
        ? flowPath(bx, by, place.laneX + 3, band.barTop, port.x, port.y - 4)
        : `M${bx},${by}C${bx},${M.r(by + 120)} ${M.r(port.x + (port.side === 'right' ? 80 : -80))},${port.y} ${port.x},${port.y}`;
    flows.push({
      id: flow.id,
      kind: 'dnat',
      path,
      badge: b,
      to: port.id,
      container: flow.container,
      column: col.key,
      title: flowTitle(flow, input.badges.rootlessKit),
      members: [flow.id],
      stub: null,
    });
  });
  const group = input.badges.groups.get(col.key);
  const s = input.summary;
  let used = list.length;
  if (group && s) {
    const at = slot(used++);
    const b = badge(at.x, at.y, words().drawing.groupBadge(group.length), `DNAT→${col.label}`);
    flows.push({
      id: `flows:${col.key}`,
      kind: 'group',
      path: flowPath(b.x + b.w / 2, b.y + b.h, s.x - M.LANE_PAD + 3, band.barTop, s.x, s.y + 14),
      badge: b,
      to: s.id,
      container: null,
      column: col.key,
      title: words().drawing.groupTitle(group.length, col.label),
      members: group.map((f) => f.id),
      stub: null,
    });
  }
  return Math.ceil(used / perRow);
}

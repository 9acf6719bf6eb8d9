// The layout: snapshot → positions. Pure and deterministic. Networks are columns wrapped into bands
// (rows) to match the view's shape; boxes are ordered naturally by name inside their column. Given the
// plan of a previous layout it keeps every place: newcomers go after what is there, bands and columns
// move only when they must grow, so a live change never reshuffles the picture.
import type { Snapshot } from '../../../../src/model/snapshot.js';
import { uniqueBy } from '../unique.js';
import { indexSnapshot } from '../snapshot-index.js';
import { keptBands, orderDefs, placeBands } from './bands.js';
import { columnBoxes, columnSummary, moveSummary, ownLink, rowsFor, stackBoxes } from './body.js';
import { freshPlan, shapeColumns, type ColumnShape, type FreshPlan } from './fit-plan.js';
import { moveBox } from './boxes.js';
import { columnDefs, type PortLink } from './columns.js';
import { entriesByColumn, keptOrder } from './entries.js';
import { badgeColumns, hostRowSize, placeHost, publishedLines } from './host-row.js';
import { bar, cable, hostPort } from './items.js';
import * as M from './metrics.js';
import { crossPath, lanePath, pairPath } from './paths.js';
import type { PortPlace } from './port-place.js';
import type {
  BarItem,
  CableItem,
  ColumnInfo,
  Layout,
  LayoutOptions,
  NamespaceBox,
  PortItem,
  Rect,
  SummaryBox,
} from './types.js';

const EMPTY = new Set<string>();

export function computeLayout(snapshot: Snapshot, options: LayoutOptions = {}): Layout {
  const ix = indexSnapshot(snapshot);
  const hidden = options.hidden ?? EMPTY;
  const threshold = options.collapseThreshold ?? M.COLLAPSE_THRESHOLD;
  const plan = options.plan ?? null;
  const placeOf = new Map<string, string>();
  const entries = entriesByColumn(ix, hidden, placeOf, plan?.order ?? null, options.groupByProject);
  const count = (key: string) => entries.get(key)?.length ?? 0;
  const defs = orderDefs(
    columnDefs(ix).filter((d) => d.network || d.device || count(d.key) > 0),
    plan,
    count,
  );
  const view = options.view ?? M.DEFAULT_VIEW;
  const aspect = view.w / Math.max(1, view.h);

  // Summaries the user asked for, or forced by size; with a kept plan also those it chose.
  const columns: ColumnInfo[] = defs.map((d) => {
    const n = count(d.key);
    const wanted = options.expanded?.has(d.key) === true;
    const collapsed =
      n > 0 &&
      (options.collapsed?.has(d.key) === true ||
        (!wanted && ((plan?.auto.has(d.key) ?? false) || n > threshold)));
    return { key: d.key, label: d.label, x: 0, w: 0, collapsed, count: n, band: 0 };
  });
  const colIndex = new Map(columns.map((c, i) => [c.key, i]));
  const published = publishedLines(ix);
  const built = new Map<string, NamespaceBox[]>();
  const summaryAt = new Map<string, SummaryBox>();
  for (const [ci, col] of columns.entries()) {
    const list = entries.get(col.key) ?? [];
    if (col.collapsed || (!plan && col.count >= M.MIN_SUMMARY))
      summaryAt.set(col.key, columnSummary(ix, col, list));
    if (col.collapsed) continue;
    // A port faces the side its cable leaves by: right when it goes to a column further on.
    const side = (link: PortLink) => {
      const target = link.column !== null ? colIndex.get(link.column) : undefined;
      return target !== undefined && target > ci && link.column !== col.key ? 'right' : 'left';
    };
    built.set(col.key, columnBoxes(ix, col, list, published, side));
  }
  /** Where each drawn port's cable goes and which summary holds each folded box, for these summaries. */
  const wiring = (folded: (key: string) => boolean) => {
    const linkOf = new Map<string, { column: string; link: PortLink }>();
    const summaryOf = new Map<string, string>();
    for (const col of columns)
      for (const e of entries.get(col.key) ?? []) {
        if (folded(col.key)) summaryOf.set(e.id, col.key);
        else for (const l of e.links) linkOf.set(l.id, { column: col.key, link: l });
      }
    return { linkOf, summaryOf, badges: badgeColumns(ix, linkOf, summaryOf) };
  };
  const shapesFor = (folded: (key: string) => boolean): ColumnShape[] => {
    const { badges } = wiring(folded);
    return columns.map((c) => ({
      key: c.key,
      n: c.count,
      heights: folded(c.key) ? null : (built.get(c.key)?.map((b) => b.h) ?? []),
      summaryH: summaryAt.get(c.key)?.h ?? 0,
      badges: badges.count.get(c.key) ?? 0,
    }));
  };
  const host = hostRowSize(ix, wiring(() => false).badges.unresolved.length);

  // A fresh picture: fold the biggest networks into summaries until names are legible when fitted.
  let auto = plan?.auto ?? new Set<string>();
  let fresh: FreshPlan | null = null;
  if (!plan) {
    const foldable = columns
      .filter((c) => !c.collapsed && c.count >= M.MIN_SUMMARY && options.expanded?.has(c.key) !== true)
      .sort((a, b) => b.count - a.count);
    const chosen = new Set<string>();
    for (;;) {
      const folded = (key: string) => chosen.has(key) || columns[colIndex.get(key)!]!.collapsed;
      fresh = freshPlan(shapesFor(folded), aspect, host);
      const next = foldable.find((c) => !chosen.has(c.key));
      if (!next || M.NAME_SIZE * fresh.scale * (view.h - M.FIT_MARGIN) >= M.LEGIBLE_PX) break;
      chosen.add(next.key);
    }
    auto = chosen;
    for (const c of columns) if (chosen.has(c.key)) c.collapsed = true;
  }
  const { linkOf, badges } = wiring((key) => columns[colIndex.get(key)!]!.collapsed);
  for (const col of columns) if (!col.collapsed) summaryAt.delete(col.key);
  const shapes = shapesFor((key) => columns[colIndex.get(key)!]!.collapsed);
  const most = plan?.most ?? fresh!.most;
  // The fresh plan was shaped for exactly these summaries (the last round of the loop).
  const shaped =
    fresh ??
    shapeColumns(
      shapes,
      (s) => plan?.rows.get(s.key) ?? rowsFor(s.n, most),
      (s) => plan?.subs.get(s.key) ?? null,
    );
  for (const [i, size] of shaped.sizes.entries()) columns[i]!.w = size.w;
  const bands = placeBands({
    columns,
    sizes: shaped.sizes,
    keys: plan ? keptBands(plan, columns) : fresh!.bands,
    plan,
  });
  const bandOf = (key: string) => bands[columns[colIndex.get(key) ?? -1]?.band ?? 0]!;

  const boxes: NamespaceBox[] = [];
  const summaries: SummaryBox[] = [];
  const cables: CableItem[] = [];
  const places = new Map<string, PortPlace>();
  const barPorts = new Map<string, PortItem[]>();
  const addBarPort = (col: string, p: PortItem) => barPorts.set(col, [...(barPorts.get(col) ?? []), p]);
  const foreign: PortPlace[] = [];
  let order = 0;

  for (const col of columns) {
    const band = bandOf(col.key);
    const barBottom = band.barTop + M.BAR_H;
    const local = summaryAt.get(col.key);
    if (local) {
      const s = moveSummary(local, col.x, band.boxTop);
      summaries.push(s);
      const lx = col.x + M.GUTTER - M.LANE_PAD;
      cables.push({
        id: `bundle:${col.key}`,
        kind: 'bundle',
        from: s.id,
        to: `column:${col.key}`,
        path: lanePath(lx, barBottom, s.x, s.y + 18),
        column: col.key,
        labelX: lx + 4,
        labelY: barBottom + 14,
        count: col.count,
      });
      continue;
    }
    const rows = shaped.rows.get(col.key) ?? 1;
    const lanes: number[] = [];
    for (const { box: local, sub } of stackBoxes(
      built.get(col.key) ?? [],
      rows,
      shaped.subs.get(col.key) ?? null,
    )) {
      const box = moveBox(local, col.x, band.boxTop);
      boxes.push(box);
      order++;
      const links = linksOf(linkOf, box);
      for (const [k, link] of links.entries()) {
        const port = box.ports[k];
        if (!port) continue;
        let laneX: number | null = null;
        if (ownLink(link, col.key)) {
          const lane = lanes[sub] ?? 0;
          lanes[sub] = lane + 1;
          const gap = lane < 8 ? M.LANE_GAP : (M.GUTTER - 2 * M.LANE_PAD) / lane;
          laneX = M.r(
            box.x - M.LANE_PAD - Math.min(lane, 7) * M.LANE_GAP - Math.max(0, lane - 7) * Math.min(gap, 2),
          );
        }
        const place: PortPlace = { port, box, link, laneX, order };
        places.set(port.id, place);
        if (laneX !== null) {
          cables.push(
            cable(link, col.key, lanePath(laneX, barBottom, port.x, port.y), laneX, barBottom + 12),
          );
          if (link.kind === 'veth' && link.to)
            addBarPort(col.key, hostPort(ix, link.to, laneX, barBottom, link));
        } else if (link.column && link.kind !== 'none' && link.kind !== 'pair') foreign.push(place);
      }
    }
  }

  // Cables to another column's bar arrive at the right end of that bar, one slot each.
  const slots = new Map<string, number>();
  const slotX = (key: string): number | null => {
    const col = columns[colIndex.get(key) ?? -1];
    if (!col) return null;
    const k = slots.get(key) ?? 0;
    slots.set(key, k + 1);
    return M.r(col.x + col.w - 16 - k * 12);
  };
  for (const f of foreign) {
    const target = f.link.column;
    const fx = target && !columns[colIndex.get(target) ?? -1]?.collapsed ? slotX(target) : null;
    if (fx === null || !target) continue;
    const band = bandOf(target);
    const side = f.port.side === 'right' ? 'right' : 'left';
    // From below a bar the cable rises into its bottom edge; from above it comes down onto its top.
    const below = f.port.y > band.barTop;
    const edge = below ? band.barTop + M.BAR_H : band.barTop;
    cables.push(cable(f.link, target, crossPath(f.port.x, f.port.y, side, fx, edge, below), fx, edge + 14));
    if (f.link.kind === 'veth' && f.link.to) addBarPort(target, hostPort(ix, f.link.to, fx, edge, f.link));
  }
  for (const [id, place] of places) {
    const peer = place.link.kind === 'pair' && place.link.to ? places.get(place.link.to) : undefined;
    if (peer && id < peer.port.id)
      cables.push({
        ...cable(
          place.link,
          place.box.column,
          pairPath(place.port.x, place.port.y, peer.port.x, peer.port.y),
          place.port.x,
          place.port.y + 16,
        ),
        kind: 'pair',
      });
  }

  const defByKey = new Map(defs.map((d) => [d.key, d]));
  const drawnHostPorts = new Set([...barPorts.values()].flat().map((p) => p.id));
  const bars: BarItem[] = columns.map((col) => {
    const def = defByKey.get(col.key)!;
    const barBottom = bandOf(col.key).barTop + M.BAR_H;
    // Host veths on this bridge whose other end nobody draws (dangling, or in a hidden box); a folded
    // bridge shows them too: they are problems, not part of what the summary stands for.
    if (def.device && def.kind === 'bridge') {
      for (const i of ix.snapshot.interfaces) {
        if (i.master !== def.device || drawnHostPorts.has(i.id)) continue;
        const peerNs = i.peer ? ix.iface.get(i.peer)?.namespace : undefined;
        if (peerNs && (hidden.has(peerNs) || placeOf.has(peerNs))) continue;
        const fx = slotX(col.key);
        if (fx !== null) addBarPort(col.key, hostPort(ix, i.id, fx, barBottom, null));
      }
    }
    return bar(ix, def, col, bandOf(col.key).barTop, barPorts.get(col.key) ?? []);
  });

  const width = Math.max(0, ...bands.map((b) => b.w));
  const region = placeHost({ ix, columns, bars, bands, places, summaries, badges, width });
  const index = new Map<string, Rect>();
  const rect = (x0: number, y0: number, w: number, h: number): Rect => ({ x: x0, y: y0, w, h });
  index.set('host', region.host);
  for (const n of region.nics) index.set(n.id, n);
  for (const b of bars) {
    index.set(b.id, b);
    for (const p of b.ports) index.set(p.id, rect(p.x - 5, p.y - 5, 10, 10));
  }
  for (const s of summaries) {
    index.set(s.id, s);
    for (const c of s.cells) index.set(c.id, s);
  }
  for (const b of boxes) {
    index.set(b.id, b);
    for (const c of b.containers) index.set(c.name, b);
    for (const p of b.ports)
      index.set(p.id, rect(p.side === 'right' ? p.x - M.BOX_W / 2 : p.x, p.y - 10, M.BOX_W / 2, 20));
  }
  for (const c of region.hostMode?.containers ?? []) index.set(c.name, region.hostMode!);
  for (const f of region.flows) if (f.badge) index.set(f.id, f.badge);
  const top = region.host.y;
  const bottom = Math.max(0, ...bands.map((b) => b.bottom));
  const bounds = { x: region.host.x, y: top, w: region.host.w, h: bottom + M.HOST_PAD - top };
  // Every list the drawing keys by id holds each id once, whatever the snapshot repeats.
  const byId = <T extends { id: string }>(list: T[]) => uniqueBy(list, (x) => x.id);
  const byName = <T extends { name: string }>(list: T[]) => uniqueBy(list, (x) => x.name);
  return {
    bounds,
    host: region.host,
    strips: region.strips,
    bands,
    plan: {
      bands: bands.map((b) => b.columns),
      rows: shaped.rows,
      subs: shaped.subs,
      most,
      order: keptOrder(entries, plan?.order ?? null),
      auto,
      x: new Map(columns.map((c) => [c.key, c.x])),
      tops: bands.map((b) => b.boxTop),
    },
    nics: byId(region.nics),
    hostMode: region.hostMode && { ...region.hostMode, containers: byName(region.hostMode.containers) },
    columns: uniqueBy(columns, (c) => c.key),
    bars: byId(bars).map((b) => (byId(b.ports) === b.ports ? b : { ...b, ports: byId(b.ports) })),
    boxes: byId(boxes).map((b) =>
      byId(b.ports) === b.ports && byName(b.containers) === b.containers
        ? b
        : { ...b, ports: byId(b.ports), containers: byName(b.containers) },
    ),
    summaries: byId(summaries),
    cables: byId(cables),
    flows: byId(region.flows),
    index,
    placeOf,
  };
}

/** The links of a placed box, in port order (its ports were built from them). */
function linksOf(linkOf: Map<string, { link: PortLink }>, box: NamespaceBox): PortLink[] {
  return box.ports.map((p) => linkOf.get(p.id)!.link);
}

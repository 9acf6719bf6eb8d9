// The layout: snapshot → positions. Pure and deterministic. Stable under patches: columns are
// networks ordered by name, boxes ordered by name inside, and the host region grows upward from the
// bridges, so a container starting moves only the boxes after it in its own column (and columns to
// the right only when its column gains a sub-column).
import type { Snapshot } from '../../../../src/model/snapshot.js';
import { uniqueBy } from '../unique.js';
import { indexSnapshot, type SnapshotIndex } from '../snapshot-index.js';
import { buildBox, moveBox } from './boxes.js';
import { columnDefs, columnOf, portLinks, resolver, STOPPED, type PortLink } from './columns.js';
import { placeHost, publishedLines } from './host-row.js';
import type { PortPlace } from './port-place.js';
import * as M from './metrics.js';
import { crossPath, lanePath, pairPath } from './paths.js';
import { bar, cable, hostPort } from './items.js';
import { summaryBox } from './summary.js';
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

interface Entry {
  id: string;
  kind: NamespaceBox['kind'];
  sortKey: string;
  links: PortLink[];
  names: string[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function entriesByColumn(
  ix: SnapshotIndex,
  hidden: ReadonlySet<string>,
  placeOf: Map<string, string>,
): Map<string, Entry[]> {
  const res = resolver(columnDefs(ix));
  const out = new Map<string, Entry[]>();
  const push = (col: string, e: Entry) => out.set(col, [...(out.get(col) ?? []), e]);
  for (const ns of ix.snapshot.namespaces) {
    if (ns.kind === 'host') {
      for (const name of ns.containers) placeOf.set(name, 'host');
      continue;
    }
    const links = portLinks(ix, ns.id, res);
    const col = columnOf(ix, ns.id, links, res);
    placeOf.set(ns.id, col);
    for (const name of ns.containers) placeOf.set(name, col);
    if (hidden.has(ns.id)) continue;
    push(col, {
      id: ns.id,
      kind: ns.kind === 'container' ? 'container' : 'netns',
      sortKey: ns.containers[0] ?? ns.id,
      links,
      names: ns.containers,
    });
  }
  for (const c of ix.snapshot.containers) {
    if (c.namespace !== null) continue;
    const id = `stopped:${c.name}`;
    placeOf.set(id, STOPPED);
    placeOf.set(c.name, STOPPED);
    if (!hidden.has(id)) push(STOPPED, { id, kind: 'stopped', sortKey: c.name, links: [], names: [c.name] });
  }
  for (const list of out.values()) list.sort((a, b) => cmp(a.sortKey, b.sortKey) || cmp(a.id, b.id));
  return out;
}

export function computeLayout(snapshot: Snapshot, options: LayoutOptions = {}): Layout {
  const ix = indexSnapshot(snapshot);
  const hidden = options.hidden ?? new Set<string>();
  const threshold = options.collapseThreshold ?? M.COLLAPSE_THRESHOLD;
  const placeOf = new Map<string, string>();
  const entries = entriesByColumn(ix, hidden, placeOf);
  const defs = columnDefs(ix).filter((d) => d.network || d.device || (entries.get(d.key)?.length ?? 0) > 0);

  // Column widths depend only on counts, so x positions are known before any box is built.
  const columns: ColumnInfo[] = [];
  let x = 0;
  for (const d of defs) {
    const n = entries.get(d.key)?.length ?? 0;
    const collapsed =
      n > 0 &&
      (options.collapsed?.has(d.key) === true || (n > threshold && options.expanded?.has(d.key) !== true));
    const subs = collapsed ? 1 : Math.ceil(n / M.ROWS);
    const w = n === 0 ? M.EMPTY_COL_W : subs * M.SUB_W;
    columns.push({ key: d.key, label: d.label, x, w, collapsed, count: n });
    x += w + M.COL_GAP;
  }
  const colIndex = new Map(columns.map((c, i) => [c.key, i]));
  const barTop = -M.BAR_GAP - M.BAR_H;
  const barBottom = -M.BAR_GAP;
  const published = publishedLines(ix);

  const boxes: NamespaceBox[] = [];
  const summaries: SummaryBox[] = [];
  const cables: CableItem[] = [];
  const places = new Map<string, PortPlace>();
  const barPorts = new Map<string, PortItem[]>();
  const addBarPort = (col: string, p: PortItem) => barPorts.set(col, [...(barPorts.get(col) ?? []), p]);
  const foreign: PortPlace[] = [];
  let bottom = 0;
  let order = 0;

  for (const [ci, col] of columns.entries()) {
    const list = entries.get(col.key) ?? [];
    if (col.collapsed) {
      const s = summaryBox(
        ix,
        col,
        list.map((e) => ({ id: e.id, names: e.names })),
      );
      summaries.push(s);
      bottom = Math.max(bottom, s.y + s.h);
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
        count: list.length,
      });
      continue;
    }
    const ySub: number[] = [];
    const lanes: number[] = [];
    for (const [p, e] of list.entries()) {
      const sub = Math.floor(p / M.ROWS);
      const side = (link: PortLink) => {
        const target = link.column !== null ? colIndex.get(link.column) : undefined;
        return target !== undefined && target > ci && link.column !== col.key ? 'right' : 'left';
      };
      const containers = e.names.map((n) => ix.container.get(n)).filter((c) => c !== undefined);
      const built = buildBox({
        ix,
        id: e.id,
        kind: e.kind,
        column: col.key,
        containers,
        links: e.links,
        published,
        side,
      });
      const box = moveBox(built, col.x + sub * M.SUB_W + M.GUTTER, ySub[sub] ?? 0);
      ySub[sub] = box.y + box.h + M.BOX_GAP;
      bottom = Math.max(bottom, box.y + box.h);
      boxes.push(box);
      order++;
      for (const [k, link] of e.links.entries()) {
        const port = box.ports[k];
        if (!port) continue;
        const own =
          link.column === col.key &&
          (link.kind === 'veth' || link.kind === 'parent' || link.kind === 'logical');
        let laneX: number | null = null;
        if (own) {
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
    const side = f.port.side === 'right' ? 'right' : 'left';
    cables.push(
      cable(f.link, target, crossPath(f.port.x, f.port.y, side, fx, barBottom), fx, barBottom + 14),
    );
    if (f.link.kind === 'veth' && f.link.to)
      addBarPort(target, hostPort(ix, f.link.to, fx, barBottom, f.link));
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
    // Host veths on this bridge whose other end nobody draws: dangling, or in a hidden/collapsed box.
    if (def.device && def.kind === 'bridge' && !col.collapsed) {
      for (const i of ix.snapshot.interfaces) {
        if (i.master !== def.device || drawnHostPorts.has(i.id)) continue;
        const peerNs = i.peer ? ix.iface.get(i.peer)?.namespace : undefined;
        if (peerNs && (hidden.has(peerNs) || placeOf.has(peerNs))) continue;
        const fx = slotX(col.key);
        if (fx !== null) addBarPort(col.key, hostPort(ix, i.id, fx, barBottom, null));
      }
    }
    return bar(ix, def, col, barTop, barPorts.get(col.key) ?? []);
  });

  const host = placeHost({ ix, columns, bars, places, summaries, barTop, width: Math.max(0, x - M.COL_GAP) });
  const index = new Map<string, Rect>();
  const rect = (x0: number, y0: number, w: number, h: number): Rect => ({ x: x0, y: y0, w, h });
  index.set('host', host.host);
  for (const n of host.nics) index.set(n.id, n);
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
  for (const c of host.hostMode?.containers ?? []) index.set(c.name, host.hostMode!);
  for (const f of host.flows) if (f.badge) index.set(f.id, f.badge);
  const top = host.host.y;
  const bounds = { x: host.host.x, y: top, w: host.host.w, h: Math.max(bottom, 0) + M.HOST_PAD - top };
  // Every list the drawing keys by id holds each id once, whatever the snapshot repeats.
  const byId = <T extends { id: string }>(list: T[]) => uniqueBy(list, (x) => x.id);
  const byName = <T extends { name: string }>(list: T[]) => uniqueBy(list, (x) => x.name);
  return {
    bounds,
    host: host.host,
    nics: byId(host.nics),
    hostMode: host.hostMode && { ...host.hostMode, containers: byName(host.hostMode.containers) },
    columns: uniqueBy(columns, (c) => c.key),
    bars: byId(bars).map((b) => (byId(b.ports) === b.ports ? b : { ...b, ports: byId(b.ports) })),
    boxes: byId(boxes).map((b) =>
      byId(b.ports) === b.ports && byName(b.containers) === b.containers
        ? b
        : { ...b, ports: byId(b.ports), containers: byName(b.containers) },
    ),
    summaries: byId(summaries),
    cables: byId(cables),
    flows: byId(host.flows),
    index,
    placeOf,
  };
}

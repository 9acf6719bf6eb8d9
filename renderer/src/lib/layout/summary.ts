// A collapsed column: one box saying what it holds, with a cell per namespace (a density map).
import { words } from '../i18n/words.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import { BOX_W, CELL, GUTTER, fit } from './metrics.js';
import type { ColumnInfo, SummaryBox } from './types.js';

export function summaryBox(
  ix: SnapshotIndex,
  col: ColumnInfo,
  entries: { id: string; names: string[] }[],
): SummaryBox {
  const x = col.x + GUTTER;
  const names = new Set(entries.flatMap((e) => e.names));
  const ports = ix.dnat.filter((f) => f.container !== null && names.has(f.container)).length;
  const running = entries.filter((e) => !e.id.startsWith('stopped:')).length;
  const w = words().drawing;
  const lines = [w.summaryCounts(names.size, running), w.summaryPorts(ports), w.summaryHint].map((l) =>
    fit(l, BOX_W - 16, 10),
  );
  const perRow = Math.floor((BOX_W - 16) / CELL);
  const top = 26 + lines.length * 15 + 4;
  const cells = entries.map((e, i) => ({
    id: e.id,
    label: e.names.join(', ') || e.id,
    x: x + 8 + (i % perRow) * CELL,
    y: top + Math.floor(i / perRow) * CELL,
  }));
  const rows = Math.ceil(entries.length / perRow);
  return {
    id: `summary:${col.key}`,
    column: col.key,
    x,
    y: 0,
    w: BOX_W,
    h: top + rows * CELL + 10,
    title: fit(w.summaryTitle(col.label, entries.length), BOX_W - 16, 12),
    lines,
    cells,
    cellsPath: cells.map((c) => `M${c.x},${c.y}h7v7h-7z`).join(''),
  };
}

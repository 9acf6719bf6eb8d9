// Networks wrap into bands (rows of columns) so the whole picture has about the viewport's shape:
// the band count that lets the picture be drawn largest when fitted. Columns keep their order.

export interface ColumnSize {
  key: string;
  w: number;
  /** Height of the band head this column needs (badges, bar). */
  head: number;
  /** Height of its boxes. */
  body: number;
}

export interface WrapInput {
  columns: ColumnSize[];
  /** Width / height of the view the picture should fill. */
  aspect: number;
  gap: number;
  /** Vertical space between bands. */
  bandGap: number;
  /** Height and width the host row above the first band needs whatever the wrap. */
  top: number;
  minWidth: number;
  /** Margin of the host region around the columns. */
  pad: number;
}

/** Fewest bands greedily filled under `maxW` (each band takes at least one column). */
function greedy(columns: ColumnSize[], maxW: number, gap: number): ColumnSize[][] {
  const bands: ColumnSize[][] = [];
  let band: ColumnSize[] = [];
  let w = 0;
  for (const c of columns) {
    const next = band.length === 0 ? c.w : w + gap + c.w;
    if (band.length > 0 && next > maxW) {
      bands.push(band);
      band = [c];
      w = c.w;
    } else {
      band.push(c);
      w = next;
    }
  }
  if (band.length > 0) bands.push(band);
  return bands;
}

/** The picture's size for these bands, padding included (the host region's margin around it all). */
export function bandSize(bands: ColumnSize[][], input: WrapInput): { w: number; h: number } {
  let w = input.minWidth;
  let h = input.top + input.pad;
  for (const [i, band] of bands.entries()) {
    w = Math.max(w, band.reduce((s, c) => s + c.w, 0) + input.gap * (band.length - 1));
    h += Math.max(0, ...band.map((c) => c.head)) + Math.max(0, ...band.map((c) => c.body));
    if (i > 0) h += input.bandGap;
  }
  return { w: w + 2 * input.pad, h };
}

/**
 * Column keys per band: among greedy fills under each width a band can have, the one drawn largest
 * in a view of this aspect. Past 60 columns only the narrowest fill per band count is tried.
 */
export function wrapColumns(input: WrapInput): { bands: string[][]; scale: number } {
  const { columns, gap } = input;
  if (columns.length === 0) return { bands: [], scale: 1 };
  const aspect = Number.isFinite(input.aspect) && input.aspect > 0 ? input.aspect : 1.6;
  let best: ColumnSize[][] = [columns];
  let bestScale = -1;
  const seen = new Set<string>();
  for (const maxW of candidateWidths(columns, gap)) {
    const bands = greedy(columns, maxW, gap);
    const key = bands.map((b) => b.length).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    const { w, h } = bandSize(bands, input);
    // Scale at which a view of this aspect shows it all (the view's height taken as 1).
    const scale = Math.min(aspect / w, 1 / h);
    if (scale > bestScale * 1.0001 || (scale > bestScale * 0.9999 && bands.length < best.length)) {
      best = bands;
      bestScale = scale;
    }
  }
  return { bands: best.map((band) => band.map((c) => c.key)), scale: bestScale };
}

/** Widths worth trying as a band's limit: every run of consecutive columns (or, when many, a few per band count). */
function candidateWidths(columns: ColumnSize[], gap: number): number[] {
  const out = new Set<number>();
  if (columns.length <= 60) {
    for (let i = 0; i < columns.length; i++) {
      let w = -gap;
      for (let j = i; j < columns.length; j++) {
        w += gap + columns[j]!.w;
        out.add(w);
      }
    }
    return [...out].sort((a, b) => a - b);
  }
  const total = columns.reduce((s, c) => s + c.w, 0) + gap * (columns.length - 1);
  const widest = Math.max(...columns.map((c) => c.w));
  for (let b = 1; b <= columns.length; b++) out.add(Math.max(widest, total / b));
  return [...out].sort((a, b) => a - b);
}

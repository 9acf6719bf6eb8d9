// `netlens path` for a terminal: numbered hops, the rule or route each relies on, the verdict. Every
// string from the host or a snapshot (names, rule text) goes through the CLI's one sanitiser, so
// control characters in them cannot move the cursor or recolour the terminal.
import type { PathResult } from '../model/path/types.js';
import { visible } from './terminal-text.js';

const VERDICT = { delivered: '✓ delivered', blocked: '✕ blocked', uncertain: '? uncertain' } as const;

export function formatPath(r: PathResult): string {
  const e = visible;
  const lines = [e(r.title)];
  const width = String(r.hops.length).length;
  r.hops.forEach((h, i) => {
    const n = String(i + 1).padStart(width);
    const mark = h.blocked ? '✕' : ' ';
    lines.push(`${mark} ${n}  ${e(h.label)}`);
    if (h.detail) lines.push(`${' '.repeat(width + 4)}${e(h.detail)}`);
  });
  lines.push(`${VERDICT[r.verdict]}: ${e(r.reason)}`);
  return `${lines.join('\n')}\n`;
}

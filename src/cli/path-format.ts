// `netlens path` for a terminal: numbered hops, the rule or route each relies on, the verdict. Every
// string from the host or a snapshot (names, rule text) is escaped, so control characters in them
// cannot move the cursor or recolour the terminal.
import type { PathResult } from '../model/path/types.js';

// Local until the shared sanitiser of issue 13 lands in src/cli/: C0/C1 controls, DEL, and the
// bidirectional overrides that reorder what a terminal shows.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

const VERDICT = { delivered: '✓ delivered', blocked: '✕ blocked', uncertain: '? uncertain' } as const;

export function formatPath(r: PathResult): string {
  const e = escapeControls;
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

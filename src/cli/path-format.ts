// `netlens path` for a terminal: numbered hops, the rule or route each relies on, the verdict. Every
// string from the host or a snapshot (names, rule text) is escaped, so control characters in them
// cannot move the cursor or recolour the terminal.
import type { PathResult } from '../model/path/types.js';

// Local until the shared sanitiser of issue 13 lands in src/cli/: C0/C1 controls, DEL, and the
// bidirectional overrides that reorder what a terminal shows.
const unsafe = (code: number) =>
  code <= 0x1f ||
  (code >= 0x7f && code <= 0x9f) ||
  (code >= 0x202a && code <= 0x202e) ||
  (code >= 0x2066 && code <= 0x2069);

export function escapeControls(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    if (!unsafe(code)) out += c;
    else out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  }
  return out;
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

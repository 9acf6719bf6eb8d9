// A SnapshotDiff as a person reads it, in a terminal or in markdown (tickets, pull requests): a
// one-line summary, then each container, network, namespace, the host and the firewall with what
// happened to it. Every line is marked with a sign AND a word (`+ added`, `- removed`, `~ changed`),
// so colour is never the only cue. Every string comes from snapshots and is escaped first.
import type { Sentence } from '../model/diff-sentences.js';
import { matchedLines, roleHeadline, sideBySide } from '../model/diff-side-by-side.js';
import { tellDiff, type DiffStory } from '../model/diff-story.js';
import type { Change, SnapshotDiff } from '../model/diff-types.js';
import { visibleDeep } from './terminal-text.js';

export interface FormatOptions {
  color?: boolean;
}

const MARK = { added: '+ added  ', removed: '- removed', changed: '~ changed' } as const;
const MD_MARK = { added: '**+ added**', removed: '**− removed**', changed: '**~ changed**' } as const;
const COLOUR = { added: 32, removed: 31, changed: 33 } as const;

function counts(changes: readonly Change[]): string {
  const n = { added: 0, removed: 0, changed: 0 };
  for (const c of changes) n[c.kind] += 1;
  const total = changes.length;
  return `${total} ${total === 1 ? 'change' : 'changes'} (${n.added} added, ${n.removed} removed, ${n.changed} changed)`;
}

/** What was left out and how to see it, or '' when nothing was. */
export function hiddenNote(diff: SnapshotDiff, how: string): string {
  const { kernel, repeated } = diff.hidden;
  const parts = [
    ...(kernel > 0 ? [`${kernel} made by the kernel`] : []),
    ...(repeated > 0 ? [`${repeated} repeating another change`] : []),
  ];
  return parts.length === 0 ? '' : `hidden: ${parts.join(', ')}; ${how} shows them`;
}

function sides(diff: SnapshotDiff): [string, string] {
  const side = (name: string, s: SnapshotDiff['a']) =>
    `${name}: ${s.label}${s.label === s.host ? '' : ` (${s.host})`}, captured ${s.capturedAt}`;
  return [side('a', diff.a), side('b', diff.b)];
}

/** The lines about a comparison by role: headline, pairs matched under other names. */
function roleLines(diff: SnapshotDiff): string[] {
  const headline = roleHeadline(diff);
  if (headline === null) return [];
  const matched = matchedLines(diff);
  return [headline, ...(matched.length > 0 ? ['Matched by role:', ...matched.map((l) => `  ${l}`)] : [])];
}

const SIDE_BY_SIDE = 'Side by side (expected to differ between hosts; --strict counts them as changes):';

export function formatDiff(original: SnapshotDiff, options: FormatOptions = {}): string {
  const diff = visibleDeep(original);
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const story = tellDiff(diff);
  const out = [...sides(diff), ...roleLines(diff)];
  const note = hiddenNote(diff, '--all');
  const expected = sideBySide(diff);
  const tail = expected.length > 0 ? ['', SIDE_BY_SIDE, ...expected.map((l) => `  ${l}`)] : [];
  if (diff.equal) {
    out.push('', note ? `No differences (${note}).` : 'No differences.', ...tail);
    return `${out.join('\n')}\n`;
  }
  out.push(paint(1, story.summary), `${counts(diff.changes)}${note ? `; ${note}` : ''}`);
  const line = (s: Sentence, indent: string, mark: boolean) => {
    const head = mark ? `${paint(COLOUR[s.kind], MARK[s.kind])}  ` : '';
    const text = [`${indent}${head}${s.text}`];
    if (s.after !== undefined) text.push(`${indent}${mark ? '           ' : ''}  → ${s.after}`);
    return text;
  };
  for (const g of story.groups) {
    out.push('', paint(1, g.title));
    for (const l of g.lines) {
      out.push(...line(l, '  ', true));
      for (const d of l.details) out.push(...line(d, '      ', false));
    }
  }
  out.push(...tail);
  return `${out.join('\n')}\n`;
}

/** Backslash-escapes what markdown would read as formatting or HTML. */
const md = (text: string) => text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);

export function formatDiffMarkdown(original: SnapshotDiff): string {
  const diff = visibleDeep(original);
  const story: DiffStory = tellDiff(diff);
  const [a, b] = sides(diff);
  const out = [`### ${md(story.summary)}`, '', `- ${md(a)}`, `- ${md(b)}`];
  for (const l of roleLines(diff)) out.push(l.startsWith('  ') ? `  - ${md(l.trim())}` : `- ${md(l)}`);
  const note = hiddenNote(diff, '`--all`');
  out.push('', diff.equal ? 'No differences.' : counts(diff.changes));
  if (note) out.push('', `_${note.replace(/^hidden/, 'Hidden')}_`);
  const text = (s: Sentence) => md(s.after === undefined ? s.text : `${s.text} → ${s.after}`);
  for (const g of story.groups) {
    out.push('', `#### ${md(g.title)}`, '');
    for (const l of g.lines) {
      out.push(`- ${MD_MARK[l.kind]} ${text(l)}`);
      for (const d of l.details) out.push(`  - ${text(d)}`);
    }
  }
  const expected = sideBySide(diff);
  if (expected.length > 0) out.push('', `#### ${md(SIDE_BY_SIDE)}`, '', ...expected.map((l) => `- ${md(l)}`));
  return `${out.join('\n')}\n`;
}

// A SnapshotDiff as a change list a person reads in a terminal: grouped by collection, each line marked
// with a sign AND a word (`+ added`, `- removed`, `~ changed`), so colour is never the only cue.
import type { Change, DiffCollection, FieldChange, SnapshotDiff } from '../model/diff-types.js';
import { COLLECTION_ORDER } from '../diff/diff-snapshots.js';
import { visibleDeep } from './terminal-text.js';

export interface FormatOptions {
  color?: boolean;
}

const TITLES: Record<DiffCollection, string> = {
  host: 'Host',
  container: 'Containers',
  network: 'Networks',
  namespace: 'Namespaces',
  interface: 'Interfaces',
  route: 'Routes',
  natFlow: 'NAT flows',
  chain: 'Firewall chains',
  rule: 'Firewall rules',
  finding: 'Findings',
};

const MARK = { added: '+ added  ', removed: '- removed', changed: '~ changed' } as const;
const COLOUR = { added: 32, removed: 31, changed: 33 } as const;
const INLINE_WIDTH = 60;

function value(v: unknown): string {
  if (v === undefined) return '(absent)';
  if (v === null) return 'none';
  if (typeof v === 'string') return v === '' ? '""' : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.map(value).join(', ');
  if (typeof v === 'object') {
    const parts = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${k}: ${Array.isArray(x) ? `[${x.map(value).join(', ')}]` : value(x)}`);
    return `{${parts.join(', ')}}`;
  }
  return typeof v === 'bigint' ? v.toString() : typeof v;
}

function formatField(f: FieldChange, indent: string): string[] {
  const before = value(f.before);
  const after = value(f.after);
  // A part present on one side only (an endpoint, a port) reads as added or removed.
  if (f.before === undefined) return [`${indent}${f.path} (added): ${after}`];
  if (f.after === undefined) return [`${indent}${f.path} (removed): ${before}`];
  if (before.length <= INLINE_WIDTH && after.length <= INLINE_WIDTH)
    return [`${indent}${f.path}: ${before} → ${after}`];
  // Long values (rule lists, whole endpoints) read better one per line.
  const block = (side: string, v: unknown) => {
    const items = Array.isArray(v) && v.length > 0 ? v.map(value) : [value(v)];
    return [`${indent}${f.path} (${side}):`, ...items.map((x) => `${indent}    ${x}`)];
  };
  return [...block('before', f.before), ...block('after', f.after)];
}

function count(changes: Change[], kind: Change['kind']): number {
  return changes.filter((c) => c.kind === kind).length;
}

/** Every string of the diff comes from snapshots and is escaped first, so only our colour codes remain. */
export function formatDiff(original: SnapshotDiff, options: FormatOptions = {}): string {
  const diff = visibleDeep(original);
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const side = (name: string, s: SnapshotDiff['a']) =>
    `${name}: ${s.label}${s.label === s.host ? '' : ` (${s.host})`}, captured ${s.capturedAt}`;
  const out = [side('a', diff.a), side('b', diff.b)];
  if (diff.crossHost)
    out.push('Different hosts: ids, MAC addresses and generated device names are not compared.');
  if (diff.equal) {
    out.push('', 'No differences.');
    return `${out.join('\n')}\n`;
  }
  const n = diff.changes.length;
  out.push(
    `${n} ${n === 1 ? 'change' : 'changes'}: ${count(diff.changes, 'added')} added, ` +
      `${count(diff.changes, 'removed')} removed, ${count(diff.changes, 'changed')} changed`,
  );
  for (const collection of COLLECTION_ORDER) {
    const group = diff.changes.filter((c) => c.collection === collection);
    if (group.length === 0) continue;
    out.push('', paint(1, `${TITLES[collection]} (${group.length})`));
    for (const c of group) {
      out.push(`  ${paint(COLOUR[c.kind], MARK[c.kind])}  ${c.label}`);
      for (const f of c.fields) out.push(...formatField(f, '      '));
    }
  }
  return `${out.join('\n')}\n`;
}

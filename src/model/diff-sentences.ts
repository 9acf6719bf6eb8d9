// Field changes as sentences a person reads: set members added or removed instead of whole lists,
// a container's endpoint as "web: eth0 10.0.0.2 → 10.0.0.3 on appnet", published ports as "publishes".
// Shared by `netlens diff` and the app's change list (browser-safe: no node: imports).
import type { Change, FieldChange } from './diff-types.js';
import { english, text, type Text, type TextCode, type TextParams } from './text/message.js';

export type LineKind = Change['kind'];

export interface Sentence {
  kind: LineKind;
  text: string;
  /** A long value after the arrow, printed on a line of its own by a terminal. */
  after?: string;
  /** `text` as a code the app words in its language (without `subject`'s prefix). */
  words?: Text;
  /** Whose line it is (a container's name): `text` starts with `<subject>: `. */
  subject?: string;
}

/** A sentence made of a coded text (its English is `text`). */
export function said<C extends TextCode>(kind: LineKind, code: C, params: TextParams<C>): Sentence {
  const words = text(code, params);
  return { kind, text: english(words), words };
}

/** A value as text: absent and null read `none`, lists joined, objects as `key: value` pairs. */
export function valueText(v: unknown): string {
  if (v === undefined || v === null) return 'none';
  if (typeof v === 'string') return v === '' ? '""' : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.map(valueText).join(', ');
  if (typeof v === 'object') {
    const parts = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined && x !== null && !(Array.isArray(x) && x.length === 0))
      .map(([k, x]) => `${k} ${valueText(x)}`);
    return parts.length === 0 ? '(empty)' : parts.join(', ');
  }
  return typeof v === 'bigint' ? v.toString() : typeof v;
}

const LONG = 60;

/** `path: before → after`, a set's members as `+ x, y; − z`, one-sided parts as added or removed. */
export function fieldSentence(f: FieldChange, subject = f.path): Sentence {
  if (f.before === undefined)
    return said('added', 'story.fieldAdded', { subject, value: valueText(f.after) });
  if (f.after === undefined)
    return said('removed', 'story.fieldRemoved', { subject, value: valueText(f.before) });
  if (f.added !== undefined || f.removed !== undefined) {
    const parts = [
      ...(f.added?.length ? [`+ ${valueText(f.added)}`] : []),
      ...(f.removed?.length ? [`− ${valueText(f.removed)}`] : []),
    ];
    return { kind: 'changed', text: `${subject}: ${parts.join('; ')}` };
  }
  const before = valueText(f.before);
  const after = valueText(f.after);
  if (before.length + after.length <= 2 * LONG)
    return said('changed', 'story.fieldChanged', { subject, before, after });
  const words = wordDiff(before, after);
  if (words) return { kind: 'changed', text: `${subject}: ${words}` };
  return { kind: 'changed', text: `${subject}: ${before}`, after };
}

/**
 * Two long texts (rule lines) that differ in a few words, as `… 10.0.0.3/32 → 10.0.0.7/32 …`: the
 * words from the first difference to the last, or null when that part is long itself.
 */
export function wordDiff(before: string, after: string): string | null {
  const x = before.split(' ');
  const y = after.split(' ');
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head += 1;
  let tail = 0;
  while (
    tail < x.length - head &&
    tail < y.length - head &&
    x[x.length - 1 - tail] === y[y.length - 1 - tail]
  )
    tail += 1;
  const from = x.slice(head, x.length - tail).join(' ');
  const to = y.slice(head, y.length - tail).join(' ');
  if (from.length > LONG || to.length > LONG) return null;
  const dots = (n: number) => (n > 0 ? '… ' : '');
  return `${dots(head)}${from || '(nothing)'} → ${to || '(nothing)'}${tail > 0 ? ' …' : ''}`;
}

/** `endpoints.appnet.ipv4` → ['endpoints', 'appnet', 'ipv4'] (bracketed keys unquoted). */
export function pathParts(path: string): string[] {
  const parts: string[] = [];
  const re = /([^.[\]]+)|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of path.matchAll(re)) parts.push(m[2] !== undefined ? (JSON.parse(m[2]) as string) : m[1]!);
  return parts;
}

const ifName = (id: unknown) => (typeof id === 'string' ? id.slice(id.lastIndexOf('/') + 1) : null);

/** One endpoint's field changes (all on the same network) as one sentence. */
function endpointSentence(network: string, fields: { sub: string; f: FieldChange }[]): Sentence {
  const whole = fields.find((x) => x.sub === '');
  if (whole) {
    const e = (whole.f.after ?? whole.f.before) as Record<string, unknown> | undefined;
    const where = [ifName(e?.interface), e?.ipv4 ?? e?.ipv6].filter((x) => x !== null && x !== undefined);
    const at = where.length > 0 ? ` (${where.map(valueText).join(' ')})` : '';
    return whole.f.before === undefined
      ? said('added', 'story.connected', { network, at })
      : said('removed', 'story.disconnected', { network, at });
  }
  const of = (sub: string) => fields.find((x) => x.sub === sub)?.f;
  const iface = of('interface');
  const name =
    ifName(iface?.after) ?? ifName(iface?.before) ?? fields.find((x) => x.f.subject)?.f.subject ?? 'address';
  const addresses = ['ipv4', 'ipv6'].flatMap((sub) => {
    const f = of(sub);
    return f ? [`${name} ${valueText(f.before)} → ${valueText(f.after)}`] : [];
  });
  if (addresses.length > 0) {
    // The MAC, prefix, gateway and interface follow the address; say only what stays meaningful.
    const gateway = of('gateway');
    const extra =
      gateway && gateway.before != null && gateway.after != null
        ? `${valueText(gateway.before)} → ${valueText(gateway.after)}`
        : '';
    return said('changed', 'story.addressesOn', { addresses: addresses.join(', '), network, gateway: extra });
  }
  const rest = fields.map(({ sub, f }) => fieldSentence(f, sub).text);
  return said('changed', 'story.onNetwork', { network, rest: rest.join('; ') });
}

/** What `-p` asked for (`requested.tcp/80`), which Docker may not have published (internal networks). */
function requestSentence(port: string, f: FieldChange): Sentence {
  if (f.before === undefined) return said('added', 'story.asksPublish', { port, on: valueText(f.after) });
  if (f.after === undefined) return said('removed', 'story.noLongerAsks', { port, was: valueText(f.before) });
  return fieldSentence(f, `${port} asked on`);
}

function portSentence(port: string, f: FieldChange): Sentence {
  if (f.before === undefined) return said('added', 'story.publishes', { port, on: valueText(f.after) });
  if (f.after === undefined)
    return said('removed', 'story.noLongerPublishes', { port, was: valueText(f.before) });
  return fieldSentence(f, `${port} published on`);
}

const CONTAINER_FIELDS: Record<string, string> = {
  state: 'state',
  image: 'image',
  id: 'id',
  networkMode: 'network mode',
  compose: 'compose service',
  namespace: 'namespace',
  pid: 'pid',
};

/** A changed container's fields as sentences, each starting with the container's name. */
export function containerSentences(name: string, fields: readonly FieldChange[]): Sentence[] {
  const out: Sentence[] = [];
  const ports: Sentence[] = [];
  const endpoints = new Map<string, { sub: string; f: FieldChange }[]>();
  for (const f of fields) {
    const [top, key, ...sub] = pathParts(f.path);
    if (top === 'endpoints' && key !== undefined) {
      const list = endpoints.get(key) ?? [];
      if (list.length === 0) endpoints.set(key, list);
      list.push({ sub: sub.join('.'), f });
    } else if (top === 'ports' && key !== undefined) ports.push(portSentence(key, f));
    else if (top === 'requested' && key !== undefined) ports.push(requestSentence(key, f));
    else if (top === 'state' && typeof f.before === 'string' && typeof f.after === 'string')
      out.push({ kind: 'changed', text: `${f.before} → ${f.after}` });
    else out.push(fieldSentence(f, CONTAINER_FIELDS[f.path] ?? f.path));
  }
  for (const [network, list] of endpoints) out.push(endpointSentence(network, list));
  // What happened to the container first, then its addresses, then its ports.
  return [...out, ...ports].map((s) => ({ ...s, text: `${name}: ${s.text}`, subject: name }));
}

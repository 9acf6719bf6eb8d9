// Inputs for the fuzz harness: real recorded outputs (the seeds) changed by a few random edits —
// bytes deleted, duplicated or replaced, the text cut short, two seeds spliced, and insertions drawn
// from what breaks parsers (quotes, brackets, control characters, prototype names, huge numbers).
import fc from 'fast-check';

const TOKENS = [
  '"',
  '\\',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '\u0000',
  '\u001b',
  '\u009b',
  '\u202e',
  '\ufffd',
  '\ud800',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '"__proto__"',
  '"constructor"',
  '-1',
  '0',
  '1e309',
  '-0',
  '99999999999999999999',
  '4294967296',
  'NaN',
  'null',
  'true',
  '""',
  '[]',
  '{}',
  '-A',
  '-j',
  '!',
  '--dport',
  '-m',
  '@@',
  '@@netlens ',
  '*nat',
  'COMMIT',
  ':DOCKER - [0:0]',
  'dnat to',
  'ip saddr',
  'jump',
  '::',
  '1.2.3.4/33',
  'ssh://',
  '@',
  '[::1]',
];

type Edit =
  | { op: 'delete'; at: number; len: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'replace'; at: number; len: number; text: string }
  | { op: 'duplicate'; at: number; len: number; to: number }
  | { op: 'truncate'; at: number }
  | { op: 'splice'; at: number; other: number; from: number }
  | { op: 'word'; at: number; text: string };

const where = fc.double({ min: 0, max: 1, noNaN: true });
const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: where, len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('insert' as const), at: where, text }),
  fc.record({ op: fc.constant('replace' as const), at: where, len: fc.integer({ min: 1, max: 8 }), text }),
  fc.record({
    op: fc.constant('duplicate' as const),
    at: where,
    len: fc.integer({ min: 1, max: 256 }),
    to: where,
  }),
  fc.record({ op: fc.constant('truncate' as const), at: where }),
  fc.record({ op: fc.constant('splice' as const), at: where, other: fc.nat(), from: where }),
  // A whole word or JSON string replaced: reaches the lookups (`-j constructor`, `"family":"__proto__"`).
  fc.record({ op: fc.constant('word' as const), at: where, text }),
);

const WORD = /[A-Za-z0-9_.:/-]+/g;

function apply(input: string, e: Edit, seeds: readonly string[]): string {
  const pos = (f: number, s = input) => Math.floor(f * s.length);
  const at = pos(e.at);
  switch (e.op) {
    case 'delete':
      return input.slice(0, at) + input.slice(at + e.len);
    case 'insert':
      return input.slice(0, at) + e.text + input.slice(at);
    case 'replace':
      return input.slice(0, at) + e.text + input.slice(at + e.len);
    case 'duplicate': {
      const piece = input.slice(at, at + e.len);
      const to = pos(e.to);
      return input.slice(0, to) + piece + input.slice(to);
    }
    case 'truncate':
      return input.slice(0, at);
    case 'splice': {
      const other = seeds[e.other % seeds.length] ?? '';
      return input.slice(0, at) + other.slice(pos(e.from, other));
    }
    case 'word': {
      WORD.lastIndex = at;
      const m = WORD.exec(input);
      return m ? input.slice(0, m.index) + e.text + input.slice(m.index + m[0].length) : input;
    }
  }
}

/** Values a JSON leaf or key is replaced with: the ones parsers trip on. */
const ODD_VALUES: unknown[] = [
  '__proto__',
  'constructor',
  'toString',
  '',
  '\u001b[2J',
  -1,
  0.5,
  2 ** 53,
  1e300,
  null,
  true,
  [],
  {},
  'x'.repeat(5000),
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every place in a JSON value: [container, key] pairs, depth first. */
function places(value: Json, out: [Json[] | { [key: string]: Json }, string | number][] = []) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([value, i]);
      places(v, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([value, k]);
      places(v, out);
    }
  }
  return out;
}

/** Structural edits of a JSON seed: a value replaced by an odd one, or a key renamed. */
function jsonEdit(seed: string, edits: [number, number, boolean][]): string {
  let value: Json;
  try {
    value = JSON.parse(seed) as Json;
  } catch {
    return seed;
  }
  for (const [where, what, renameKey] of edits) {
    const all = places(value);
    const place = all[where % Math.max(all.length, 1)];
    if (!place) break;
    const [container, key] = place;
    const odd = structuredClone(ODD_VALUES[what % ODD_VALUES.length]) as Json;
    if (renameKey && !Array.isArray(container) && typeof odd === 'string') {
      const moved = container[key as string] ?? null;
      delete container[key as string];
      Object.defineProperty(container, odd, {
        value: moved,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else (container as Record<string | number, Json>)[key] = odd;
  }
  return JSON.stringify(value);
}

/** A seed, sometimes as it is, mostly with 1–8 edits of its text or (JSON seeds) of its structure. */
export function mutated(seeds: readonly string[]): fc.Arbitrary<string> {
  if (seeds.length === 0) throw new Error('fuzz: a target needs at least one seed');
  const seed = fc.nat({ max: seeds.length - 1 });
  const textual = fc
    .tuple(seed, fc.array(edit, { minLength: 0, maxLength: 8 }))
    .map(([i, edits]) => edits.reduce((s, e) => apply(s, e, seeds), seeds[i] ?? ''));
  const structural = fc
    .tuple(seed, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 4 }))
    .map(([i, edits]) => jsonEdit(seeds[i] ?? '', edits));
  return fc.oneof(textual, structural);
}

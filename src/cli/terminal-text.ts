// The one sanitiser for text the CLI prints from data (snapshot strings, file names, error messages):
// characters a terminal acts on instead of showing are written as `\uXXXX`. That covers C0 (ESC starts
// every escape sequence; CR and BS overwrite what was printed), DEL, C1 (0x9b is a one-byte CSI), the
// bidi embeddings, overrides and isolates that reorder what a line seems to say, and the Unicode line
// and paragraph separators. `\uXXXX` is also a JSON escape, so JSON output passed through it stays the
// same JSON: JSON.stringify leaves C1, bidi and separators raw, and only ever inside strings.

/* eslint-disable no-control-regex -- control characters are exactly what is matched */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// The same set without the line feed.
const UNSAFE_BUT_NEWLINE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

const escape = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One value from data, for inside a line: every control character escaped, newlines included. */
export function visible(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** Text about to be written to a terminal: as visible(), but its own line breaks kept. */
export function visibleLines(text: string): string {
  return text.replace(UNSAFE_BUT_NEWLINE, escape);
}

/** A copy of a JSON-like value with visible() applied to every string in it (keys too). */
export function visibleDeep<T>(value: T): T {
  return mapStrings(value) as T;
}

function mapStrings(value: unknown): unknown {
  if (typeof value === 'string') return visible(value);
  if (Array.isArray(value)) return value.map(mapStrings);
  if (value instanceof Map)
    return new Map([...value].map(([k, v]) => [mapStrings(k), mapStrings(v)] as const));
  if (typeof value === 'object' && value !== null) {
    // A null prototype, so a key named `__proto__` stays an ordinary key.
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) out[visible(k)] = mapStrings(v);
    return out;
  }
  return value;
}

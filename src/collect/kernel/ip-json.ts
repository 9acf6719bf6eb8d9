// Reading iproute2's `-json` output, which is not always JSON: it writes control characters in names
// raw (an interface renamed to `a\x1bb` by anyone with NET_ADMIN in a container), and output cut short
// ends mid-item. A strict JSON.parse would lose the whole namespace over one name; here raw control
// characters inside strings are escaped first (the value is kept exactly), and if the array still does
// not parse, each top-level item is parsed on its own so every well-formed one is kept.

export interface IpJsonRead {
  items: unknown[];
  /** How many strings held raw control characters (escaped to read them). */
  escaped: number;
  /** How many items were skipped because they were not readable JSON. */
  skipped: number;
  /** Why the text (or its first bad item) was unreadable; null when all was read. */
  error: string | null;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Escapes raw U+0000–U+001F inside JSON strings as \u00XX; the rest of the text is left as it is. */
export function escapeRawControls(text: string): { text: string; escaped: number } {
  let out = '';
  let from = 0;
  let escaped = 0;
  let inString = false;
  let counted = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (!inString) {
      if (code === 0x22) [inString, counted] = [true, false];
      continue;
    }
    if (code === 0x5c) i += 1;
    else if (code === 0x22) inString = false;
    else if (code < 0x20) {
      out += `${text.slice(from, i)}\\u${code.toString(16).padStart(4, '0')}`;
      from = i + 1;
      if (!counted) [escaped, counted] = [escaped + 1, true];
    }
  }
  return { text: from === 0 ? text : out + text.slice(from), escaped };
}

/** The top-level items of a JSON array as text slices, by brackets outside strings (a cut-short last item included). */
function arrayItems(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  const close = (end: number) => {
    if (start >= 0) items.push(text.slice(start, end).trim());
    start = -1;
  };
  for (let i = text.indexOf('[') + 1; i > 0 && i < text.length; i += 1) {
    const ch = text[i] ?? '';
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (depth === 0 && ch === ',') close(i);
    else if (depth === 0 && (ch === ']' || ch === '}')) {
      close(i);
      return items;
    } else {
      if (depth === 0 && start < 0 && !/\s/.test(ch)) start = i;
      if (ch === '"') inString = true;
      else if (ch === '{' || ch === '[') depth += 1;
      else if (ch === '}' || ch === ']') depth -= 1;
    }
  }
  close(text.length);
  return items;
}

/** Reads one JSON array from iproute2 as far as it can (see the header). */
export function readIpJson(json: string): IpJsonRead {
  const { text, escaped } = escapeRawControls(json);
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value)) return { items: value as unknown[], escaped, skipped: 0, error: null };
    return { items: [], escaped, skipped: 0, error: 'expected a JSON array' };
  } catch (error) {
    if (!text.trimStart().startsWith('[')) return { items: [], escaped, skipped: 0, error: messageOf(error) };
  }
  const items: unknown[] = [];
  let skipped = 0;
  let first: string | null = null;
  for (const item of arrayItems(text)) {
    try {
      items.push(JSON.parse(item));
    } catch (error) {
      skipped += 1;
      first ??= messageOf(error);
    }
  }
  return { items, escaped, skipped, error: first ?? (skipped === 0 ? null : 'unreadable items') };
}

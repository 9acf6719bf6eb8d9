// A collector warning made from a coded text: the English for the CLI and JSON, the code for the app.
import type { Warning } from './snapshot.js';
import { english, text, type TextCode, type TextParams } from './text/message.js';

/** Longest string parameter a stored text may hold (TextSchema): longer details are cut. */
const MAX_PARAM = 4000;

export function warning<C extends TextCode>(
  part: Warning['part'],
  code: string,
  textCode: C,
  params: TextParams<C>,
): Warning {
  const clamped = Object.fromEntries(
    Object.entries(params as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === 'string' && v.length > MAX_PARAM ? `${v.slice(0, MAX_PARAM)}…` : v,
    ]),
  ) as TextParams<C>;
  const t = text(textCode, clamped);
  // Stored texts are looser than the codes (TextSchema): params of strings and numbers.
  return { part, code, message: english(t), text: t as Warning['text'] };
}

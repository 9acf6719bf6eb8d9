// Text the shared core makes (packet path, findings, the change story, collector warnings) as a code with typed
// parameters beside its English. The CLI and JSON keep the English; the app words the code in the
// user's language (renderer/src/lib/i18n/*-model.ts) and falls back to the English for a code it
// does not know (a newer back end, an older snapshot file).
import { z } from 'zod';
import { PATH_TEXT } from './path-text.js';
import { FINDING_TEXT } from './finding-text.js';
import { STORY_TEXT } from './story-text.js';
import { WARNING_TEXT } from './warning-text.js';

/** Every code with its English wording; a language of the app has one function per code. */
export const MODEL_TEXT = { ...PATH_TEXT, ...FINDING_TEXT, ...STORY_TEXT, ...WARNING_TEXT };

export type TextCode = keyof typeof MODEL_TEXT;
export type TextParams<C extends TextCode> = Parameters<(typeof MODEL_TEXT)[C]>[0];
export type Text<C extends TextCode = TextCode> = C extends TextCode
  ? { code: C; params: TextParams<C> }
  : never;
/** A language's wording of every code (the app's catalogues implement it). */
export type ModelWords = { [C in TextCode]: (p: TextParams<C>) => string };

export function text<C extends TextCode>(code: C, params: TextParams<C>): Text<C> {
  return { code, params } as Text<C>;
}

/** The words of a text in a language's table; null for a code the table does not have. */
export function wordText(words: Record<string, unknown>, t: { code: string; params: object }): string | null {
  const say = Object.hasOwn(words, t.code) ? words[t.code] : undefined;
  if (typeof say !== 'function') return null;
  const params = t.params as Record<string, unknown>;
  const out = (say as (p: Record<string, unknown>) => unknown)(params);
  return typeof out === 'string' ? out : null;
}

/** The English of a text, as the CLI prints it. */
export function english(t: Text): string {
  return wordText(MODEL_TEXT, t) ?? t.code;
}

/** A stored text (findings in snapshot files): parameters are short strings or numbers. */
export const TextSchema = z.object({
  code: z.string().max(80),
  params: z.record(z.string().max(80), z.union([z.string().max(4096), z.number()])),
});

// The shared core's sentences (packet path, findings, change story) in the app's language: a text's
// code worded by the current catalogue, else the English the core made (a code this app does not
// know: a newer back end, a file from another version).
import { wordText } from '../../../src/model/text/message.js';
import { words } from './i18n/words.js';
import type { ModelWords } from '../../../src/model/text/message.js';

export interface CodedText {
  code: string;
  params: object;
}

/** `model`: the language's table (a component passes `i18n.t.model` so it words again on a switch). */
export function say(text: CodedText | undefined, english: string, model: ModelWords = words().model): string {
  if (!text) return english;
  try {
    return wordText(model, text) ?? english;
  } catch {
    // parameters that do not fit the wording (a file from another version): its English
    return english;
  }
}

/** A packet path's verdict reason: the end's reason, then what the snapshot does not know. */
export function pathReason(
  path: {
    reason: string;
    reasonText?: CodedText;
    missingText?: CodedText[];
    missing: string[];
    verdict: string;
  },
  model: ModelWords = words().model,
): string {
  if (!path.reasonText) return path.reason;
  const reason = say(path.reasonText, path.reason, model);
  const missing = path.missingText ?? [];
  if (path.verdict !== 'uncertain' || missing.length === 0) return reason;
  const facts = missing.map((m, i) => say(m, path.missing[i] ?? '', model)).join('; ');
  return say({ code: 'path.notKnown', params: { reason, missing: facts } }, path.reason, model);
}

/** A change story's one-line summary. */
export function storySummary(
  story: { summary: string; summaryText?: CodedText[] },
  model: ModelWords = words().model,
): string {
  const parts = story.summaryText;
  if (!parts || parts.length === 0) return story.summary;
  const worded = parts.map((p) => say(p, '', model));
  return worded.some((w) => w === '') ? story.summary : worded.join(', ');
}

/** One line of a change list (`subject: ` before the worded sentence when it has one). */
export function saySentence(
  s: { text: string; words?: CodedText; subject?: string },
  model: ModelWords = words().model,
): string {
  if (!s.words) return s.text;
  const worded = say(s.words, '', model);
  if (worded === '') return s.text;
  return s.subject === undefined ? worded : `${s.subject}: ${worded}`;
}

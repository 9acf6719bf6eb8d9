// A finding's words: the English message the CLI prints and the code with parameters the app words
// in its language (src/model/text/finding-text.ts).
import { english, type Text } from '../model/text/message.js';

export function said(t: Text): {
  message: string;
  text: { code: string; params: Record<string, string | number> };
} {
  return { message: english(t), text: t as { code: string; params: Record<string, string | number> } };
}

// One catalogue per language with the same keys (the typecheck enforces it; this checks the values):
// Korean strings are Korean, functions take the same arguments, and the browser's language is followed.
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/lib/i18n/en.js';
import { ko } from '../../../renderer/src/lib/i18n/ko.js';
import { localeFor } from '../../../renderer/src/lib/i18n/words.js';

type Tree = { [key: string]: unknown };
const HANGUL = /[\uac00-\ud7af]/;

/** Every leaf as [path, value]. */
function leaves(tree: Tree, path = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    v && typeof v === 'object'
      ? leaves(v as Tree, `${path}${k}.`)
      : [[`${path}${k}`, v] as [string, unknown]],
  );
}

/** A sample call of a message function: numbers for counts, words for the rest. */
function sample(f: (...args: never[]) => unknown): unknown {
  const call = f as (...a: unknown[]) => unknown;
  const args = Array.from({ length: f.length }, (_, i) => (i === 0 ? 3 : 'x'));
  try {
    return call(...args);
  } catch {
    // A list where the first argument is one (the parts of a sentence).
    return call(['x', 'y'], ...args.slice(1));
  }
}

describe('catalogues', () => {
  const enLeaves = new Map(leaves(en));
  const koLeaves = new Map(leaves(ko));

  it('have the same keys and kinds of value', () => {
    expect([...koLeaves.keys()].sort()).toEqual([...enLeaves.keys()].sort());
    for (const [key, value] of enLeaves) {
      const other = koLeaves.get(key);
      expect(typeof other, key).toBe(typeof value);
      if (typeof value === 'function') expect((other as () => unknown).length, key).toBe(value.length);
    }
  });

  it('say things in Korean in the Korean catalogue', () => {
    const texts = [...koLeaves].map(([key, v]) => [
      key,
      typeof v === 'function' ? String(sample(v as never)) : String(v),
    ]);
    const english = texts.filter(([, t]) => !HANGUL.test(t!));
    // A few are the same in both (symbols, technical names such as "A (before)"-like pairs, verdict glyphs).
    expect(english.length / texts.length, english.map(([k, t]) => `${k}=${t}`).join('\n')).toBeLessThan(0.05);
  });
});

describe('the browser language', () => {
  it('picks Korean for any ko locale, English otherwise', () => {
    expect(localeFor(['ko-KR'])).toBe('ko');
    expect(localeFor(['ko'])).toBe('ko');
    expect(localeFor(['en-US', 'ko-KR'])).toBe('en');
    expect(localeFor(['fr-FR', 'ko-KR'])).toBe('ko');
    expect(localeFor(['de-DE'])).toBe('en');
  });
});

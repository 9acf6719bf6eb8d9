// The legend explains every line style the layout can draw, and every idea it names has words in
// both languages.
import { describe, expect, it } from 'vitest';
import { CONCEPTS, LINES, SHAPES } from '../../../renderer/src/lib/legend.js';
import type { CableKind } from '../../../renderer/src/lib/layout/types.js';
import { en } from '../../../renderer/src/lib/i18n/en.js';
import { ko } from '../../../renderer/src/lib/i18n/ko.js';

describe('legend', () => {
  it('has an entry for every cable kind, both NAT flows and the macvlan uplink', () => {
    const cables: Record<CableKind, true> = {
      veth: true,
      parent: true,
      logical: true,
      bundle: true,
      pair: true,
    };
    const keys = new Set(LINES.map((l) => l.key));
    for (const k of [...Object.keys(cables), 'dnat', 'masquerade', 'uplink'])
      expect(keys.has(k as never), k).toBe(true);
  });

  it('points every shape and line at an idea that is explained in English and Korean', () => {
    for (const { concept } of [...SHAPES, ...LINES]) expect(CONCEPTS).toContain(concept);
    for (const c of CONCEPTS) {
      expect(en.concepts[c].text.length, c).toBeGreaterThan(150);
      expect(ko.concepts[c].text, c).toMatch(/[\uac00-\ud7af]/);
    }
  });
});

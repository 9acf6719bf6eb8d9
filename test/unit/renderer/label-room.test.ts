// Labels in the picture keep what matters whole: a bridge's address is not cut for its device name,
// and a container's name stays clear of its box's corner tag (in either language).
import { afterEach, describe, expect, it } from 'vitest';
import { computeLayout } from '../../../renderer/src/lib/layout/compute.js';
import { fitParts, textWidth } from '../../../renderer/src/lib/layout/metrics.js';
import { useLocale, words } from '../../../renderer/src/lib/i18n/words.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

afterEach(() => useLocale('en'));

describe('label room', () => {
  it('leaves out whole parts, in the order given, before cutting the last one left', () => {
    expect(fitParts(['shop', 'br-5a22b0b226d0', '172.18.132.1/16'], [1, 0], 1000, 10)).toBe(
      'shop · br-5a22b0b226d0 · 172.18.132.1/16',
    );
    const room = textWidth('shop · 172.18.132.1/16', 10);
    expect(fitParts(['shop', 'br-5a22b0b226d0', '172.18.132.1/16'], [1, 0], room, 10)).toBe(
      'shop · 172.18.132.1/16',
    );
    expect(fitParts(['shop', 'br-5a22b0b226d0', '172.18.132.1/16'], [1, 0], room - 1, 10)).toBe(
      '172.18.132.1/16',
    );
    expect(fitParts(['br-5a22b0b226d0', '172.18.132.1/16'], [0], 50, 10)).toMatch(/^172\.\d.*…$/);
  });

  it("shows a Compose network's bridge address whole on its second line", () => {
    const s = buildSnapshot({
      networks: [{ name: 'demo-shop_back', subnet: '172.18.0.0/16' }],
      containers: [
        {
          name: 'demo-shop-db-1',
          networks: ['demo-shop_back'],
          compose: { project: 'demo-shop', service: 'db' },
        },
      ],
    });
    const bar = computeLayout(s).bars.find((b) => b.network === 'demo-shop_back');
    expect(bar?.sublabel).not.toContain('…');
    expect(bar?.sublabel).toMatch(/\d+\.\d+\.\d+\.\d+\/\d+$/);
  });

  const sharing = (name: string) =>
    buildSnapshot({
      networks: [{ name: 'front' }],
      containers: [
        { name, networks: ['front'] },
        { name: 'worker', networkMode: `container:${name}` },
      ],
    });
  /** Where BoxLayer starts drawing the tag (right-aligned at w - 8). */
  const tagStart = (w: number, tag: string) => w - 8 - textWidth(tag.toUpperCase(), 9);

  for (const locale of ['en', 'ko'] as const)
    it(`never lets a shared box's first name and its tag touch: the tag gives way (${locale})`, () => {
      useLocale(locale);
      const tag = words().drawing.sharedNetns;
      for (const name of ['api', 'demo-shop-api-1', 'demo-shop-api-1-with-a-much-longer-name']) {
        const box = computeLayout(sharing(name)).boxes.find((b) => b.shared);
        const first = box?.containers[0];
        expect(first?.label).toBe(name.length > 25 ? first?.label : name);
        if (box?.tag) expect(12 + textWidth(first?.label ?? '', 14)).toBeLessThan(tagStart(box.w, tag) - 4);
      }
      expect(computeLayout(sharing('api')).boxes.find((b) => b.shared)?.tag).toBe(tag);
    });

  it("shortens a stopped box's name for its state, which always shows", () => {
    const s = buildSnapshot({
      networks: [{ name: 'front' }],
      containers: [{ name: 'a-stopped-container-with-a-long-name', networks: ['front'], state: 'exited' }],
    });
    const box = computeLayout(s).boxes.find((b) => b.kind === 'stopped');
    expect(box?.tag).toBe('exited');
    const label = box?.containers[0]?.label ?? '';
    expect(label.endsWith('…')).toBe(true);
    expect(12 + textWidth(label, 14)).toBeLessThan(tagStart(box?.w ?? 0, 'exited') - 4);
  });
});

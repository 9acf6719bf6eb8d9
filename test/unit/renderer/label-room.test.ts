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

  for (const locale of ['en', 'ko'] as const)
    it(`keeps a shared box's first name clear of its tag (${locale})`, () => {
      useLocale(locale);
      const s = buildSnapshot({
        networks: [{ name: 'front' }],
        containers: [
          { name: 'demo-shop-api-1-with-a-longer-name', networks: ['front'] },
          { name: 'worker', networkMode: 'container:demo-shop-api-1-with-a-longer-name' },
        ],
      });
      const box = computeLayout(s).boxes.find((b) => b.shared);
      const first = box?.containers[0];
      expect(first?.label.endsWith('…')).toBe(true);
      // BoxLayer draws the name from x 12 and the tag right-aligned at w - 8.
      const tagStart = (box?.w ?? 0) - 8 - textWidth(words().drawing.sharedNetns.toUpperCase(), 9);
      expect(12 + textWidth(first?.label ?? '', 14)).toBeLessThan(tagStart - 4);
    });
});

// Compose projects in the picture: networks go by their Compose name, a project's boxes carry its
// colour and can sit together, and `project:` finds a project.
import { describe, expect, it } from 'vitest';
import { computeLayout } from '../../../renderer/src/lib/layout/compute.js';
import { composeName, projectSlot } from '../../../renderer/src/lib/compose.js';
import { hiddenBy, search } from '../../../renderer/src/lib/search.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

const shop = (service: string) => ({ project: 'shop', service });
const s = buildSnapshot({
  networks: [{ name: 'shop_front' }, { name: 'shop_back', internal: true }, { name: 'misc' }],
  containers: [
    {
      name: 'shop-proxy-1',
      networks: ['shop_front'],
      ports: [{ hostPort: 8080, containerPort: 80 }],
      compose: shop('proxy'),
    },
    { name: 'shop-api-1', networks: ['shop_front', 'shop_back'], compose: shop('api') },
    { name: 'shop-worker-1', networkMode: 'container:shop-api-1', compose: shop('worker') },
    { name: 'shop-db-1', networks: ['shop_back'], compose: shop('db') },
    { name: 'a-tool', networks: ['misc'] },
    { name: 'b-tool', networks: ['shop_front'] },
  ],
});

describe('compose projects', () => {
  it('names a project’s networks by their Compose name, the project leading the second line', () => {
    const l = computeLayout(s);
    const front = l.bars.find((b) => b.network === 'shop_front')!;
    expect(front.label).toBe('front');
    expect(front.sublabel.startsWith('shop · ')).toBe(true);
    expect(front.project).toBe('shop');
    expect(l.bars.find((b) => b.network === 'shop_back')!.label).toMatch(/^back/);
    expect(l.bars.find((b) => b.network === 'misc')!.label).toBe('misc');
    expect(composeName({ ...s.networks[0]!, name: 'shop_' }, new Set(['shop']))).toBeNull();
  });

  it('marks the boxes of a project, shows the project on their second line, and can keep them together', () => {
    const l = computeLayout(s);
    const api = l.boxes.find((b) => b.id === 'container:shop-api-1')!;
    expect(api.project).toBe('shop');
    expect(api.containers[0]!.detail.startsWith('shop · ')).toBe(true);
    expect(l.boxes.find((b) => b.id === 'container:a-tool')!.project).toBeNull();
    const order = (g: boolean) =>
      computeLayout(s, { groupByProject: g })
        .boxes.filter((b) => b.column === 'net:shop_front')
        .map((b) => b.id);
    // By name b-tool comes first; grouped, the project's boxes come first, together.
    expect(order(false)).toEqual(['container:b-tool', 'container:shop-api-1', 'container:shop-proxy-1']);
    expect(order(true)).toEqual(['container:shop-api-1', 'container:shop-proxy-1', 'container:b-tool']);
    expect(projectSlot('shop')).toBe(projectSlot('shop'));
  });

  it('finds a project with project:, and filters the picture to it', () => {
    const hits = search(s, 'project:shop');
    expect(hits[0]).toMatchObject({ kind: 'project', label: 'shop' });
    expect(hits.filter((h) => h.kind === 'container').map((h) => h.id)).toEqual([
      'shop-api-1',
      'shop-db-1',
      'shop-proxy-1',
      'shop-worker-1',
    ]);
    const hidden = hiddenBy(s, 'project:shop');
    expect(hidden.has('container:a-tool')).toBe(true);
    expect(hidden.has('container:shop-api-1')).toBe(false);
    expect(hiddenBy(s, 'project:sho').has('container:shop-api-1')).toBe(true);
  });
});

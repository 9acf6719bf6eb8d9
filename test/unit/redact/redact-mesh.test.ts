// Sharing a Swarm node's snapshot: the routing mesh's task addresses and rule text are redacted like
// every address; its vocabulary (IPVS state, scheduler, forwarding method) is kept, so it still parses
// even where a container is named after one of those words.
import { describe, expect, it } from 'vitest';
import { redactSnapshot } from '../../../src/redact/redact-snapshot.js';
import { meshNode, meshRead } from '../../support/mesh-snapshot.js';

describe('redacting the routing mesh', () => {
  it('replaces addresses in the IPVS table and the marks, keeps the words', () => {
    const s = meshNode(meshRead());
    for (const [i, name] of ['read', 'rr', 'Masq'].entries())
      s.containers.push({ ...structuredClone(s.containers[0]!), name, id: `${'f'.repeat(63)}${i}` });
    const out = redactSnapshot(s, 'k'.repeat(32));
    const mesh = out.namespaces.find((n) => n.mesh)?.mesh;
    expect(mesh?.ipvs).toBe('read');
    expect(mesh?.services[0]).toMatchObject({
      scheduler: 'rr',
      destinations: [{ forward: 'Masq' }, { forward: 'Masq' }],
    });
    const text = JSON.stringify(mesh);
    for (const address of ['10.0.0.7', '10.0.0.8', '10.0.0.2']) expect(text).not.toContain(address);
    expect(mesh?.marks?.map((m) => m.mark)).toEqual(meshRead().marks?.map((m) => m.mark));
  });
});

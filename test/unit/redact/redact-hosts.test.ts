// Redaction of what Swarm and the engine add to a snapshot: VTEP addresses, service names, task nodes
// and addresses are replaced; the vocabulary (roles, modes, engine) is kept.
import { describe, expect, it } from 'vitest';
import { Snapshot } from '../../../src/model/snapshot.js';
import { newRedactionKey, redactSnapshot } from '../../../src/redact/index.js';
import { buildSnapshot, iface, namespace } from '../../support/snapshot-factory/index.js';

describe('redacting Swarm and engine facts', () => {
  const s = buildSnapshot({});
  s.host.engine = 'docker';
  s.host.swarm = { nodeId: 'kytr7pb7xdcz8llp19bzufeyf', nodeAddr: '192.0.2.10', manager: true };
  s.namespaces.push(namespace('overlay:payments', { role: 'overlay', network: 'payments' }));
  s.interfaces.push(
    iface('overlay:payments', 'vxlan0', {
      kind: 'vxlan',
      vxlan: {
        vni: 4097,
        local: '192.0.2.10',
        port: 4789,
        peers: [{ mac: '02:42:0a:00:09:07', dst: '192.0.2.11' }],
      },
    }),
  );
  s.services = [
    {
      id: 's1',
      name: 'billing-api',
      mode: 'replicated',
      replicas: 1,
      ports: [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }],
      networks: [{ network: 'payments', vip: '10.0.9.2/24' }],
      tasks: [
        {
          id: 't1',
          slot: 1,
          node: 'db-node-7',
          state: 'running',
          desiredState: 'running',
          container: null,
          addresses: ['payments=10.0.9.3/24'],
        },
      ],
    },
  ];
  const text = JSON.stringify(redactSnapshot(Snapshot.parse(s), newRedactionKey()));

  it('replaces addresses, MACs, service names and node names', () => {
    for (const secret of [
      '192.0.2.10',
      '192.0.2.11',
      '10.0.9.3',
      '02:42:0a:00:09:07',
      'billing-api',
      'db-node-7',
    ])
      expect(text, secret).not.toContain(secret);
  });

  it('keeps the vocabulary', () => {
    const r = JSON.parse(text) as Snapshot;
    expect(r.host.engine).toBe('docker');
    expect(r.namespaces.find((n) => n.role === 'overlay')).toBeDefined();
    expect(r.services?.[0]).toMatchObject({ mode: 'replicated', ports: [{ publishMode: 'ingress' }] });
    expect(r.services?.[0]?.tasks[0]).toMatchObject({ state: 'running', desiredState: 'running' });
  });
});

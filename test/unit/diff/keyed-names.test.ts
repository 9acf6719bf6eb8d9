// Names that are also Object.prototype's keys (`__proto__`, `constructor`) are data like any other:
// a change to them is reported (issue #13, item 7: Maps for keyed data in the diff).
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../src/diff/index.js';
import { Snapshot } from '../../../src/model/snapshot.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

function pair(name: string) {
  const make = (ip: string) =>
    Snapshot.parse(
      JSON.parse(
        JSON.stringify(
          buildSnapshot({
            networks: [{ name, subnet: '10.20.0.0/24' }],
            containers: [{ name, networks: [{ network: name, ip }] }],
          }),
        ),
      ),
    );
  return [make('10.20.0.5'), make('10.20.0.6')] as const;
}

describe('diff with prototype-named networks and containers', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'reports the address change of %s in the container and the network',
    (name) => {
      const [a, b] = pair(name);
      expect(a.containers.map((c) => c.name)).toContain(name);
      const diff = diffSnapshots(a, b);
      const container = diff.changes.find((c) => c.collection === 'container' && c.key === name);
      expect(container?.fields).toContainEqual(
        expect.objectContaining({ path: `endpoints.${name}.ipv4`, before: '10.20.0.5', after: '10.20.0.6' }),
      );
      // A network's endpoints repeat its containers' (hidden by default): shown with `all`.
      const network = diffSnapshots(a, b, {}, { all: true }).changes.find(
        (c) => c.collection === 'network' && c.key === name,
      );
      expect(network?.fields).toContainEqual(
        expect.objectContaining({ path: `endpoints.${name}.ipv4`, before: '10.20.0.5', after: '10.20.0.6' }),
      );
      // The diff travels as JSON: nothing is lost on the way.
      expect(JSON.stringify(diff)).toContain(`"path":"endpoints.${name}.ipv4"`);
    },
  );

  it('reports an endpoint added on a network named __proto__ with its values', () => {
    const [a] = pair('__proto__');
    const b = structuredClone(a);
    const endpoint = b.containers[0]!.endpoints[0]!;
    b.containers[0]!.endpoints = [];
    const diff = diffSnapshots(b, a);
    const change = diff.changes.find((c) => c.collection === 'container');
    const field = change?.fields.find((f) => f.path === 'endpoints.__proto__');
    expect(field?.before).toBeUndefined();
    expect(JSON.stringify(field?.after)).toContain(endpoint.ipv4 ?? '?');
  });
});

describe('keyed data compared by role (two hosts)', () => {
  it('an added published port or network is a change, not a difference expected between hosts', () => {
    const a = buildSnapshot({
      host: { name: 'host-a' },
      networks: [
        { name: 'appnet', subnet: '10.20.0.0/24' },
        { name: 'extra', subnet: '10.21.0.0/24' },
      ],
      containers: [{ name: 'web', networks: ['appnet'], ports: [{ containerPort: 80, hostPort: 8080 }] }],
    });
    const b = buildSnapshot({
      host: { name: 'host-b' },
      networks: [
        { name: 'appnet', subnet: '10.30.0.0/24' },
        { name: 'extra', subnet: '10.31.0.0/24' },
      ],
      containers: [
        {
          name: 'web',
          networks: ['appnet', 'extra'],
          ports: [
            { containerPort: 80, hostPort: 8080 },
            { containerPort: 443, hostPort: 8443 },
          ],
        },
      ],
    });
    const diff = diffSnapshots(a, b);
    expect(diff.crossHost).toBe(true);
    const web = diff.changes.find((c) => c.collection === 'container' && c.key === 'web');
    expect(web?.fields.map((f) => f.path)).toEqual(
      expect.arrayContaining(['endpoints.extra', 'ports.tcp/443']),
    );
  });
});

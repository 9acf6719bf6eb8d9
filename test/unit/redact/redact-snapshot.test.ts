import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../src/diff/index.js';
import type { SnapshotDiff } from '../../../src/model/diff-types.js';
import { inSubnet } from '../../../src/model/ip.js';
import { Snapshot } from '../../../src/model/snapshot.js';
import { newRedactionKey, redactSnapshot } from '../../../src/redact/index.js';
import { Redactor } from '../../../src/redact/redactor.js';
import { buildSnapshot, type SnapshotSpec } from '../../support/snapshot-factory/index.js';

const NET_ID = 'a1b2c3d4e5f6'.repeat(5) + 'abcd';
function spec(
  webIp = '10.10.0.3',
  hostVeth = 'veth6a5fad2',
  extra: Partial<SnapshotSpec> = {},
): SnapshotSpec {
  return {
    host: { name: 'prod-db-7', target: 'ssh://admin@prod-db-7.corp.example.com:2222' },
    hostAddress: '203.0.113.25',
    networks: [{ name: 'shop_backend', subnet: '10.10.0.0/24', id: NET_ID }],
    containers: [
      {
        name: 'shop-web-1',
        image: 'registry.corp.example.com/shop/web:1.4',
        compose: { project: 'shop', service: 'web' },
        networks: [
          { network: 'shop_backend', ip: webIp, hostVeth, aliases: ['web', 'shop-web-1'] },
          'bridge',
        ],
        ports: [{ containerPort: 80, hostPort: 8080 }],
      },
      { name: 'shop-db-1', networks: ['shop_backend'] },
    ],
    rules: [{ table: 'filter', chain: 'DOCKER-USER', rule: '-s 198.51.100.7/32 -j DROP' }],
    findings: [
      {
        id: 'dnat-disagrees-with-docker:shop-web-1,tcp/0.0.0.0:8080',
        severity: 'warning',
        code: 'dnat-disagrees-with-docker',
        message: `Docker says tcp/0.0.0.0:8080 goes to shop-web-1:80, but the rule sends it to ${webIp}:80 via br-${NET_ID.slice(0, 12)} (MAC 02:42:0a:0a:00:03)`,
        subjects: ['shop-web-1', 'tcp/0.0.0.0:8080'],
      },
    ],
    ...extra,
  };
}

const SECRETS = [
  'prod-db-7',
  'corp.example.com',
  'admin',
  'shop',
  'registry',
  '10.10.0.',
  '203.0.113.25',
  '198.51.100.7',
  '02:42:0a:0a',
  NET_ID.slice(0, 12),
  '52:54:00:12:34:56',
];

describe('redactSnapshot', () => {
  const original = buildSnapshot(spec());
  const redacted = redactSnapshot(original, 'export-key');
  const json = JSON.stringify(redacted);

  it('validates and leaves nothing identifying behind', () => {
    expect(Snapshot.parse(redacted)).toEqual(redacted);
    for (const secret of SECRETS) expect(json, secret).not.toContain(secret);
    for (const c of original.containers) expect(json).not.toContain(c.id.slice(0, 12));
    // Vocabulary stays: kinds, chains, versions, built-in network names, interface names.
    expect(json).toContain('"name":"bridge"');
    expect(json).toContain('DOCKER-USER');
    expect(json).toContain('"dockerVersion":"20.10.24"');
    expect(json).toContain('"name":"eth0"');
    expect(redacted.host.target).toMatch(/^ssh:\/\/user@host-[0-9a-f]{8}:2222$/);
    expect(redacted.containers.map((c) => c.image)).toEqual([
      expect.stringMatching(/^image-[0-9a-f]{8}$/),
      expect.stringMatching(/^image-/),
    ]);
  });

  it('replaces a value the same way in every field it appears in', () => {
    const web = redacted.containers.find((c) => c.compose !== null);
    const net = redacted.networks.find((n) => n.driver === 'bridge' && n.name !== 'bridge');
    const flow = redacted.natFlows.find((f) => f.kind === 'dnat');
    if (!web || !net || flow?.kind !== 'dnat') throw new Error('fixture lost its parts');
    const endpoint = web.endpoints.find((e) => e.network === net.name);
    expect(endpoint?.ipv4).toBe(flow.toAddress);
    expect(flow.container).toBe(web.name);
    expect(web.namespace).toBe(`container:${web.name}`);
    expect(redacted.namespaces.map((n) => n.id)).toContain(`container:${web.name}`);
    const bridge = net.bridge?.replace('host/', '') ?? '';
    expect(bridge).toBe(`br-${net.id.slice(0, 12)}`);
    const dnat = redacted.firewall.rules.find((r) => r.id === flow.rule);
    expect(dnat?.text).toContain(`--to-destination ${flow.toAddress}:80`);
    expect(dnat?.text).toContain(`! -i ${bridge} `);
    const finding = redacted.findings[0];
    expect(finding?.message).toContain(`goes to ${web.name}:80`);
    expect(finding?.message).toContain(`${flow.toAddress}:80 via ${bridge}`);
    expect(finding?.message).toContain(`MAC ${endpoint?.mac ?? '?'}`);
    expect(finding?.subjects[0]).toBe(web.name);
    // `web` is also the compose service name: one name, one replacement, whichever field it is in.
    expect(endpoint?.aliases).toEqual([web.compose?.service, web.name]);
    expect(web.compose?.service).toMatch(/^svc-[0-9a-f]{8}$/);
  });

  it('keeps subnets containing their members and gateways', () => {
    for (const n of redacted.networks) {
      for (const s of n.subnets) {
        if (s.gateway) expect(inSubnet(s.gateway, s.subnet)).toBe(true);
        for (const e of n.endpoints)
          if (e.ipv4) expect(inSubnet(e.ipv4, s.subnet), `${e.ipv4} in ${s.subnet}`).toBe(true);
      }
    }
  });

  it('is a function of the key: same key, same result; another key, another result', () => {
    expect(redactSnapshot(original, 'export-key')).toEqual(redacted);
    expect(JSON.stringify(redactSnapshot(original, newRedactionKey()))).not.toBe(json);
  });

  it('compares like the original: same changes, same kinds, same fields', () => {
    const after = buildSnapshot(spec('10.10.0.9', 'vethd2c4b1e', { capturedAt: '2025-01-02T00:00:00.000Z' }));
    const key = newRedactionKey();
    const plain = diffSnapshots(original, after);
    const masked = diffSnapshots(redactSnapshot(original, key), redactSnapshot(after, key));
    expect(shape(masked)).toEqual(shape(plain));
    expect(plain.changes.filter((c) => c.kind !== 'changed')).toEqual([]);
  });

  it('keeps the diff shape for arbitrary pairs (property)', () => {
    const arb = fc.record({
      ip: fc.integer({ min: 2, max: 250 }),
      veth: fc.constantFrom('veth6a5fad2', 'vethd2c4b1e'),
      host: fc.constantFrom('prod-db-7', 'prod-db-8'),
      port: fc.constantFrom(8080, 8081),
      drop: fc.boolean(),
    });
    const make = (p: { ip: number; veth: string; host: string; port: number; drop: boolean }) => {
      const s = spec(`10.10.0.${p.ip}`, p.veth, {
        rules: p.drop ? [{ table: 'filter', chain: 'DOCKER-USER', rule: '-s 198.51.100.7/32 -j DROP' }] : [],
      });
      const web = s.containers?.[0];
      if (web) web.ports = [{ containerPort: 80, hostPort: p.port }];
      return buildSnapshot({ ...s, host: { ...s.host, name: p.host } });
    };
    fc.assert(
      fc.property(arb, arb, fc.string({ minLength: 1 }), (x, y, key) => {
        const [a, b] = [make(x), make(y)];
        expect(shape(diffSnapshots(redactSnapshot(a, key), redactSnapshot(b, key)))).toEqual(
          shape(diffSnapshots(a, b)),
        );
      }),
      { numRuns: 40 },
    );
  });
});

/** What a diff says without the names: per change its collection, kind and field count. */
function shape(d: SnapshotDiff): string[] {
  return d.changes.map((c) => `${c.collection}|${c.kind}|${c.fields.length}`).sort();
}

describe('Redactor.text', () => {
  it('replaces IPv6 addresses in rule text the same way as in fields', () => {
    const r = new Redactor('k');
    const mapped = r.addresses.map('fd00:1::3');
    const text = r.text(
      '-A DOCKER -d fd00:1::3/128 ! -i br-0123456789ab -j DNAT --to-destination [fd00:1::3]:80',
    );
    expect(text).toBe(
      `-A DOCKER -d ${mapped}/128 ! -i br-${r.hex('0123456789ab')} -j DNAT --to-destination [${mapped}]:80`,
    );
    expect(mapped).not.toBe('fd00:1::3');
    expect(r.text('from :: to ::1 and 127.0.0.1')).toBe('from :: to ::1 and 127.0.0.1');
  });

  it('keeps the names a caller declares public (a demo’s made-up names), and still hides the rest', () => {
    const s = buildSnapshot(spec());
    const r = redactSnapshot(s, newRedactionKey(), {
      keepNames: [
        'shop-web-1',
        'shop-db-1',
        'shop_backend',
        'shop',
        'web',
        'registry.corp.example.com/shop/web:1.4',
      ],
    });
    expect(r.containers.map((c) => c.name).sort()).toEqual(['shop-db-1', 'shop-web-1']);
    expect(r.networks.map((n) => n.name)).toContain('shop_backend');
    expect(r.containers.find((c) => c.name === 'shop-web-1')?.compose).toEqual({
      project: 'shop',
      service: 'web',
    });
    const text = JSON.stringify(r);
    for (const secret of ['prod-db-7', 'corp.example.com:2222', '203.0.113.25', '10.10.0.3'])
      expect(text.includes(secret), secret).toBe(false);
  });
});

// Redaction leaks found by the review (issue #13, item 6): every target form parseTarget accepts, the
// SSH user in free text, names a person chose for devices and namespaces, punctuated compose labels,
// and private networks that mapped to themselves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitTarget } from '../../../src/connection/ssh/target.js';
import { Snapshot } from '../../../src/model/snapshot.js';
import { redactSnapshot } from '../../../src/redact/index.js';
import { AddressMapper } from '../../../src/redact/ip-map.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

const KEY = 'leak-test-key';

function withTarget(target: string) {
  return buildSnapshot({
    host: { name: 'db-7', target },
    warnings: [
      { part: 'kernel', code: 'sudo', message: 'sudo -n failed: alice is not in the sudoers file' },
      { part: 'connection', code: 'x', message: `connected to ${target} as alice` },
    ],
  });
}

describe('redacting the target', () => {
  const forms: [string, RegExp][] = [
    ['ssh://alice@prod-db-7.corp.example.com:2222/', /^ssh:\/\/user@host-[0-9a-f]{8}:2222$/],
    ['SSH://alice@prod-db-7.corp.example.com/', /^ssh:\/\/user@host-[0-9a-f]{8}$/],
    ['alice@prod-db-7.corp.example.com', /^user@host-[0-9a-f]{8}$/],
    ['alice@2001:db8:77::5', /^user@\[[23][0-9a-f:]+\]$/],
    ['2001:db8:77::5', /^\[[23][0-9a-f:]+\]$/],
    ['[2001:db8:77::5]:2222', /^\[[23][0-9a-f:]+\]:2222$/],
    ['ssh://alice@[2001:db8:77::5]:2222/', /^ssh:\/\/user@\[[23][0-9a-f:]+\]:2222$/],
    ['alice@203.0.113.9:22', /^user@[0-9.]+:22$/],
    ['prod-db-7', /^host-[0-9a-f]{8}$/],
  ];

  it.each(forms)('%s keeps its shape and loses user, host and address', (target, shape) => {
    const redacted = redactSnapshot(withTarget(target), KEY);
    expect(redacted.host.target).toMatch(shape);
    expect(() => splitTarget(redacted.host.target)).not.toThrow();
    const json = JSON.stringify(redacted);
    // The user is known only when the target names it (then it goes from free text too).
    const user = target.includes('alice@') ? ['alice'] : [];
    for (const secret of [...user, 'prod-db-7', 'corp.example', '2001:db8:77::5', '203.0.113.9', 'db-7'])
      expect(json, secret).not.toContain(secret);
  });

  it('maps one host the same way in the target and in free text', () => {
    const redacted = redactSnapshot(withTarget('ssh://alice@prod-db-7/'), KEY);
    const host = /host-[0-9a-f]{8}/.exec(redacted.host.target)?.[0] ?? '?';
    const connected = redacted.warnings.find((w) => w.message.startsWith('connected to'));
    expect(connected?.message).toMatch(new RegExp(`^connected to ssh://(user-[0-9a-f]{8})@${host}/ as \\1$`));
  });

  it('never keeps a target it cannot parse', () => {
    const redacted = redactSnapshot(withTarget('weird target!alice'), KEY);
    expect(redacted.host.target).toMatch(/^host-[0-9a-f]{8}$/);
  });
});

describe('names a person chose', () => {
  const PROJECT = 'Acme Shop!';
  const SERVICE = 'web:front';
  const NETNS = "customer-acme$(id)\n'x'";
  const s = buildSnapshot({
    networks: [
      {
        name: 'appnet',
        bridgeName: 'acme-br0',
        options: { 'com.docker.network.bridge.name': 'acme-br0' },
      },
    ],
    containers: [
      {
        name: 'shop-web-1',
        networks: ['appnet'],
        compose: { project: PROJECT, service: SERVICE },
      },
    ],
    rules: [{ table: 'filter', chain: 'FORWARD', rule: '-i acme-uplink -o acme-br0 -j ACCEPT' }],
    findings: [
      {
        id: 'x',
        severity: 'info',
        code: 'x',
        message: `project ${PROJECT} (service ${SERVICE}) in /var/run/netns/${NETNS} via acme-uplink`,
        subjects: [],
      },
    ],
  });
  // A macvlan network on a parent the user named, and an `ip netns` namespace.
  s.networks.push({
    ...s.networks[0]!,
    id: 'f'.repeat(64),
    name: 'macnet',
    driver: 'macvlan',
    bridge: 'host/acme-uplink',
    options: { parent: 'acme-uplink' },
    endpoints: [],
  });
  s.interfaces.push({ ...s.interfaces[0]!, id: 'host/acme-uplink', name: 'acme-uplink', namespace: 'host' });
  s.namespaces.push({
    id: 'netns:4026532999',
    kind: 'netns',
    path: `/var/run/netns/${NETNS}`,
    inode: 4026532999,
    containers: [],
    interfaces: [],
  });

  it('are replaced in every field, and the snapshot still validates', () => {
    const redacted = redactSnapshot(Snapshot.parse(s), KEY);
    const json = JSON.stringify(redacted);
    for (const secret of ['acme', 'Acme', 'Shop!', 'web:front', 'customer', '$(id)'])
      expect(json, secret).not.toContain(secret);
    expect(Snapshot.parse(redacted)).toEqual(redacted);
    const web = redacted.containers.find((c) => c.compose);
    expect(web?.compose).toEqual({
      project: expect.stringMatching(/^proj-[0-9a-f]{8}$/) as unknown,
      service: expect.stringMatching(/^svc-[0-9a-f]{8}$/) as unknown,
    });
    // One name, one replacement, in whichever field it appears.
    const bridge = redacted.networks.find((n) => n.driver === 'bridge' && n.name !== 'bridge');
    const name = bridge?.options['com.docker.network.bridge.name'];
    expect(name).toMatch(/^if-[0-9a-f]{8}$/);
    expect(bridge?.bridge).toBe(`host/${name ?? ''}`);
    expect(redacted.interfaces.map((i) => i.name)).toContain(name);
    expect(redacted.findings[0]?.message).toContain(`project ${web?.compose?.project ?? ''} (service`);
    // Vocabulary stays.
    expect(json).toContain('"name":"eth0"');
    expect(json).toContain('docker0');
  });
});

describe('private networks never map to themselves', () => {
  it('no /16 of 172.16/12, /24 of 10/8 or 192.168/16, or address in them keeps its value (property)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: 16, max: 31 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 1, max: 254 }),
        (key, b, c, d) => {
          const m = new AddressMapper(key);
          expect(m.map(`172.${b}.0.0`, 16)).not.toBe(`172.${b}.0.0`);
          expect(m.map(`10.${b}.${c}.0`, 24)).not.toBe(`10.${b}.${c}.0`);
          expect(m.map(`192.168.${c}.0`, 24)).not.toBe(`192.168.${c}.0`);
          expect(m.map(`172.${b}.${c}.${d}`)).not.toBe(`172.${b}.${c}.${d}`);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

// The change list as printed: a summary line, groups per container/network/host, sentences, set
// members instead of whole lists, hidden details counted, markdown for tickets.
import { describe, expect, it } from 'vitest';
import { formatDiff, formatDiffMarkdown } from '../../../src/cli/diff-format.js';
import { diffSnapshots } from '../../../src/diff/index.js';
import type { Change, ChangeOwner, SnapshotDiff } from '../../../src/model/diff-types.js';
import { buildSnapshot, cloneSnapshot, type ContainerSpec } from '../../support/snapshot-factory/index.js';

const IDS = { a: 'x', b: 'x' };
const NO_RENAMES = { namespaces: [], interfaces: [] };
const NOTHING_HIDDEN = { kernel: 0, repeated: 0 };
const ESC = String.fromCharCode(27);
const side = (label: string) => ({ label, host: 'lab-01', capturedAt: '2025-01-01T10:00:00.000Z' });
const ctr = (name: string): ChangeOwner => ({ kind: 'container', name });
const HOST: ChangeOwner = { kind: 'host', name: 'lab-01' };

function diffOf(changes: Change[], extra: Partial<SnapshotDiff> = {}): SnapshotDiff {
  return {
    a: side('a'),
    b: side('b'),
    equal: changes.length === 0,
    renamed: NO_RENAMES,
    hidden: NOTHING_HIDDEN,
    changes,
    ...extra,
  };
}

const change = (c: Partial<Change> & Pick<Change, 'collection' | 'key' | 'owner'>): Change => ({
  kind: 'changed',
  label: `${c.collection} ${c.key}`,
  fields: [],
  ids: IDS,
  ...c,
});

/** One container stopped, one restarted with a new address (its host veth renamed). */
const twoStories = diffOf([
  change({
    collection: 'container',
    key: 'api',
    label: 'container api',
    owner: ctr('api'),
    fields: [
      { path: 'endpoints.appnet.ipv4', before: '10.0.0.2', after: '10.0.0.3', subject: 'eth0' },
      {
        path: 'endpoints.appnet.mac',
        before: '02:42:0a:00:00:02',
        after: '02:42:0a:00:00:03',
        subject: 'eth0',
      },
    ],
  }),
  change({
    collection: 'container',
    key: 'web',
    label: 'container web',
    owner: ctr('web'),
    fields: [
      { path: 'endpoints.appnet.interface', before: 'container:web/eth0', after: null },
      { path: 'endpoints.appnet.ipv4', before: '10.0.0.5', after: null },
      { path: 'ports.tcp/80', before: ['0.0.0.0:8080'], after: undefined },
      { path: 'state', before: 'running', after: 'exited' },
    ],
  }),
  change({ collection: 'namespace', key: 'container:web', kind: 'removed', owner: ctr('web') }),
  change({
    collection: 'namespace',
    key: 'host',
    label: 'namespace host',
    owner: HOST,
    fields: [
      {
        path: 'interfaces',
        before: ['host/eth0', 'host/lo', 'host/x'],
        after: ['host/eth0', 'host/lo', 'host/y'],
        added: ['host/y'],
        removed: ['host/x'],
      },
    ],
  }),
  change({
    collection: 'interface',
    key: 'host/veth→container:api/eth0',
    label: 'interface host/veth2 (veth to container:api/eth0)',
    owner: ctr('api'),
    fields: [{ path: 'name', before: 'veth1', after: 'veth2' }],
  }),
]);

describe('formatDiff', () => {
  it('says so when there is nothing to report, and what it left out', () => {
    const s = buildSnapshot();
    const text = formatDiff(diffSnapshots(s, s, { a: 'monday', b: 'tuesday' }));
    expect(text).toBe(
      'a: monday (lab-01), captured 2025-01-01T10:00:00.000Z\n' +
        'b: tuesday (lab-01), captured 2025-01-01T10:00:00.000Z\n\nNo differences.\n',
    );
    const hidden = formatDiff(diffOf([], { hidden: { kernel: 2, repeated: 0 } }));
    expect(hidden).toContain('No differences (hidden: 2 made by the kernel; --all shows them).');
  });

  it('tells what happened to each container in one line, then groups its changes under it', () => {
    const text = formatDiff(twoStories);
    const lines = text.split('\n');
    expect(lines[2]).toBe('1 container restarted with a new address, 1 stopped, host changed');
    expect(lines[3]).toBe('5 changes (0 added, 1 removed, 4 changed)');
    expect(text).toContain(
      '\ncontainer api — restarted with a new address\n' +
        '  ~ changed  api: eth0 10.0.0.2 → 10.0.0.3 on appnet\n' +
        '  ~ changed  interface host/veth2 (veth to container:api/eth0)\n' +
        '      name: veth1 → veth2\n',
    );
    expect(text).toContain(
      '\ncontainer web — stopped\n' +
        '  ~ changed  web: running → exited\n' +
        '  ~ changed  web: eth0 10.0.0.5 → none on appnet\n' +
        '  - removed  web: no longer publishes tcp/80 (was 0.0.0.0:8080)\n' +
        '  - removed  namespace container:web\n',
    );
    // A set prints only its members that came or went, never the whole list twice.
    expect(text).toContain(
      '\nhost lab-01 — changed\n  ~ changed  namespace host\n      interfaces: + host/y; − host/x\n',
    );
    expect(text).not.toContain('host/eth0');
    expect(text).not.toContain('\u001b[');
  });

  it('counts what it hid and says how to see it', () => {
    const text = formatDiff({ ...twoStories, hidden: { kernel: 13, repeated: 3 } });
    expect(text.split('\n')[3]).toBe(
      '5 changes (0 added, 1 removed, 4 changed); hidden: 13 made by the kernel, 3 repeating another change; --all shows them',
    );
  });

  it('colours the marks only when asked, keeping the words', () => {
    const diff = diffOf([
      change({
        kind: 'removed',
        collection: 'rule',
        key: 'r',
        label: 'rule x',
        owner: { kind: 'firewall', name: 'firewall' },
      }),
    ]);
    const text = formatDiff(diff, { color: true });
    expect(text).toContain('\u001b[31m- removed\u001b[0m  rule x');
    expect(text.replace(new RegExp(`${ESC}\\[\\d+m`, 'g'), '')).toBe(formatDiff(diff));
  });

  it('shows the words that changed in a long text, or the whole text after an arrow', () => {
    const before =
      '-A DOCKER -d 10.10.0.3/32 ! -i br-0123456789ab -o br-0123456789ab -p tcp -m tcp --dport 80 -j ACCEPT';
    const after = before.replace('10.10.0.3', '10.10.0.7');
    const other =
      '-A DOCKER-USER -m set --match-set blocked-addresses src -m comment --comment "block list" -j DROP';
    const rule = (text: [string, string]) =>
      change({
        collection: 'rule',
        key: text[0],
        label: 'rule ipv4 filter DOCKER',
        owner: ctr('web'),
        fields: [{ path: 'text', before: text[0], after: text[1] }],
      });
    const text = formatDiff(diffOf([rule([before, after]), rule([before, other])]));
    expect(text).toContain('      text: … 10.10.0.3/32 → 10.10.0.7/32 …\n');
    expect(text).toContain(`      text: ${before}\n        → ${other}\n`);
  });

  it('reads a real restart from two snapshots as "restarted with a new address"', () => {
    const web = (ip: string, hostVeth: string): ContainerSpec => ({
      name: 'web',
      networks: [{ network: 'front', ip, hostVeth }],
      ports: [{ containerPort: 80, hostPort: 8080 }],
    });
    const spec = { networks: [{ name: 'front', subnet: '10.10.0.0/24' }] };
    const a = buildSnapshot({ ...spec, containers: [web('10.10.0.3', 'veth6a5fad2')] });
    const b = buildSnapshot({ ...spec, containers: [web('10.10.0.7', 'vethd2c4b1e')] });
    const text = formatDiff(diffSnapshots(a, b));
    expect(text.split('\n')[2]).toBe('1 container restarted with a new address');
    expect(text).toContain('  ~ changed  web: eth0 10.10.0.3 → 10.10.0.7 on front\n');
    expect(formatDiff(diffSnapshots(a, cloneSnapshot(a)))).toContain('No differences.');
  });
});

describe('formatDiffMarkdown', () => {
  it('writes a heading with the summary, a section per group and escapes markdown', () => {
    const text = formatDiffMarkdown(twoStories);
    expect(text).toMatch(/^### 1 container restarted with a new address, 1 stopped, host changed\n\n- a: a/);
    expect(text).toContain('\n#### container web — stopped\n\n- **~ changed** web: running → exited\n');
    expect(text).toContain('- **− removed** namespace container:web\n');
    expect(text).toContain('  - interfaces: + host/y; − host/x\n');
    const odd = formatDiffMarkdown(
      diffOf([
        change({
          kind: 'added',
          collection: 'container',
          key: 'a_b*c',
          label: 'container a_b*c <x>',
          owner: ctr('a_b*c'),
        }),
      ]),
    );
    expect(odd).toContain('#### container a\\_b\\*c — added');
    expect(odd).toContain('- **+ added** container a\\_b\\*c \\<x\\>');
  });
});

describe('two hosts by role', () => {
  const host = (name: string, project: string, net: string, sep: string) =>
    buildSnapshot({
      host: { name, target: `ssh://root@${name}` },
      networks: [{ name: `${project}${sep}default`, subnet: `${net}.0/24` }],
      containers: [
        {
          name: `${project}${sep}web${sep}1`,
          compose: { project, service: 'web' },
          networks: [{ network: `${project}${sep}default`, ip: `${net}.2` }],
        },
      ],
    });
  const a = host('web1', 'shop', '10.231.1', '_');
  const b = host('web2', 'shop2', '10.231.2', '-');

  it('says "equal by role", names the pairs matched and shows what differs side by side', () => {
    const text = formatDiff(diffSnapshots(a, b));
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/^Equal by role; \d+ expected differences side by side$/);
    expect(text).toContain(
      'Matched by role:\n  container shop_web_1 ↔ shop2-web-1 (by compose service)\n' +
        '  network shop_default ↔ shop2-default (by compose project)\n',
    );
    expect(text).toContain(
      '\nNo differences.\n\nSide by side (expected to differ between hosts; --strict counts them as changes):\n',
    );
    expect(text).toContain('  host: name web1 ↔ web2\n');
    expect(text).toContain('  shop_web_1: eth0 ipv4 10.231.1.2 ↔ 10.231.2.2 on shop_default\n');
    expect(text).toMatch(
      /\n {2}\d+ routes?, .*\d+ firewall rules: only addresses and generated names differ\n/,
    );
    const md = formatDiffMarkdown(diffSnapshots(a, b));
    expect(md).toContain('- Equal by role;');
    expect(md).toContain('  - container shop\\_web\\_1 ↔ shop2-web-1 (by compose service)');
  });

  it('with strict, counts the addresses as changes', () => {
    const text = formatDiff(diffSnapshots(a, b, {}, { strict: true }));
    expect(text.split('\n')[2]).toBe(
      'Compared by role, strict: addresses and generated names count as changes.',
    );
    expect(text).toContain('1 container differs, 1 network differs, host differs\n');
    expect(text).toContain('\ncontainer shop_web_1 — differs\n');
    expect(text).toContain('~ changed  shop2-web-1: eth0 10.231.1.2 → 10.231.2.2 on shop_default');
    expect(text).not.toContain('Side by side');
  });
});

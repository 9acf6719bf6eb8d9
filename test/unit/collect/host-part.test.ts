// The host read in part: what goes, what is replaced, what stays the very same object.
import { describe, expect, it } from 'vitest';
import type { LinkFact, NamespaceFacts, RouteFact } from '../../../src/collect/facts.js';
import { listedNames, mergeHostPart } from '../../../src/collect/kernel/host-part.js';
import type { Section } from '../../../src/collect/kernel/parse-sections.js';

const link = (ifindex: number, name: string, extra: Partial<LinkFact> = {}): LinkFact => ({
  ifindex,
  name,
  infoKind: name.startsWith('veth') ? 'veth' : name.startsWith('br') ? 'bridge' : null,
  slaveKind: null,
  linkType: 'ether',
  mac: null,
  mtu: 1500,
  operstate: 'UP',
  flags: ['UP'],
  master: null,
  linkIndex: null,
  linkNetnsId: null,
  link: null,
  addresses: [],
  counters: null,
  ...extra,
});
const route = (dst: string, dev: string | null): RouteFact => ({
  family: 'ipv4',
  table: 'main',
  type: 'unicast',
  dst,
  gateway: null,
  dev,
  protocol: 'kernel',
  scope: 'link',
  prefsrc: null,
  metric: null,
});

const previous: NamespaceFacts = {
  path: null,
  inode: 1,
  links: [link(1, 'lo'), link(2, 'eth0'), link(5, 'br-a'), link(7, 'vethold'), link(8, 'vethkeep')],
  routes: [
    route('default', 'eth0'),
    route('10.0.0.0/24', 'br-a'),
    route('blackhole', null),
    route('fe80::/64', 'vethold'),
  ],
  error: null,
};

/** What `ip -json -batch` prints for one device: its addr list, then IPv4 and IPv6 routes (no `dev`). */
const device = (ifindex: number, name: string, operstate: string, v4: string[]) =>
  [
    JSON.stringify([
      { ifindex, ifname: name, flags: ['UP'], mtu: 1500, operstate, link_type: 'ether', addr_info: [] },
    ]),
    JSON.stringify(v4.map((dst) => ({ dst, protocol: 'kernel', scope: 'link' }))),
    '[]',
  ].join('\n');

const part = (names: string[], stdout: string, code = 0): Section => ({
  name: 'host-part',
  args: names,
  stdout,
  stderr: '',
  code,
  complete: true,
});

describe('mergeHostPart', () => {
  const listed = new Set(['lo', 'eth0', 'br-a', 'vethkeep', 'vethnew']);
  // The bridges (br-a, now DOWN), then one device read in full: vethnew.
  const bridges = JSON.stringify([
    {
      ifindex: 5,
      ifname: 'br-a',
      flags: [],
      mtu: 1500,
      operstate: 'DOWN',
      link_type: 'ether',
      addr_info: [],
    },
  ]);
  const stdout = [bridges, device(9, 'vethnew', 'UP', ['169.254.0.0/16'])].join('\n');

  it('drops devices that are gone, refreshes bridges and the devices read again, keeps the rest as they were', () => {
    const problems: string[] = [];
    const merged = mergeHostPart(previous, part(['vethnew'], stdout), listed, problems);
    expect(problems).toEqual([]);
    expect(merged?.links.map((l) => l.name).sort()).toEqual(['br-a', 'eth0', 'lo', 'vethkeep', 'vethnew']);
    // Untouched links are the very objects of the last reading (what is built from them is reused).
    expect(merged?.links.find((l) => l.name === 'vethkeep')).toBe(previous.links[4]);
    expect(merged?.links.find((l) => l.name === 'br-a')?.operstate).toBe('DOWN');
    // Routes: the gone device's went, the new device's came (with their device named), the bridge's
    // and those without a device stayed, as the same objects.
    expect(merged?.routes.map((r) => `${r.dst}@${r.dev ?? '-'}`).sort()).toEqual([
      '10.0.0.0/24@br-a',
      '169.254.0.0/16@vethnew',
      'blackhole@-',
      'default@eth0',
    ]);
    expect(merged?.routes.find((r) => r.dst === '10.0.0.0/24')).toBe(previous.routes[1]);
  });

  it('gives up (the host is then read whole) when the output does not line up with the names', () => {
    expect(mergeHostPart(previous, part(['vethnew', 'vethgone'], stdout), listed, [])).toBeNull();
    expect(mergeHostPart(previous, part(['vethnew'], stdout, 1), listed, [])).toBeNull();
  });

  it('reads the listing', () => {
    expect(listedNames(part([], 'lo\neth0\n\nbr-a\n'))).toEqual(new Set(['lo', 'eth0', 'br-a']));
    expect(listedNames({ ...part([], 'lo'), complete: false })).toBeNull();
  });
});

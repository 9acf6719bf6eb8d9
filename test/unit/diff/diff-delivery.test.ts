// The diff compares what delivers traffic besides NAT rules: sysctls, docker-proxy processes, sockets on
// published ports and the ports `-p` asked for; each change reads as a sentence under its container or
// the host, and a snapshot without these facts (older, or unreadable) compares nothing about them.
import { describe, expect, it } from 'vitest';
import { formatDiff } from '../../../src/cli/diff-format.js';
import { diffSnapshots } from '../../../src/diff/index.js';
import { tellDiff } from '../../../src/model/diff-story.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { cloneSnapshot, type SnapshotSpec } from '../../support/snapshot-factory/index.js';
import { dockerSysctls, pathSnapshot } from '../../support/path-snapshot.js';

const spec = (): SnapshotSpec => ({
  networks: [{ name: 'app', subnet: '10.11.0.0/24' }],
  containers: [
    {
      name: 'web',
      networks: [{ network: 'app', ip: '10.11.0.2' }],
      ports: [
        { containerPort: 80, hostPort: 8080 },
        { containerPort: 53, hostPort: 5353, hostIp: '127.0.0.1', protocol: 'udp' },
      ],
    },
    { name: 'db', networks: [{ network: 'app', ip: '10.11.0.3' }] },
  ],
});

/** Every sentence of the story as `<group title>: <line>`. */
function lines(a: Snapshot, b: Snapshot): string[] {
  return tellDiff(diffSnapshots(a, b)).groups.flatMap((g) => g.lines.map((l) => `${g.title}: ${l.text}`));
}

describe('diff of sysctls, docker-proxies, listeners and requested ports', () => {
  it('reads a sysctl change signal first, under the host', () => {
    const a = pathSnapshot(spec());
    const b = pathSnapshot(spec(), dockerSysctls({ ipForward: false, bridgeNfCallIptables: null }));
    expect(lines(a, b)).toEqual([
      'host lab-01 — changed: bridge-nf-call-iptables 1 → unreadable',
      'host lab-01 — changed: ip_forward 1 → 0',
    ]);
  });

  it('compares an interface sysctl on both sides by its effective value, under what the device serves', () => {
    const a = pathSnapshot(spec());
    const b = pathSnapshot(
      spec(),
      dockerSysctls({
        routeLocalnet: { all: 0, default: 0, interfaces: [{ name: 'eth0', value: 1 }] },
        rpFilter: { all: 1, default: 2, interfaces: [] },
      }),
    );
    expect(lines(a, b)).toEqual([
      'host lab-01 — changed: route_localnet on eth0 0 → 1',
      'host lab-01 — changed: rp_filter (all) 0 → 1',
    ]);
    // The other way round it is the same device set back to the default.
    expect(lines(b, a)).toContain('host lab-01 — changed: route_localnet on eth0 1 → 0');
  });

  it('says a docker-proxy and its sockets are gone, under the container they served', () => {
    const a = pathSnapshot(spec());
    const b = cloneSnapshot(a);
    b.proxies = b.proxies!.filter((p) => p.hostPort !== 5353);
    b.listeners = b.listeners!.filter((l) => l.port !== 5353);
    expect(lines(a, b)).toEqual([
      'container web — changed: docker-proxy for 127.0.0.1:5353/udp gone',
      'container web — changed: nothing listens on 127.0.0.1:5353/udp any more',
    ]);
    expect(lines(b, a)).toEqual([
      'container web — changed: docker-proxy for 127.0.0.1:5353/udp started',
      'container web — changed: listening on 127.0.0.1:5353/udp',
    ]);
  });

  it('tells where a docker-proxy now forwards, and who holds a socket', () => {
    const a = pathSnapshot(spec());
    const b = cloneSnapshot(a);
    b.proxies!.find((p) => p.hostIp === '0.0.0.0')!.containerIp = '10.11.0.9';
    const v6 = b.listeners!.find((l) => l.address === '::')!;
    v6.processes = [];
    v6.dualStack = true;
    const text = lines(a, b);
    expect(text).toContain(
      'container web — changed: docker-proxy for 0.0.0.0:8080/tcp now forwards to 10.11.0.9:80 (was 10.11.0.2:80)',
    );
    expect(text).toContain('container web — changed: [::]:8080/tcp takes IPv6 only → IPv4 too');
    expect(text).toContain('container web — changed: [::]:8080/tcp held by docker-proxy → nobody');
  });

  it('leaves out pids (a restarted docker-proxy is the same one) unless everything is asked for', () => {
    const a = pathSnapshot(spec());
    const b = cloneSnapshot(a);
    for (const p of b.proxies!) p.pid += 100;
    for (const l of b.listeners!) l.processes = l.processes.map((p) => ({ ...p, pid: p.pid + 100 }));
    expect(diffSnapshots(a, b).equal).toBe(true);
    const all = diffSnapshots(a, b, {}, { all: true });
    expect(all.changes.filter((c) => c.collection === 'proxy').length).toBe(3);
  });

  it("compares only the sockets on a port either side publishes: the host's own are not Docker's", () => {
    const a = pathSnapshot(spec());
    const b = cloneSnapshot(a);
    b.listeners!.push({
      namespace: 'host',
      protocol: 'tcp',
      family: 'ipv4',
      address: '0.0.0.0',
      port: 22,
      dualStack: null,
      processes: [],
    });
    expect(diffSnapshots(a, b).equal).toBe(true);
    // A socket that outlives the publish of its port is compared too: something else holds it now.
    const c = cloneSnapshot(a);
    c.containers.find((x) => x.name === 'web')!.ports = [];
    c.proxies = [];
    c.natFlows = c.natFlows.filter((f) => f.kind !== 'dnat');
    for (const l of c.listeners!) l.processes = [];
    const text = lines(a, c);
    expect(text).toContain('container web — changed: docker-proxy for 0.0.0.0:8080/tcp gone');
    expect(text).toContain('host lab-01 — changed: 0.0.0.0:8080/tcp held by docker-proxy → nobody');
    expect(text.join('\n')).not.toContain('nothing listens');
  });

  it('says which ports a container asks to publish, which Docker may not have published', () => {
    const a = pathSnapshot(spec());
    for (const c of a.containers) c.requestedPorts = c.ports.map((p) => ({ ...p }));
    const b = cloneSnapshot(a);
    b.containers.find((x) => x.name === 'db')!.requestedPorts = [
      { protocol: 'tcp', containerPort: 5432, hostIp: '', hostPort: 0 },
    ];
    expect(lines(a, b)).toEqual(['container db — changed: db: asks to publish tcp/5432 on 0.0.0.0:any']);
  });

  it('compares none of them when a side lacks them (older snapshot, unreadable)', () => {
    const a = pathSnapshot(spec());
    for (const c of a.containers) c.requestedPorts = [];
    const older: Snapshot = cloneSnapshot(a);
    delete older.sysctls;
    delete older.listeners;
    older.proxies = null;
    for (const c of older.containers) delete c.requestedPorts;
    expect(diffSnapshots(a, older).equal).toBe(true);
    expect(diffSnapshots(older, a).equal).toBe(true);
  });

  it('prints under the host in `netlens diff`, with a summary line', () => {
    const a = pathSnapshot(spec());
    const b = pathSnapshot(spec(), dockerSysctls({ ipForward: false }));
    const out = formatDiff(diffSnapshots(a, b, { a: 'before', b: 'after' }));
    expect(out).toContain('host changed\n');
    expect(out).toContain('\nhost lab-01 — changed\n  ~ changed  ip_forward 1 → 0\n');
  });

  it('by role, a docker-proxy to another address of the same container is expected, not a change', () => {
    const a = pathSnapshot(spec());
    const other = spec();
    other.networks = [{ name: 'app', subnet: '10.12.0.0/24' }];
    other.containers![0]!.networks = [{ network: 'app', ip: '10.12.0.2' }];
    other.containers![1]!.networks = [{ network: 'app', ip: '10.12.0.3' }];
    const b = pathSnapshot(other);
    const d = diffSnapshots(a, b, {}, { byRole: true });
    expect(d.changes.filter((c) => ['proxy', 'listener', 'sysctl'].includes(c.collection))).toEqual([]);
    expect(d.byRole?.expected.some((c) => c.collection === 'proxy')).toBe(true);
    const strict = diffSnapshots(a, b, {}, { strict: true });
    expect(strict.changes.some((c) => c.collection === 'proxy' && c.owner.name === 'web')).toBe(true);
  });
});

// Rootless Docker: a published port is reached from the real host through RootlessKit's port driver
// before the namespace drawn (the snapshot's "host") sees it: builtin hands it to loopback inside,
// where docker-proxy takes it; slirp4netns sends it in on its tap device, where DNAT takes it.
import { describe, expect, it } from 'vitest';
import { publishedPortPath } from '../../../../src/model/path/engine.js';
import type { RootlessKit, Snapshot } from '../../../../src/model/snapshot.js';
import { hops, ipOf, lab, trace } from './lab.js';

const KIT: RootlessKit = {
  pid: 4242,
  childPid: 4250,
  network: 'slirp4netns',
  portDriver: 'builtin',
  childIp: '192.168.1.10',
  ports: [
    { protocol: 'tcp', parentIp: '0.0.0.0', parentPort: 8080, childIp: null, childPort: 8080 },
    { protocol: 'udp', parentIp: '127.0.0.1', parentPort: 5353, childIp: null, childPort: 5353 },
  ],
};

function rootless(kit: RootlessKit | null): Snapshot {
  const s = lab();
  s.host.rootless = true;
  s.host.rootlessKit = kit;
  return s;
}

describe('outside → a published port of rootless Docker', () => {
  it('builtin: RootlessKit on the real host, then a new connection to loopback inside, docker-proxy, web', () => {
    const s = rootless(KIT);
    const r = trace(s, 'outside', 'host', 8080);
    expect(r.verdict).toBe('delivered');
    expect(r.delivered?.containers).toEqual(['web', 'side']);
    const h = hops(r);
    expect(h.slice(0, 3)).toEqual([
      'endpoint outside',
      'socket tcp 0.0.0.0:8080 on the real host',
      'process RootlessKit port driver: builtin',
    ]);
    expect(r.hops[1]?.detail).toMatch(/rootlesskit pid 4242, RootlessKit's builtin port driver/);
    expect(r.hops[2]?.detail).toMatch(/connects to 127\.0\.0\.1:8080 inside the namespace/);
    // Loopback inside: the host's own socket (docker-proxy) takes it, no PREROUTING DNAT.
    expect(h).toContain('socket tcp 0.0.0.0:8080');
    expect(h.filter((x) => x.startsWith('process docker-proxy'))).toEqual([
      expect.stringMatching(/^process docker-proxy pid \d+ in RootlessKit's namespace$/) as string,
    ]);
    expect(h).not.toContain('chain nat PREROUTING');
    expect(h.at(-1)).toBe('endpoint web:80/tcp');
  });

  it('slirp4netns: slirp4netns sends it in on the device holding the child address; DNAT takes it to web', () => {
    const r = trace(rootless({ ...KIT, portDriver: 'slirp4netns' }), 'outside', 'host', 8080);
    expect(r.verdict).toBe('delivered');
    const h = hops(r);
    expect(h.slice(0, 5)).toEqual([
      'endpoint outside',
      'socket tcp 0.0.0.0:8080 on the real host',
      'process RootlessKit port driver: slirp4netns',
      'interface eth0 192.168.1.10',
      'chain nat PREROUTING',
    ]);
    expect(r.hops[1]?.detail).toMatch(/^listening: slirp4netns/);
    expect(h).toContain(`nat DNAT → ${ipOf(lab(), 'web')}:80`);
    expect(h.at(-1)).toBe('endpoint web:80/tcp');
  });

  it('a port RootlessKit does not forward is stopped on the real host, whatever the namespace has', () => {
    const r = trace(rootless({ ...KIT, ports: [] }), 'outside', 'host', 8080);
    expect(r).toMatchObject({
      verdict: 'blocked',
      reason: 'RootlessKit forwards no tcp port 8080 from the real host into its namespace',
    });
    expect(hops(r)).toEqual(['endpoint outside', 'socket no RootlessKit port 8080/tcp on the real host']);
    expect(r.hops[1]?.detail).toBe('it forwards no port');
  });

  it('without what RootlessKit forwards, or its driver, the path is uncertain, never a plain delivery', () => {
    const none = trace(rootless(null), 'outside', 'host', 8080);
    expect(none.verdict).toBe('uncertain');
    expect(none.missing).toEqual(["RootlessKit's port driver and forwarded ports (not captured)"]);
    const noApi = trace(rootless({ ...KIT, ports: null }), 'outside', 'host', 8080);
    expect(noApi.verdict).toBe('uncertain');
    expect(noApi.missing).toContain("RootlessKit's forwarded ports (its API could not be read)");
    expect(hops(noApi).at(-1)).toBe('endpoint web:80/tcp');
    const other = trace(rootless({ ...KIT, portDriver: 'implicit' }), 'outside', 'host', 8080);
    expect(other.missing).toEqual(["how RootlessKit's implicit port driver delivers into its namespace"]);
  });

  it("a published port's path starts outside even for a loopback binding (RootlessKit's, on the real host)", () => {
    const s = rootless(KIT);
    const flow = s.natFlows.find((f) => f.kind === 'dnat' && f.hostPort === 5353);
    const r = publishedPortPath(s, flow?.id ?? '');
    expect(hops(r).slice(0, 3)).toEqual([
      'endpoint outside',
      'socket udp 127.0.0.1:5353 on the real host',
      'process RootlessKit port driver: builtin',
    ]);
    expect(r.verdict).toBe('delivered');
    expect(r.delivered?.containers).toEqual(['dns']);
  });

  it('a rootful snapshot is untouched: outside arrives on the NIC', () => {
    expect(hops(trace(lab(), 'outside', 'host', 8080))[1]).toBe('interface eth0 192.168.1.10');
  });
});

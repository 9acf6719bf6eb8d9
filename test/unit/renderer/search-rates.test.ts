// Search/filter, live rates and status words.
import { describe, expect, it } from 'vitest';
import { hiddenBy, parseQuery, search } from '../../../renderer/src/lib/search.js';
import { cableRate, formatRate, indexRates, isIdle, strokeFor } from '../../../renderer/src/lib/rates.js';
import { adviceFor, partialView, statusView } from '../../../renderer/src/lib/status.js';
import { inspect, rulesMentioning } from '../../../renderer/src/lib/inspect.js';
import { computeLayout } from '../../../renderer/src/lib/layout/compute.js';
import { syntheticSnapshot } from '../../support/snapshot-factory/index.js';

const s = syntheticSnapshot({ containers: 24, networks: 3 });

describe('search', () => {
  it('parses field prefixes', () => {
    expect(parseQuery('web net:AppNet port:80')).toEqual([
      { field: null, text: 'web' },
      { field: 'net', text: 'appnet' },
      { field: 'port', text: '80' },
    ]);
  });

  it('finds containers by name, network, IP and port', () => {
    const c = s.containers.find((x) => x.ports.length > 0)!;
    expect(search(s, c.name).some((h) => h.id === c.name)).toBe(true);
    expect(search(s, `ip:${c.endpoints[0]!.ipv4!}`).map((h) => h.id)).toContain(c.name);
    const port = String(c.ports[0]!.hostPort);
    expect(search(s, `port:${port}`).map((h) => h.kind)).toEqual(
      expect.arrayContaining(['container', 'nat-flow']),
    );
    expect(
      search(s, 'net:appnet')
        .filter((h) => h.kind === 'container')
        .every((h) =>
          s.containers.find((x) => x.name === h.id)?.endpoints.some((e) => e.network === 'appnet'),
        ),
    ).toBe(true);
    expect(search(s, '')).toEqual([]);
  });

  it('filters boxes: everything not matching is hidden', () => {
    const hidden = hiddenBy(s, 'net:appnet');
    const l = computeLayout(s, { hidden });
    expect(l.boxes.length).toBeGreaterThan(0);
    for (const b of l.boxes)
      expect(
        s.containers.find((c) => c.name === b.containers[0]?.name)?.endpoints.map((e) => e.network),
      ).toContain('appnet');
    expect(l.boxes.filter((b) => b.column === 'net:appnet').length).toBe(
      computeLayout(s).boxes.filter((b) => b.column === 'net:appnet').length,
    );
    expect(hiddenBy(s, '  ').size).toBe(0);
  });
});

describe('rates', () => {
  const l = computeLayout(s);
  const cable = l.cables.find((c) => c.kind === 'veth')!;
  it('gives a cable its host veth rate, thicker when busy, quiet when idle', () => {
    const idle = indexRates({
      at: '',
      intervalMs: 2000,
      full: true,
      interfaces: [
        {
          id: cable.to,
          rxBytes: 0,
          txBytes: 0,
          rxPackets: 0,
          txPackets: 0,
          rxBps: 0,
          txBps: 0,
          rxPps: 0,
          txPps: 0,
        },
      ],
      rules: [],
    });
    expect(isIdle(cableRate(cable, idle))).toBe(true);
    expect(formatRate(cableRate(cable, idle))).toBe('');
    const busy = indexRates({
      at: '',
      intervalMs: 2000,
      full: true,
      interfaces: [
        {
          id: cable.to,
          rxBytes: 0,
          txBytes: 0,
          rxPackets: 0,
          txPackets: 0,
          rxBps: 1_500_000,
          txBps: 500_000,
          rxPps: 1000,
          txPps: 500,
        },
      ],
      rules: [],
    });
    expect(formatRate(cableRate(cable, busy))).toBe('2.0 MB/s');
    expect(strokeFor(cableRate(cable, busy))).toBeGreaterThan(strokeFor(cableRate(cable, idle)));
    expect(cableRate(cable, indexRates(null))).toBeNull();
  });
});

describe('status and inspector words', () => {
  it('tells the user what to do', () => {
    expect(adviceFor('connect EACCES /var/run/docker.sock').title).toMatch(/permission/i);
    expect(adviceFor('connect ENOENT /var/run/docker.sock').title).toMatch(/not running/i);
    expect(adviceFor('connect ECONNREFUSED 10.0.0.1:22').title).toMatch(/reached/i);
    expect(
      statusView(
        { state: 'reconnecting', attempt: 3, nextRetryAt: new Date(10_000).toISOString(), reason: 'x' },
        4_000,
      ).label,
    ).toContain('6s');
    const partial = structuredClone(s);
    partial.host.collected.kernel = false;
    expect(partialView(partial)).toMatch(/kernel/);
    expect(partialView(s)).toBeNull();
    const desktop = structuredClone(partial);
    desktop.host.vm = { product: 'Docker Desktop', hidden: ['the VM bridges'], shown: ['containers'] };
    expect(partialView(desktop)).toBe(
      'Docker Desktop runs the engine in a VM that Netlens cannot look into. Shown: containers. Not shown: the VM bridges.',
    );
  });

  it('inspects containers, interfaces, flows and cables with their rules', () => {
    const c = s.containers.find((x) => x.ports.length > 0)!;
    const info = inspect(s, c.name)!;
    expect(info.sections[0]?.value).toEqual(c);
    expect(info.rules.some((r) => r.target === 'DNAT')).toBe(true);
    const bridge = inspect(s, 'host/docker0')!;
    expect(bridge.kind).toBe('bridge');
    expect(bridge.rules.every((r) => /docker0/.test(r.text))).toBe(true);
    expect(rulesMentioning(s.firewall.rules, { ifaces: ['docker'] })).toEqual([]);
    const flow = s.natFlows.find((f) => f.kind === 'dnat')!;
    expect(inspect(s, flow.id)?.rules.map((r) => r.id)).toContain(flow.rule);
    const cable = computeLayout(s).cables[0]!;
    expect(inspect(s, cable.id)?.kind).toBe('cable');
    expect(inspect(s, 'nothing')).toBeNull();
  });
});

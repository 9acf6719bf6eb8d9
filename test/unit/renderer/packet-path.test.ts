// The app's packet paths (through the shared path engine) on the synthetic snapshot the drawing uses:
// DNAT hops in order, container pairs, isolation, and only drawn items highlighted.
import { describe, expect, it } from 'vitest';
import { containerPath, dnatPath } from '../../../renderer/src/lib/packet-path.js';
import { netIndex, routeFor } from '../../../src/model/path/net-index.js';
import { computeLayout } from '../../../renderer/src/lib/layout/compute.js';
import { syntheticSnapshot } from '../../support/snapshot-factory/index.js';

const s = syntheticSnapshot({ containers: 16, networks: 3, problems: true });
const flow = s.natFlows.find((f) => f.kind === 'dnat' && f.container !== null);
if (flow?.kind !== 'dnat') throw new Error('synthetic snapshot has no DNAT flow');
const target = s.containers.find((c) => c.name === flow.container)!;
const bridge = s.networks.find((n) => n.name === flow.network)!.bridge!;

describe('dnatPath', () => {
  it('lists outside → host interface → nat PREROUTING → DOCKER DNAT → route → filter FORWARD → bridge → veth → peer → container', () => {
    const p = dnatPath(s, flow.id);
    expect(p.verdict).toBe('delivered');
    const kinds = p.hops.map((h) => h.kind);
    const order = [
      'endpoint',
      'interface',
      'chain',
      'nat',
      'route',
      'chain',
      'bridge',
      'veth',
      'cable',
      'interface',
      'endpoint',
    ];
    let at = -1;
    for (const k of order) {
      at = kinds.indexOf(k as (typeof kinds)[number], at + 1);
      expect(at, `${k} after position`).toBeGreaterThan(-1);
    }
    expect(p.hops[1]?.item).toBe('host/eth0');
    expect(p.hops.map((h) => h.label)).toEqual(
      expect.arrayContaining(['nat PREROUTING', 'nat DOCKER', 'filter FORWARD']),
    );
    const dnat = p.hops.find((h) => h.kind === 'nat')!;
    expect(dnat.label).toBe(`DNAT → ${flow.toAddress}:${flow.toPort}`);
    expect(dnat.rule?.id).toBe(flow.rule);
    expect(p.hops.find((h) => h.kind === 'route')?.label).toContain(bridge.slice(5));
    const accept = p.hops.find((h) => h.kind === 'rule' && h.label.includes('accept'))!;
    expect(s.firewall.rules.find((r) => r.id === accept.rule?.id)?.text).toContain(`-d ${flow.toAddress}/32`);
    expect(p.items.at(-2)).toBe(flow.endpoint);
    expect(p.items.at(-1)).toBe(target.namespace);
  });

  it('names drawn items only, in the ids the drawing uses', () => {
    const l = computeLayout(s);
    const drawn = new Set([...l.index.keys(), ...l.cables.map((c) => c.id)]);
    for (const id of dnatPath(s, flow.id).items) expect(drawn.has(id), id).toBe(true);
  });

  it('stops at the rule that points nowhere', () => {
    const unknown = s.natFlows.find((f) => f.kind === 'dnat' && f.container === null)!;
    const p = dnatPath(s, unknown.id);
    expect(p.verdict).toBe('blocked');
    expect(p.hops.at(-1)?.blocked).toBe(true);
  });

  it('reports a DROP policy when no rule accepts', () => {
    const strict = structuredClone(s);
    strict.firewall.rules = strict.firewall.rules.filter(
      (r) => !(r.table === 'filter' && r.target === 'ACCEPT'),
    );
    const p = dnatPath(strict, flow.id);
    expect(p.verdict).toBe('blocked');
    expect(p.reason).toContain('policy');
  });
});

describe('containerPath', () => {
  const byNet = (net: string) =>
    s.containers
      .filter((c) => c.endpoints.length === 1 && c.endpoints[0]?.network === net)
      .map((c) => c.name);

  it('crosses the bridge between containers on one network', () => {
    const [a, b] = byNet('bridge');
    const p = containerPath(s, a!, b!);
    expect(p.verdict).toBe('delivered');
    expect(p.hops.filter((h) => h.kind === 'bridge').every((h) => h.item === 'host/docker0')).toBe(true);
    expect(p.items.at(-1)).toBe(`container:${b}`);
  });

  it('shows the isolation DROP between two networks', () => {
    const a = byNet('appnet')[0]!;
    const b = byNet('bridge')[0]!;
    const p = containerPath(s, a, b, { port: 80 });
    expect(p.verdict).toBe('blocked');
    const drop = p.hops.find((h) => h.blocked)!;
    expect(drop.label).toContain('DOCKER-ISOLATION-STAGE-2');
    expect(s.firewall.rules.find((r) => r.id === drop.rule?.id)?.target).toBe('DROP');
  });

  it('stays on loopback inside a shared namespace', () => {
    const sidecar = s.containers.find((c) => c.networkMode.startsWith('container:'))!;
    const owner = sidecar.networkMode.slice('container:'.length);
    expect(containerPath(s, owner, sidecar.name)).toMatchObject({
      verdict: 'delivered',
      reason: expect.stringContaining('loopback') as string,
    });
  });

  it('says when a container is not running', () => {
    expect(containerPath(s, 'old-job-1', 'web-01').verdict).toBe('blocked');
  });
});

describe('routeFor', () => {
  it('picks the longest prefix', () => {
    const ix = netIndex(s);
    const dev = (d: ReturnType<typeof routeFor>) => (d.kind === 'unicast' ? d.route : null);
    expect(dev(routeFor(ix, 'host', '172.17.0.9'))?.dev).toBe('docker0');
    expect(dev(routeFor(ix, 'host', '8.8.8.8'))?.dst).toBe('default');
  });
});

// Findings by cause: one host veth at a lower MTU pulls its bridge down and the real finder reports
// every container on it; the app says it once, names the veth and lists the containers.
import { describe, expect, it } from 'vitest';
import { groupFindings } from '../../../renderer/src/lib/findings-group.js';
import { findProblems } from '../../../src/topology/findings.js';
import type { DnatFlow, Snapshot } from '../../../src/model/snapshot.js';
import { syntheticSnapshot } from '../../support/snapshot-factory/index.js';

/** The snapshot with one host veth on docker0 at MTU 1400, and docker0 following it (as Linux does). */
function oddVeth(): { s: Snapshot; odd: string } {
  const s = structuredClone(syntheticSnapshot({ containers: 24, networks: 1 }));
  const bridge = s.interfaces.find((i) => i.id === 'host/docker0')!;
  const odd = s.interfaces.find((i) => i.namespace === 'host' && i.master === bridge.id)!;
  odd.mtu = 1400;
  bridge.mtu = 1400;
  s.findings = findProblems({
    containers: s.containers,
    interfaces: s.interfaces,
    networks: s.networks,
    firewall: s.firewall,
    dnat: s.natFlows.filter((f): f is DnatFlow => f.kind === 'dnat'),
    kernelComplete: true,
  });
  return { s, odd: odd.id };
}

describe('findings grouped by cause', () => {
  it('turns every MTU finding of one bridge into one, naming the odd device and the containers it affects', () => {
    const { s, odd } = oddVeth();
    // The container ends the finder names (in one finding for the bridge, or one each).
    const ends = new Set(
      s.findings
        .filter((f) => f.code === 'mtu-mismatch')
        .flatMap((f) => f.subjects.filter((id) => id !== 'host/docker0')),
    );
    expect(ends.size).toBeGreaterThan(10);
    const groups = groupFindings(s, s.findings).filter((g) => g.code === 'mtu-mismatch');
    expect(groups).toHaveLength(1);
    const [g] = groups;
    expect(g!.causes.map((c) => c.id)).toEqual([odd]);
    expect(g!.detail).toContain(odd.slice('host/'.length));
    expect(g!.title).toContain('docker0');
    expect(g!.affected).toHaveLength(ends.size);
    // Listed by container name, in natural order.
    const names = g!.affected.map((a) => a.label);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    expect(g!.subjects[0]).toBe(odd);
  });

  it('keeps one group per kind of cause for the other findings', () => {
    const s = syntheticSnapshot({ containers: 14, networks: 3, problems: true });
    const groups = groupFindings(s, s.findings);
    expect(new Set(groups.map((g) => g.code)).size).toBe(groups.length);
    expect(groups.reduce((n, g) => n + g.affected.length, 0)).toBeGreaterThanOrEqual(s.findings.length);
  });
});

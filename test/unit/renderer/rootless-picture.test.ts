// Rootless Docker in the picture: a published port's flow says it comes from the real host through
// RootlessKit's port driver before Docker's DNAT; a rootful host's flows say nothing of the kind.
import { describe, expect, it } from 'vitest';
import { computeLayout } from '../../../renderer/src/lib/layout/compute.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

const spec = {
  containers: [{ name: 'web', ports: [{ containerPort: 80, hostPort: 8080 }] }],
};

describe('rootless flows in the picture', () => {
  it("names RootlessKit's port driver on each published port's flow", () => {
    const s = buildSnapshot(spec);
    s.host.rootless = true;
    s.host.rootlessKit = {
      pid: 4242,
      childPid: 4250,
      network: 'slirp4netns',
      portDriver: 'builtin',
      childIp: '10.0.2.100',
      ports: [{ protocol: 'tcp', parentIp: '0.0.0.0', parentPort: 8080, childIp: null, childPort: 8080 }],
    };
    const flows = computeLayout(s).flows.filter((f) => f.kind === 'dnat');
    expect(flows.length).toBeGreaterThan(0);
    for (const f of flows)
      expect(f.title).toMatch(/^real host → RootlessKit \(builtin port driver\) → .*:8080\/tcp → DNAT/);
  });

  it('leaves a rootful host as it was', () => {
    const flows = computeLayout(buildSnapshot(spec)).flows.filter((f) => f.kind === 'dnat');
    expect(flows.length).toBeGreaterThan(0);
    for (const f of flows) expect(f.title).not.toMatch(/RootlessKit/);
  });
});

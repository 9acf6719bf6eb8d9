// `netlens snapshot --summary` on a Swarm node: the routing mesh's marks, IPVS services and tasks per
// sandbox, and the plain words when this kernel has no IPVS.
import { describe, expect, it } from 'vitest';
import { parseMeshMarks } from '../../../src/collect/kernel/parse-mesh.js';
import { formatSummary } from '../../../src/cli/summary.js';
import { MANGLE, meshNode, meshRead } from '../../support/mesh-snapshot.js';

const section = (text: string) => text.slice(text.indexOf('Routing mesh')).split('\n\n')[0]?.split('\n');

describe('the summary of a routing mesh', () => {
  it('lists each marked port and VIP with its IPVS service and the tasks behind it', () => {
    expect(section(formatSummary(meshNode(meshRead())))).toEqual([
      'Routing mesh (mangle MARK → IPVS → tasks)',
      '  container:sbox (IPVS read)',
      '    tcp/8080 (web): MARK 0x100 → IPVS FWM 0x100 rr → 10.0.0.7 (web.1.abc), 10.0.0.8 (on node-2)',
      '    tcp/8443 (web): MARK 0x101 → IPVS FWM 0x101 rr → no task',
      '    tcp/9000: MARK 0x1ff → no IPVS service for 0x1ff',
      '    10.0.0.2/32 (web): MARK 0x100 → IPVS FWM 0x100 rr → 10.0.0.7 (web.1.abc), 10.0.0.8 (on node-2)',
    ]);
  });

  it('says so where the kernel has no IPVS, and prints no section without a mesh', () => {
    const absent = meshNode({ ipvs: 'absent', services: [], marks: parseMeshMarks(MANGLE), error: null });
    expect(section(formatSummary(absent))?.slice(0, 3)).toEqual([
      'Routing mesh (mangle MARK → IPVS → tasks)',
      '  container:sbox (no IPVS: this kernel has no ip_vs module, the mesh cannot balance)',
      '    tcp/8080 (web): MARK 0x100 → no IPVS',
    ]);
    expect(formatSummary(meshNode(undefined))).not.toContain('Routing mesh');
  });
});

// The routing mesh's part of `netlens snapshot --summary`: per mesh sandbox (`ingress_sbox`, `lb_<id>`),
// each marked published port or virtual IP, the IPVS service its mark chooses and the tasks behind it,
// or why there is none (no IPVS in this kernel, no service, no task).
import { backendText, markText, meshEntries, type MeshEntry } from '../model/mesh.js';
import type { Mesh, Snapshot } from '../model/snapshot.js';

const IPVS_STATE: Record<Mesh['ipvs'], string> = {
  read: 'IPVS read',
  absent: 'no IPVS: this kernel has no ip_vs module, the mesh cannot balance',
  unreadable: 'IPVS unreadable',
};

function entryLine(e: MeshEntry): string {
  const m = e.mark;
  const what = m.port !== null ? `${m.protocol ?? 'tcp'}/${m.port}` : (m.destination ?? m.chain);
  const service = e.serviceName ? ` (${e.serviceName})` : '';
  const mark = markText(m.mark);
  const to =
    e.state === 'balanced' || e.state === 'no-backends'
      ? `IPVS FWM ${mark} ${e.ipvs?.scheduler ?? '?'} → ${e.backends.map(backendText).join(', ') || 'no task'}`
      : e.state === 'no-service'
        ? `no IPVS service for ${mark}`
        : e.state === 'ipvs-absent'
          ? 'no IPVS'
          : 'IPVS not read';
  return `    ${what}${service}: MARK ${mark} → ${to}`;
}

/** Lines of the "Routing mesh" section; none when no mesh sandbox was read. */
export function meshLines(s: Snapshot): string[] {
  const sandboxes = s.namespaces.filter((n) => n.mesh);
  if (sandboxes.length === 0) return [];
  const out = ['', 'Routing mesh (mangle MARK → IPVS → tasks)'];
  for (const ns of sandboxes) {
    const mesh = ns.mesh as Mesh;
    const error = mesh.ipvs === 'unreadable' && mesh.error ? `: ${mesh.error}` : '';
    out.push(`  ${ns.id} (${IPVS_STATE[mesh.ipvs]}${error})`);
    if (mesh.marks === null) out.push('    mangle table not read');
    else if (mesh.marks.length === 0) out.push('    no MARK rule');
    for (const e of meshEntries(s, ns)) out.push(entryLine(e));
  }
  return out;
}

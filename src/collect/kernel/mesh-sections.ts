// The kernel script's `ipvs` and `mangle` sections of Swarm's mesh sandboxes turned into each
// sandbox's Mesh facts: `cat /proc/net/ip_vs` failing with ENOENT means the kernel has no IPVS (no
// ip_vs module: the case the `service-port-without-ingress` finding explains), any other failure is
// an unreadable table with its reason.
import type { Mesh } from '../../model/snapshot.js';
import { NS_TIMEOUT_S } from './kernel-script.js';
import { parseIpvs, parseMeshMarks } from './parse-mesh.js';
import { decodeNamespacePath, type Section } from './parse-sections.js';

const firstLine = (text: string) =>
  text
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim()
    .slice(0, 200) ?? '';

function failure(section: Section): string {
  if (!section.complete) return 'output cut short';
  if (section.code === 137) return `no answer within ${NS_TIMEOUT_S} s`;
  return firstLine(section.stderr) || `exit status ${String(section.code)}`;
}

/** Mesh facts per namespace path, from the sections the script printed for mesh sandboxes. */
export function meshSections(sections: readonly Section[], problems: string[]): Map<string, Mesh> {
  const out = new Map<string, Mesh>();
  for (const section of sections) {
    if (section.name !== 'ipvs') continue;
    const path = decodeNamespacePath(section.args[0] ?? '');
    if (!path) continue;
    const ok = section.complete && section.code === 0;
    const absent = !ok && section.complete && /No such file or directory/.test(section.stderr);
    const own: string[] = [];
    const services = ok ? parseIpvs(section.stdout, own) : [];
    for (const p of own) problems.push(`${path}: ${p}`);
    out.set(path, {
      ipvs: ok ? 'read' : absent ? 'absent' : 'unreadable',
      services,
      marks: null,
      error: ok || absent ? null : failure(section),
    });
  }
  for (const section of sections) {
    if (section.name !== 'mangle') continue;
    const path = decodeNamespacePath(section.args[0] ?? '');
    const mesh = path === null ? undefined : out.get(path);
    if (!path || !mesh) continue;
    if (section.complete && section.code === 0) {
      const own: string[] = [];
      mesh.marks = parseMeshMarks(section.stdout, own);
      for (const p of own) problems.push(`${path}: ${p}`);
    } else problems.push(`${path}: its mangle table could not be read: ${failure(section)}`);
  }
  return out;
}

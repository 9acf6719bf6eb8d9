// Which packet path the user asked for.
import type { Snapshot } from '../../../src/model/snapshot.js';
import { containerPath, dnatPath, type PacketPath } from './packet-path.js';

export type PathSpec =
  { kind: 'flow'; id: string } | { kind: 'pair'; from: string; to: string; port: number | null };

export function pathFor(snapshot: Snapshot, spec: PathSpec): PacketPath {
  return spec.kind === 'flow'
    ? dnatPath(snapshot, spec.id)
    : containerPath(snapshot, spec.from, spec.to, { port: spec.port });
}

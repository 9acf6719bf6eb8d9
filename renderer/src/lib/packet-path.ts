// The packet path panel's questions, answered by the one path engine (src/model/path/engine.ts) that
// `netlens path` uses too: a published port from outside (from the host for a loopback binding), or
// from one end (container, host, outside) to another.
import type { Snapshot } from '../../../src/model/snapshot.js';
import {
  parseEnd,
  PathError,
  publishedPortPath,
  tracePath,
  type PathResult,
} from '../../../src/model/path/engine.js';

export type PacketPath = PathResult;
export type { PathHop as Hop, HopKind } from '../../../src/model/path/types.js';

/** A question the engine refused (an unknown container or flow): shown as an uncertain path. */
function refused(title: string, error: unknown): PacketPath {
  if (!(error instanceof PathError)) throw error;
  return {
    title,
    from: '',
    to: '',
    protocol: '',
    port: null,
    hops: [],
    verdict: 'uncertain',
    reason: error.message,
    blockedBy: null,
    missing: [error.message],
    delivered: null,
    items: [],
  };
}

export function dnatPath(snapshot: Snapshot, flowId: string): PacketPath {
  try {
    return publishedPortPath(snapshot, flowId);
  } catch (error) {
    return refused(flowId, error);
  }
}

export interface PairOptions {
  port?: number | null;
  protocol?: string;
}

/** From one end to another; each end is a container name, `host` or `outside`. */
export function containerPath(
  snapshot: Snapshot,
  from: string,
  to: string,
  options: PairOptions = {},
): PacketPath {
  try {
    return tracePath(snapshot, {
      from: parseEnd(from, snapshot),
      to: parseEnd(to, snapshot),
      port: options.port ?? null,
      ...(options.protocol && { protocol: options.protocol }),
    });
  } catch (error) {
    return refused(`${from} → ${to}`, error);
  }
}

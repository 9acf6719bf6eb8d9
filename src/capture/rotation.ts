// A reconcile in slices. A full capture of a thousand containers takes seconds, and a Docker event
// arriving meanwhile waited for all of it. A rotation reads the same things again a slice at a time
// (some containers inspected, some namespaces read), each slice a short capture of its own, and ends
// with a capture that lists the containers, reads the engine, the host and the firewall whole: after
// it, everything a full capture reads has been read since the rotation began. Pure bookkeeping.

export interface Rotation {
  /** Container ids not yet inspected again in this rotation. */
  containers: string[];
  /** Namespace paths (other than those containers') not yet read again. */
  paths: string[];
  /** Containers lacking their namespace when the rotation began (see TransientMemory). */
  pending: ReadonlySet<string>;
}

export interface Slice {
  containers: string[];
  paths: string[];
  /** Nothing left to read again: this is the rotation's last capture (list, engine, host, firewall). */
  last: boolean;
}

export function startRotation(
  containers: Iterable<string>,
  paths: Iterable<string>,
  containerPaths: ReadonlySet<string>,
  pending: ReadonlySet<string>,
): Rotation {
  return {
    containers: [...containers],
    paths: [...paths].filter((p) => !containerPaths.has(p)),
    pending,
  };
}

/** The next `size` containers and `size` namespaces; the last slice is an empty one. */
export function takeSlice(rotation: Rotation, size: number): Slice {
  const n = Math.max(1, Math.floor(size));
  const containers = rotation.containers.splice(0, n);
  const paths = rotation.paths.splice(0, n);
  return { containers, paths, last: containers.length === 0 && paths.length === 0 };
}

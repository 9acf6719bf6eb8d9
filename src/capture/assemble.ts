// Builds the snapshot of one capture from what was read: a part that could not be read becomes a
// warning (the Docker API view is still shown), and hosts whose network the kernel view cannot show
// (rootless Docker, Docker Desktop) say so.
import type { DockerFacts } from '../collect/docker/docker-facts.js';
import type { KernelReading } from '../collect/kernel/read-kernel.js';
import type { Snapshot, Warning } from '../model/snapshot.js';
import { buildSnapshot } from '../topology/build.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export const settle = <T>(p: Promise<T>): Promise<Outcome<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

export function assemble(
  target: string,
  capturedAt: string,
  docker: DockerFacts,
  kernel: Outcome<KernelReading>,
): Snapshot {
  const warnings: Warning[] = [];
  if (!kernel.ok) {
    const reason = kernel.error instanceof Error ? kernel.error.message : String(kernel.error);
    warnings.push({
      part: 'kernel',
      code: 'kernel-unavailable',
      message: `the kernel and firewall view could not be read (${reason}); showing what the Docker API reports`,
    });
  }
  if (docker.rootless) {
    warnings.push({
      part: 'docker',
      code: 'rootless',
      message:
        "rootless Docker: its bridges, veths and rules live inside RootlessKit's namespaces, which this capture does not enter",
    });
  }
  if (docker.os?.includes('Docker Desktop')) {
    warnings.push({
      part: 'docker',
      code: 'docker-desktop',
      message: "Docker Desktop: the engine runs in a VM, so the host's kernel view does not show its network",
    });
  }
  return buildSnapshot({
    target,
    capturedAt,
    docker,
    kernel: kernel.ok ? kernel.value.kernel : null,
    firewall: kernel.ok ? kernel.value.firewall : null,
    warnings,
  });
}

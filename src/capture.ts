// One capture of a host: Docker API and the batched kernel/firewall script run side by side,
// then the pure builder joins them. A missing part becomes a warning, never a failed capture,
// except an unreachable Docker engine, without which there is nothing to explain.
import { collectDocker } from './collect/docker.js';
import { parseFirewall } from './collect/firewall.js';
import { collectKernel } from './collect/kernel.js';
import type { Connection } from './connection/types.js';
import type { Snapshot, Warning } from './model/snapshot.js';
import { buildSnapshot } from './topology/build.js';

export interface CaptureOptions {
  /** Target as the user named it (defaults to the connection's). */
  target?: string;
  now?: () => Date;
}

export async function capture(conn: Connection, options: CaptureOptions = {}): Promise<Snapshot> {
  const kernelRun = collectKernel(conn).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const docker = await collectDocker(conn.docker, conn.dockerConcurrency);
  const kernel = await kernelRun;
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
    target: options.target ?? conn.target,
    capturedAt: (options.now?.() ?? new Date()).toISOString(),
    docker,
    kernel: kernel.ok ? kernel.value.kernel : null,
    firewall: kernel.ok ? parseFirewall(kernel.value.firewall) : null,
    warnings,
  });
}

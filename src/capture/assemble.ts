// Builds the snapshot of one capture from what was read: a part that could not be read becomes a
// warning (the Docker API view is still shown), and hosts whose network the kernel view cannot show
// (rootless Docker, Docker Desktop) say so.
import { warning } from '../model/warning.js';
import type { DockerFacts } from '../collect/docker/docker-facts.js';
import type { KernelReading } from '../collect/kernel/read-kernel.js';
import type { RootlessKit, Snapshot, Warning } from '../model/snapshot.js';
import { buildSnapshot } from '../topology/build.js';
import type { TransientInput } from '../topology/transient.js';
import { vmOf } from './vm.js';

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
  dockerHost?: string,
  /** The kernel view was read inside RootlessKit's namespaces (rootless Docker). */
  insideRootless = false,
  /** What of the ssh config was not honoured (Connection.warnings). */
  connectionWarnings: readonly string[] = [],
  /** A live capture's memory of the last one (containers between states). */
  transient?: TransientInput,
  /** Rootless Docker: RootlessKit's drivers and forwarded ports, read on the real host. */
  rootlessKit: RootlessKit | null = null,
): Snapshot {
  // Settings of the ssh config that were not honoured: the picture may not be of the host meant.
  const warnings: Warning[] = connectionWarnings.map((detail) =>
    warning('connection', 'ssh-config', 'warning.sshConfig', { detail }),
  );
  const vm = vmOf(docker, dockerHost);
  if (!kernel.ok && !vm) {
    const reason = kernel.error instanceof Error ? kernel.error.message : String(kernel.error);
    warnings.push(warning('kernel', 'kernel-unavailable', 'warning.kernelUnavailable', { reason }));
  }
  // Rootless Podman: its containers' namespaces are bound in its own user and mount namespaces (its
  // pause process's), which the kernel reading enters when it can (insideRootless); its bridges live
  // in its rootless network namespace. The firewall of the namespace the pause process shares is the
  // real host's, whose rules (a rootful engine's, say) would be drawn as this engine's: left out, and
  // so is the whole kernel view when the namespaces could not be entered.
  const rootlessPodman = docker.rootless && docker.engine === 'podman';
  if (rootlessPodman) {
    warnings.push(
      insideRootless
        ? warning('docker', 'rootless-podman', 'warning.rootlessPodmanInside', {})
        : warning('docker', 'rootless-podman', 'warning.rootlessPodman', {}),
    );
  } else if (docker.rootless) {
    warnings.push(
      insideRootless
        ? warning('docker', 'rootless', 'warning.rootlessInside', {
            portDriver: rootlessKit?.portDriver ?? '',
            network: rootlessKit?.network ?? '',
          })
        : warning('docker', 'rootless', 'warning.rootlessOutside', {}),
    );
  }
  if (vm) {
    warnings.push(
      warning('docker', 'docker-desktop', 'warning.vm', {
        product: vm.product,
        hidden: vm.hidden.join('; '),
      }),
    );
  }
  // The kernel read here is this machine's, not the VM's: drawing it as the engine's host would mislead.
  const read = kernel.ok && !vm && (!rootlessPodman || insideRootless) ? kernel.value : null;
  const snapshot = buildSnapshot({
    target,
    capturedAt,
    docker,
    kernel: read?.kernel ?? null,
    firewall: rootlessPodman ? null : (read?.firewall ?? null),
    warnings,
    dockerHost: dockerHost ?? null,
    vm,
    ...(transient ? { transient } : {}),
  });
  if (docker.rootless) snapshot.host.rootlessKit = insideRootless ? rootlessKit : null;
  return snapshot;
}

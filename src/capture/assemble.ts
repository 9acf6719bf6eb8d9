// Builds the snapshot of one capture from what was read: a part that could not be read becomes a
// warning (the Docker API view is still shown), and hosts whose network the kernel view cannot show
// (rootless Docker, Docker Desktop) say so.
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
  const warnings: Warning[] = connectionWarnings.map((message) => ({
    part: 'connection',
    code: 'ssh-config',
    message,
  }));
  const vm = vmOf(docker, dockerHost);
  if (!kernel.ok && !vm) {
    const reason = kernel.error instanceof Error ? kernel.error.message : String(kernel.error);
    warnings.push({
      part: 'kernel',
      code: 'kernel-unavailable',
      message: `the kernel and firewall view could not be read (${reason}); showing what the Docker API reports`,
    });
  }
  // Rootless Podman: its containers' namespaces are bound in its own user and mount namespaces (its
  // pause process's), which the kernel reading enters when it can (insideRootless); its bridges live
  // in its rootless network namespace. The firewall of the namespace the pause process shares is the
  // real host's, whose rules (a rootful engine's, say) would be drawn as this engine's: left out, and
  // so is the whole kernel view when the namespaces could not be entered.
  const rootlessPodman = docker.rootless && docker.engine === 'podman';
  if (rootlessPodman) {
    warnings.push({
      part: 'docker',
      code: 'rootless-podman',
      message: insideRootless
        ? "rootless Podman: its containers' namespaces were read inside Podman's user and mount namespaces (its pause process's); the host drawn is the real host's network namespace, whose firewall is not this engine's and is not read; published ports reach the containers through Podman's port forwarder (rootlessport) or slirp4netns, not through rules"
        : "rootless Podman: its containers' namespaces, bridges and rules live inside Podman's own user, mount and network namespaces, which this capture could not enter (name its socket, e.g. --docker-host unix:///run/user/<uid>/podman/podman.sock, and connect as root or its owner); showing the engine's API view only (containers, networks, addresses, published ports), not the real host's kernel and firewall",
    });
  } else if (docker.rootless) {
    warnings.push({
      part: 'docker',
      code: 'rootless',
      message: insideRootless
        ? `rootless Docker: the picture is RootlessKit's network namespace (its 'host'); published ports reach it from the real host through RootlessKit's port driver (${rootlessKit?.portDriver ?? 'not known'}), and its traffic leaves through ${rootlessKit?.network ?? 'its network driver (slirp4netns by default)'}`
        : "rootless Docker: its bridges, veths and rules live inside RootlessKit's namespaces, which this capture could not enter (name the daemon's socket, e.g. --docker-host unix:///run/user/<uid>/docker.sock, and connect as root or its owner)",
    });
  }
  if (vm) {
    warnings.push({
      part: 'docker',
      code: 'docker-desktop',
      message: `${vm.product}: the engine runs in a VM, so this machine's kernel and firewall say nothing about its network; showing the Docker API's view only (not shown: ${vm.hidden.join('; ')})`,
    });
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

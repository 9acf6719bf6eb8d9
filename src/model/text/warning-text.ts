// The collectors' warnings (snapshot.warnings, shown in the app's status bar) in English. A parser's
// own detail (a device, a command's stderr) stays as data inside the sentence.
type S = string;

export const WARNING_TEXT = {
  /** What a reader of the Docker API, the kernel or the firewall said (`detail`, its own English). */
  'warning.dockerData': (p: { detail: S }) => p.detail,
  'warning.kernelData': (p: { detail: S }) => p.detail,
  'warning.firewallData': (p: { detail: S }) => p.detail,
  /** An ssh config setting that was not honoured (`detail`: which and why). */
  'warning.sshConfig': (p: { detail: S }) => p.detail,
  'warning.kernelUnavailable': (p: { reason: S }) =>
    `the kernel and firewall view could not be read (${p.reason}); showing what the Docker API reports`,
  /** Rootless Podman whose namespaces this capture could not enter. */
  'warning.rootlessPodman': (_: object) =>
    "rootless Podman: its containers' namespaces, bridges and rules live inside Podman's own user, mount and network namespaces, which this capture could not enter (name its socket, e.g. --docker-host unix:///run/user/<uid>/podman/podman.sock, and connect as root or its owner); showing the engine's API view only (containers, networks, addresses, published ports), not the real host's kernel and firewall",
  'warning.rootlessPodmanInside': (_: object) =>
    "rootless Podman: its containers' namespaces were read inside Podman's user and mount namespaces (its pause process's); the host drawn is the real host's network namespace, whose firewall is not this engine's and is not read; published ports reach the containers through Podman's port forwarder (rootlessport) or slirp4netns, not through rules",
  /** `portDriver`, `network`: RootlessKit's; empty when not known. */
  'warning.rootlessInside': (p: { portDriver: S; network: S }) =>
    `rootless Docker: the picture is RootlessKit's network namespace (its 'host'); published ports reach it from the real host through RootlessKit's port driver (${p.portDriver || 'not known'}), and its traffic leaves through ${p.network || 'its network driver (slirp4netns by default)'}`,
  'warning.rootlessOutside': (_: object) =>
    "rootless Docker: its bridges, veths and rules live inside RootlessKit's namespaces, which this capture could not enter (name the daemon's socket, e.g. --docker-host unix:///run/user/<uid>/docker.sock, and connect as root or its owner)",
  /** `hidden`: what the VM keeps from view, `; `-separated. */
  'warning.vm': (p: { product: S; hidden: S }) =>
    `${p.product}: the engine runs in a VM, so this machine's kernel and firewall say nothing about its network; showing the Docker API's view only (not shown: ${p.hidden})`,
  /** `ids`: the first five namespaces, `, `-separated (then `, …`). */
  'warning.namespaceUnread': (p: { n: number; ids: S }) =>
    `the kernel view of ${p.n} container namespace(s) could not be read (${p.ids})`,
};

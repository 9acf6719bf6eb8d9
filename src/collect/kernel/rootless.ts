// Rootless Docker keeps its bridges, veths, namespaces and rules inside RootlessKit's user, mount and
// network namespaces. The one kernel exec enters them first: a constant wrapper reads RootlessKit's
// child pid (or the rootless dockerd's own pid, which shares those namespaces) from the pid files next
// to the engine's socket and execs `nsenter -U -m -n -t <pid>` into the usual script. Root may do that,
// and so may the user who owns the daemon, without any privilege on the host. Rootless Podman's are
// entered the same way, through its pause process (PODMAN_WRAPPER).

/** Where to find the pid whose namespaces hold a rootless engine's network. */
export interface RootlessEntry {
  /** Pid files tried in order: `<runtime dir>/dockerd-rootless/child_pid`, `<runtime dir>/docker.pid`. */
  pidFiles: string[];
  /**
   * Rootless Podman (see PODMAN_WRAPPER): its pause process's user and mount namespaces, where the
   * user's netns folder (`netns`) holds the containers' and the rootless network namespace's files.
   */
  podman?: { netnsDir: string };
}

const PATH = /^\/[A-Za-z0-9._@+,:=~/-]{1,255}$/;

/**
 * The entry for a rootless engine reached at `dockerHost` (`unix:///run/user/1001/docker.sock`: the
 * socket sits in $XDG_RUNTIME_DIR, next to dockerd-rootless.sh's state); null when it names no socket.
 */
export function rootlessEntry(dockerHost: string | undefined): RootlessEntry | null {
  const path = dockerHost?.startsWith('unix://') ? dockerHost.slice('unix://'.length) : null;
  if (!path || !PATH.test(path) || path.split('/').includes('..')) return null;
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  return { pidFiles: [`${dir}/dockerd-rootless/child_pid`, `${dir}/docker.pid`] };
}

/**
 * $1, $2: pid files; then `--` and the argument vector to run inside. The pid is read with the shell's
 * own `read` and must be digits; nothing from the files reaches a command line otherwise.
 */
export const ROOTLESS_WRAPPER = `
a=$1
b=$2
shift 3
# The engine's own pid (from the second pid file), for the script's docker-proxy reader; digits or nothing.
d=
if [ -r "$b" ] && { IFS= read -r d || [ -n "$d" ]; } < "$b"; then :; fi
case $d in ''|*[!0-9]*) d= ;; esac
NETLENS_ROOTLESS_DOCKERD=$d
export NETLENS_ROOTLESS_DOCKERD
for f in "$a" "$b"; do
  p=
  # A pid file may lack its final newline: then read fails but has filled p.
  if [ -r "$f" ] && { IFS= read -r p || [ -n "$p" ]; } < "$f"; then
    case $p in ''|*[!0-9]*) ;; *) exec nsenter -U -m -n -t "$p" -- "$@" ;; esac
  fi
done
echo "netlens: no RootlessKit pid in $a or $b (is the rootless daemon running, and is this its owner or root?)" >&2
exit 3
`;

/**
 * Rootless Podman reached at `unix:///run/user/<uid>/podman/podman.sock` (its default): the pause
 * process (`<runtime dir>/libpod/tmp/pause.pid`) holds Podman's user and mount namespaces, in which the
 * files of `<runtime dir>/netns/` are its containers' network namespaces (outside, empty files). Null for
 * any other socket path: its runtime folder is not known.
 */
export function podmanRootlessEntry(dockerHost: string | undefined): RootlessEntry | null {
  const m = /^unix:\/\/(\/run\/user\/[0-9]{1,10})\/podman\/[A-Za-z0-9._-]{1,64}\.sock$/.exec(
    dockerHost ?? '',
  );
  if (!m?.[1]) return null;
  return { pidFiles: [`${m[1]}/libpod/tmp/pause.pid`], podman: { netnsDir: `/var${m[1]}/netns` } };
}

/**
 * $1: the pause pid file, $2: the user's netns folder as the script lists it; then `--` and the argument
 * vector. Only user and mount namespaces are entered: the pause process lives in the real host's
 * network namespace. The script is told to read only that folder (the real host's other folders hold
 * a rootful engine's namespaces, which Podman's user namespace may not enter) and no firewall (the real
 * host's: not this engine's, and refused to a user namespace anyway).
 */
export const PODMAN_WRAPPER = `
f=$1
NETLENS_ONLY_NETNS=$2
NETLENS_NO_FIREWALL=1
export NETLENS_ONLY_NETNS NETLENS_NO_FIREWALL
shift 3
p=
if [ -r "$f" ] && { IFS= read -r p || [ -n "$p" ]; } < "$f"; then
  case $p in ''|*[!0-9]*) ;; *) exec nsenter -U -m -t "$p" -- "$@" ;; esac
fi
echo "netlens: no Podman pause process pid in $f (is rootless Podman running, and is this its owner or root?)" >&2
exit 3
`;

/** `inner` run inside the rootless engine's namespaces. */
export function rootlessArgv(entry: RootlessEntry, inner: string[]): string[] {
  if (entry.podman) {
    const [f = ''] = entry.pidFiles;
    const dir = entry.podman.netnsDir;
    if (![f, dir].every((x) => PATH.test(x) && !x.split('/').includes('..')))
      throw new Error('rootless entry: refusing pid file paths');
    return ['sh', '-c', PODMAN_WRAPPER, 'netlens-podman', f, dir, '--', ...inner];
  }
  const [a = '', b = ''] = entry.pidFiles;
  if (![a, b].every((f) => PATH.test(f) && !f.split('/').includes('..')))
    throw new Error('rootless entry: refusing pid file paths');
  return ['sh', '-c', ROOTLESS_WRAPPER, 'netlens-rootless', a, b, '--', ...inner];
}

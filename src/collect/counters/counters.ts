// The cheap poll: interface byte/packet totals and Docker's rule counters, in ONE exec. The script is a
// constant; host-derived values reach it only as validated arguments (data).
import type { Connection } from '../../connection/types.js';
import type { FirewallBackend, Interface, Snapshot } from '../../model/snapshot.js';
import { keyCounters, parseCountersOutput } from './counters-parse.js';
import { firewallCommandsFor } from '../firewall/firewall.js';
import type { CounterCommand, KeyedCounters } from './counters-parse.js';

// The host's own devices come from one `cat /proc/net/dev`; a container interface whose other end is a
// host veth is not read at all: a veth pair's ends mirror each other (what one sends the other
// receives), so its totals are the host end's, swapped (keyCounters). So an idle container costs the
// poll one line of /proc/net/dev, not a read of its namespace (reading each one from
// /proc/<pid>/net/dev with shell builtins was ~260 ms at 200 containers). Only namespaces with other
// interfaces (macvlan, a veth to another namespace…) are read: from /proc/<pid>/net/dev once `-ef`
// proves the pid still lives in that namespace, else nsenter + ip. Without root (the runner adds
// `sudo -n` when the capture used it) only the host is read.
// Arguments: $1 = firewall commands (words from COUNTER_COMMANDS), then pairs <pid|-> <netns path>.
// Every section ends with `@@netlens rc <status>` so a failing part never hides the others.
export const COUNTERS_SCRIPT = `
PATH="$PATH:/usr/sbin:/sbin"; L=$1; shift
if [ "$(id -u)" = 0 ]; then W=root; else W=none; fi
echo "@@netlens privilege $W"
echo "@@netlens netdev host"
cat /proc/net/dev 2>/dev/null; r=$?; echo; echo "@@netlens rc $r"
[ "$W" = root ] || exit 0
while [ $# -ge 2 ]; do
  p=$1; f=$2; shift 2
  case "$p" in ''|*[!0-9]*) p=- ;; esac
  # A namespace file reads as a regular file; anything else (a FIFO would block nsenter) is skipped.
  [ -f "$f" ] || continue
  if [ "$p" != - ] && [ /proc/$p/ns/net -ef "$f" ] && [ -r /proc/$p/net/dev ]; then
    printf '@@netlens netdev %s\\n' "$f"
    while IFS= read -r line; do printf '%s\\n' "$line"; done < /proc/$p/net/dev; r=$?
  else
    printf '@@netlens links %s\\n' "$f"
    nsenter --net="$f" ip -json -stats link show 2>/dev/null; r=$?
  fi
  echo; echo "@@netlens rc $r"
done
for c in $L; do
  case "$c" in
    iptables-nft-save|ip6tables-nft-save|iptables-legacy-save|ip6tables-legacy-save) set -- -c ;;
    nft) set -- -j list ruleset ;;
    *) continue ;;
  esac
  echo "@@netlens fw $c"
  if command -v "$c" >/dev/null 2>&1; then "$c" "$@" 2>/dev/null; r=$?; else r=127; fi
  echo; echo "@@netlens rc $r"
done
`;

/** The firewall commands worth running for this snapshot: those of the backends holding Docker's rules. */
export function counterCommandsFor(snapshot: Snapshot): CounterCommand[] {
  const backends = new Set<FirewallBackend>(snapshot.firewall.backends);
  if (snapshot.host.firewallBackend) backends.add(snapshot.host.firewallBackend);
  // The capture reads `nft -j list ruleset` as `nft-ruleset`; the counters script calls it `nft`.
  return firewallCommandsFor([...backends]).map((c): CounterCommand => (c === 'nft-ruleset' ? 'nft' : c));
}

export interface CountersSample extends KeyedCounters {
  /** When the output was received (ms since the epoch). */
  at: number;
  problems: string[];
}

const NETNS_PATH = /^\/(?:var\/)?run\/(?:docker\/)?netns\/[A-Za-z0-9._-]{1,200}$/;

/** Whether a namespace holds an interface whose totals the host's devices do not give (see above). */
function needsOwnRead(ns: Snapshot['namespaces'][number], byId: ReadonlyMap<string, Interface>): boolean {
  return ns.interfaces.some((id) => {
    const i = byId.get(id);
    return i !== undefined && i.kind !== 'loopback' && !i.peer?.startsWith('host/');
  });
}

/**
 * `<pid|-> <path>` pairs for the namespaces of the snapshot that have a netns file (validated) and an
 * interface that is not one end of a veth whose other end is on the host.
 */
export function namespaceArgs(snapshot: Snapshot): string[] {
  const byId = new Map(snapshot.interfaces.map((i) => [i.id, i]));
  const ownerOf = new Map(snapshot.namespaces.map((n) => [n.id, n.containers[0]]));
  const pidOf = new Map<string, number>();
  for (const c of snapshot.containers)
    if (c.namespace && c.pid && c.pid > 0 && ownerOf.get(c.namespace) === c.name)
      pidOf.set(c.namespace, c.pid);
  return snapshot.namespaces.flatMap((ns) =>
    ns.id !== 'host' && ns.path && NETNS_PATH.test(ns.path) && needsOwnRead(ns, byId)
      ? [String(pidOf.get(ns.id) ?? '-'), ns.path]
      : [],
  );
}

/** The argument vector of one poll: the constant script, its fixed-word arguments and validated data. */
export function countersArgv(conn: Pick<Connection, 'isRoot'>, snapshot: Snapshot): string[] {
  const sudo = !conn.isRoot && snapshot.host.privilege === 'sudo' ? ['sudo', '-n'] : [];
  const commands = counterCommandsFor(snapshot).join(' ');
  return [...sudo, 'sh', '-c', COUNTERS_SCRIPT, 'netlens-counters', commands, ...namespaceArgs(snapshot)];
}

/** Runs the counters script once and keys its output by the snapshot's ids. */
export async function pollCounters(
  conn: Connection,
  snapshot: Snapshot,
  options: { timeoutMs?: number; now?: () => number } = {},
): Promise<CountersSample> {
  const result = await conn.exec(countersArgv(conn, snapshot), { timeoutMs: options.timeoutMs ?? 15_000 });
  const at = (options.now ?? Date.now)();
  const raw = parseCountersOutput(result.stdout);
  const problems = [...raw.problems];
  if (result.code !== 0) problems.push(`the counters script exited with status ${result.code ?? 'signal'}`);
  return { ...keyCounters(raw, snapshot), at, problems };
}

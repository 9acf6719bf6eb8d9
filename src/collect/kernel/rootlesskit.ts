// How the real host reaches a rootless engine's namespace: RootlessKit's network and port drivers and
// the ports it forwards. Read on the real host (not inside the namespaces), by root or the daemon's
// owner, in one exec: the child pid from RootlessKit's state folder, its parent's command line
// (`--net=…`, `--port-driver=…`), and RootlessKit's API (`rootlessctl info/list-ports --json`, else
// curl on its api.sock). Everything printed is the host's word: validated and bounded here.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Connection } from '../../connection/types.js';
import type { RootlessKit, RootlessPort } from '../../model/snapshot.js';
import type { RootlessEntry } from './rootless.js';

/**
 * $1 = RootlessKit's state folder as newer dockerd-rootless.sh sets it, $2 = the engine's pid file, $3 =
 * a nonce tagging the section lines. Without --state-dir (Docker 20.10's script) RootlessKit made a
 * temporary one and told the engine in ROOTLESSKIT_STATE_DIR: read it from the engine's environment.
 * Nothing read reaches a command line but as a quoted argument.
 */
export const ROOTLESSKIT_SCRIPT = `
d=$1
m="@@$3"
readpid() {
  p=
  if [ -r "$1" ] && { IFS= read -r p || [ -n "$p" ]; } < "$1"; then :; fi
  case $p in ''|*[!0-9]*) p= ;; esac
}
readpid "$d/child_pid"
if [ -z "$p" ]; then
  readpid "$2"
  [ -n "$p" ] && d=$(tr '\\000' '\\n' < "/proc/$p/environ" 2>/dev/null | sed -n 's/^ROOTLESSKIT_STATE_DIR=//p' | head -n 1 | head -c 4096)
  p=
  case $d in /*) readpid "$d/child_pid" ;; esac
fi
[ -n "$p" ] || { echo "$m none"; exit 0; }
pp=$(sed -n 's/^PPid:[[:space:]]*//p' "/proc/$p/status" 2>/dev/null)
echo "$m child $p"
case $pp in ''|*[!0-9]*) ;; *)
  echo "$m parent $pp"
  echo "$m cmdline"
  tr '\\000' '\\n' < "/proc/$pp/cmdline" 2>/dev/null | head -n 200
  echo
esac
api() {
  if command -v rootlessctl >/dev/null 2>&1; then
    rootlessctl --socket "$d/api.sock" "$@" --json 2>/dev/null && return 0
  fi
  [ "$1" = info ] && u=info || u=ports
  command -v curl >/dev/null 2>&1 && curl -sf --max-time 5 --unix-socket "$d/api.sock" "http://rootlesskit/v1/$u" 2>/dev/null
}
echo "$m info"
api info | head -c 65536
echo
echo "$m ports"
api list-ports | head -c 1048576
echo
echo "$m done"
`;

const MAX_PORTS = 4096;
const IP = /^[0-9a-fA-F:.]{0,45}$/;
const Spec = z.object({
  proto: z.string().max(8).optional(),
  parentIP: z.string().regex(IP).optional(),
  parentPort: z.number().int().min(0).max(65535).optional(),
  childIP: z.string().regex(IP).optional(),
  childPort: z.number().int().min(0).max(65535).optional(),
});
const PortStatus = z.object({ spec: Spec });
const Info = z.object({
  networkDriver: z
    .object({ driver: z.string().max(40).optional(), childIP: z.string().regex(IP).optional() })
    .nullable()
    .optional(),
  portDriver: z
    .object({ driver: z.string().max(40).optional() })
    .nullable()
    .optional(),
});

const DRIVER = /^[a-z0-9-]{1,40}$/;

/** `--name=value` or `--name value` from a command line (one argument a line). */
function flag(args: string[], name: string): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
    if (a === `--${name}`) return args[i + 1] ?? null;
  }
  return null;
}

function json(text: string): unknown[] {
  const t = text.trim();
  if (t === '') return [];
  try {
    const whole = JSON.parse(t) as unknown;
    return Array.isArray(whole) ? whole : [whole];
  } catch {
    // rootlessctl --json prints one object a line.
    const out: unknown[] = [];
    for (const line of t.split('\n')) {
      try {
        out.push(JSON.parse(line));
      } catch {
        return [];
      }
    }
    return out;
  }
}

function port(spec: z.infer<typeof Spec>): RootlessPort | null {
  const proto = /^(tcp|udp|sctp)(4|6)?$/.exec(spec.proto ?? '');
  if (!proto || !spec.parentPort) return null;
  const family = proto[2];
  const parentIp = spec.parentIP || (family === '6' ? '::' : '0.0.0.0');
  return {
    protocol: proto[1] ?? 'tcp',
    parentIp,
    parentPort: spec.parentPort,
    childIp: spec.childIP || null,
    childPort: spec.childPort || spec.parentPort,
  };
}

// RootlessKit lists ports in no fixed order: the snapshot keeps them in one.
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byPort = (a: RootlessPort, b: RootlessPort) =>
  a.parentPort - b.parentPort || cmp(a.protocol, b.protocol) || cmp(a.parentIp, b.parentIp);

/** Parses the script's output; null when RootlessKit's state folder names no running child. */
export function parseRootlessKit(stdout: string, nonce: string): RootlessKit | null {
  const sections = new Map<string, string[]>();
  const heads = new Map<string, string>();
  let current: string[] | null = null;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`@@${nonce} `)) {
      const [name = '', value = ''] = line.slice(nonce.length + 3).split(' ');
      heads.set(name, value);
      current = [];
      sections.set(name, current);
    } else current?.push(line);
  }
  if (heads.has('none') || !heads.has('child')) return null;
  const pid = (name: string) =>
    /^[0-9]{1,10}$/.test(heads.get(name) ?? '') ? Number(heads.get(name)) : null;
  const args = sections.get('cmdline') ?? [];
  const infos = json((sections.get('info') ?? []).join('\n'));
  const info = Info.safeParse(infos[0]);
  const listed = heads.has('ports') ? json((sections.get('ports') ?? []).join('\n')) : [];
  const driver = (v: string | null | undefined) => (v && DRIVER.test(v) ? v : null);
  const ports = listed
    .slice(0, MAX_PORTS)
    .map((p) => PortStatus.safeParse(p))
    .flatMap((p) => (p.success ? [port(p.data.spec)] : []))
    .filter((p): p is RootlessPort => p !== null);
  // The API answered when info parsed; an empty port list is then a real "none".
  const api = info.success;
  return {
    pid: pid('parent'),
    childPid: pid('child'),
    network: driver(info.success ? info.data.networkDriver?.driver : null) ?? driver(flag(args, 'net')),
    portDriver:
      driver(info.success ? info.data.portDriver?.driver : null) ?? driver(flag(args, 'port-driver')),
    childIp: (info.success ? info.data.networkDriver?.childIP : null) || null,
    ports: api ? ports.sort(byPort) : null,
  };
}

/** RootlessKit's state folder: where its child_pid sits (dockerd-rootless.sh: `$XDG_RUNTIME_DIR/dockerd-rootless`). */
export function stateDirOf(entry: RootlessEntry): string | null {
  const file = entry.pidFiles.find((f) => f.endsWith('/child_pid'));
  return file ? file.slice(0, -'/child_pid'.length) : null;
}

/** One exec on the real host; null when there is no RootlessKit child to describe. */
export async function collectRootlessKit(
  conn: Connection,
  entry: RootlessEntry,
): Promise<RootlessKit | null> {
  const dir = stateDirOf(entry);
  if (!dir || !/^\/[A-Za-z0-9._@+,:=~/-]{1,255}$/.test(dir) || dir.split('/').includes('..')) return null;
  const nonce = randomBytes(8).toString('hex');
  const pidFile = entry.pidFiles.find((f) => !f.endsWith('/child_pid')) ?? '';
  const result = await conn.exec(
    ['sh', '-c', ROOTLESSKIT_SCRIPT, 'netlens-rootlesskit', dir, pidFile, nonce],
    {
      timeoutMs: 20_000,
    },
  );
  return parseRootlessKit(result.stdout, nonce);
}

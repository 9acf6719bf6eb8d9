// Which Docker socket to use on an SSH host when the target names none, chosen as the remote user's
// own `docker` would (DOCKER_HOST, then DOCKER_CONTEXT or the config's current context, then
// /var/run/docker.sock), with one step more: when that default is missing or not the user's to open
// and the user has a rootless daemon's socket in its runtime folder ($XDG_RUNTIME_DIR, else
// /run/user/<uid>), that one. Read in the one exec that also says who the user is. Everything printed
// is the remote user's word: parsed, bounded and validated here; only Unix socket paths come out.
import { z } from 'zod';
import { DEFAULT_DOCKER_SOCKET, parseDockerHost } from '../docker-host.js';

/**
 * $1 = a hex nonce tagging the marker lines. Builtins, id and head only; nothing read reaches a command
 * line but as a quoted argument.
 */
export const ENGINE_PROBE_SCRIPT = `
n=$1
u=$(id -u)
st() { if [ ! -e "$1" ]; then echo missing; elif [ ! -S "$1" ]; then echo not-a-socket
  elif [ ! -r "$1" ] || [ ! -w "$1" ]; then echo denied; else echo ok; fi; }
printf '@@%s uid\\n%s\\n' "$n" "$u"
printf '@@%s docker-host\\n' "$n"; printf '%s\\n' "\${DOCKER_HOST-}" | head -c 4096
printf '@@%s docker-context\\n' "$n"; printf '%s\\n' "\${DOCKER_CONTEXT-}" | head -c 256
printf '@@%s default\\n%s\\n' "$n" "$(st ${DEFAULT_DOCKER_SOCKET})"
r=\${XDG_RUNTIME_DIR:-/run/user/$u}
printf '@@%s runtime\\n%s\\n%s\\n' "$n" "$(st "$r/docker.sock")" "$r/docker.sock" | head -c 4096
c=\${DOCKER_CONFIG:-$HOME/.docker}
printf '@@%s config\\n' "$n"; head -c 65536 "$c/config.json" 2>/dev/null; echo
i=0
for f in "$c"/contexts/meta/*/meta.json; do
  [ -f "$f" ] && [ $i -lt 64 ] || continue
  i=$((i + 1))
  printf '@@%s meta\\n' "$n"; head -c 65536 "$f" 2>/dev/null; echo
done
printf '@@%s done\\n' "$n"
`;

export function engineProbeArgv(nonce: string): string[] {
  if (!/^[0-9a-f]{8,64}$/.test(nonce)) throw new Error('engine probe: the nonce must be hex');
  return ['sh', '-c', ENGINE_PROBE_SCRIPT, 'netlens-engine', nonce];
}

export type SocketState = 'missing' | 'not-a-socket' | 'denied' | 'ok' | 'unknown';

export interface EngineProbe {
  uid: number | null;
  dockerHost: string;
  dockerContext: string;
  defaultSocket: SocketState;
  runtimeSocket: { path: string | null; state: SocketState };
  currentContext: string | null;
  /** Docker contexts: name → engine address. */
  contexts: Map<string, string>;
  complete: boolean;
}

const STATES: readonly SocketState[] = ['missing', 'not-a-socket', 'denied', 'ok'];
const state = (text: string | undefined): SocketState => STATES.find((s) => s === text?.trim()) ?? 'unknown';

const Config = z.object({ currentContext: z.string().max(256).optional() }).passthrough();
const Meta = z
  .object({
    Name: z.string().max(256),
    Endpoints: z
      .object({ docker: z.object({ Host: z.string().max(4096).optional() }).passthrough() })
      .passthrough(),
  })
  .passthrough();

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function parseEngineProbe(stdout: string, nonce: string): EngineProbe {
  const sections: [string, string[]][] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`@@${nonce} `)) sections.push([line.slice(nonce.length + 3), []]);
    else sections[sections.length - 1]?.[1].push(line);
  }
  const first = (name: string) => sections.find(([n]) => n === name)?.[1] ?? [];
  const uidText = first('uid')[0] ?? '';
  const [runtimeState, runtimePath = ''] = first('runtime');
  const contexts = new Map<string, string>();
  for (const [name, body] of sections) {
    if (name !== 'meta') continue;
    const meta = Meta.safeParse(parseJson(body.join('\n')));
    const host = meta.success ? meta.data.Endpoints.docker.Host : undefined;
    if (meta.success && host) contexts.set(meta.data.Name, host);
  }
  const config = Config.safeParse(parseJson(first('config').join('\n')));
  return {
    uid: /^[0-9]{1,10}$/.test(uidText) ? Number(uidText) : null,
    dockerHost: (first('docker-host')[0] ?? '').trim(),
    dockerContext: (first('docker-context')[0] ?? '').trim(),
    defaultSocket: state(first('default')[0]),
    runtimeSocket: {
      path: runtimePath.endsWith('/docker.sock') ? unixPath(runtimePath) : null,
      state: state(runtimeState),
    },
    currentContext: config.success ? (config.data.currentContext ?? null) : null,
    contexts,
    complete: sections.some(([n]) => n === 'done'),
  };
}

export interface EngineChoice {
  socketPath: string;
  /** Why: `DOCKER_HOST`, `context <name>`, `default` or `rootless` (the user's runtime folder). */
  from: string;
  /** A rootless socket found but not chosen (its path), for error messages. */
  rootlessSeen: string | null;
}

/** A unix socket path from an engine address, or null (tcp://, ssh://, invalid: not forwardable here). */
function unixPath(address: string): string | null {
  try {
    const host = parseDockerHost(address);
    return host.kind === 'unix' ? host.path : null;
  } catch {
    return null;
  }
}

export function chooseEngineSocket(probe: EngineProbe): EngineChoice {
  const rootless =
    probe.runtimeSocket.path && probe.runtimeSocket.state !== 'missing' ? probe.runtimeSocket.path : null;
  const named = probe.dockerHost ? unixPath(probe.dockerHost) : null;
  if (named) return { socketPath: named, from: 'DOCKER_HOST', rootlessSeen: null };
  const context = probe.dockerContext || probe.currentContext;
  const endpoint = context && context !== 'default' ? probe.contexts.get(context) : undefined;
  const viaContext = endpoint ? unixPath(endpoint) : null;
  if (viaContext) return { socketPath: viaContext, from: `context ${context ?? ''}`, rootlessSeen: null };
  if (probe.defaultSocket !== 'ok' && rootless && probe.runtimeSocket.state === 'ok')
    return { socketPath: rootless, from: 'rootless', rootlessSeen: null };
  return { socketPath: DEFAULT_DOCKER_SOCKET, from: 'default', rootlessSeen: rootless };
}

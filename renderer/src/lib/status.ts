// Words for connection states and problems: what happened and what the user can do about it.
import type { ConnectionStatus } from '../../../src/api/contract.js';
import type { Snapshot, Warning } from '../../../src/model/snapshot.js';

export interface StatusView {
  label: string;
  tone: 'live' | 'busy' | 'warn' | 'error' | 'idle';
  /** Text glyph so the state is not told by colour alone. */
  glyph: string;
}

export function statusView(status: ConnectionStatus | null, now = Date.now()): StatusView {
  switch (status?.state) {
    case 'live':
      return { label: 'live', tone: 'live', glyph: '●' };
    case 'connecting':
      return { label: 'connecting…', tone: 'busy', glyph: '◌' };
    case 'reconnecting': {
      const wait = Math.max(0, Math.round((Date.parse(status.nextRetryAt) - now) / 1000));
      return {
        label: `reconnecting (attempt ${status.attempt}, next try in ${wait}s)`,
        tone: 'warn',
        glyph: '↻',
      };
    }
    case 'error':
      return { label: 'error', tone: 'error', glyph: '✕' };
    case 'disconnected':
      return { label: 'disconnected', tone: 'idle', glyph: '○' };
    default:
      return { label: 'unknown', tone: 'idle', glyph: '?' };
  }
}

const ADVICE: [RegExp, string, string][] = [
  [
    /EACCES|permission denied/i,
    'No permission to use Docker',
    'Add your user to the "docker" group and log in again, or run Netlens (or the SSH user) with access to /var/run/docker.sock.',
  ],
  [
    /docker\.sock|ENOENT|cannot connect to the docker daemon|is the docker daemon running|docker.*not (found|running)/i,
    'Docker is not running here',
    'Start the Docker engine (e.g. `sudo systemctl start docker`) and connect again.',
  ],
  [
    /authentication|publickey|auth fail|password/i,
    'SSH login failed',
    'Check the user name and that your key is loaded (ssh-agent) or named in ~/.ssh/config, then connect again.',
  ],
  [
    /host key/i,
    'The host key is not trusted',
    'Verify the key fingerprint with the host’s administrator; a changed key can mean the host was replaced or someone is in the middle.',
  ],
  [
    /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ENOTFOUND|getaddrinfo|unreachable|timed out|timeout/i,
    'The host cannot be reached',
    'Check the address and port, that sshd is running there, and your network or VPN; Netlens retries by itself.',
  ],
];

export function adviceFor(reason: string): { title: string; advice: string } {
  for (const [pattern, title, advice] of ADVICE) if (pattern.test(reason)) return { title, advice };
  return {
    title: 'Something went wrong',
    advice: 'Read the message below; connect again when the cause is fixed.',
  };
}

const WARNING_ADVICE: Record<string, string> = {
  'kernel-unavailable':
    'Run Netlens as root, or allow passwordless `sudo -n` for ip, nsenter and iptables-save, to see namespaces, veths and rules.',
  'namespace-unread':
    'Some containers may have stopped during the capture, or access was denied: capture again.',
  rootless:
    'Rootless Docker keeps its network inside RootlessKit: the picture shows only what the Docker API reports.',
  'docker-desktop': 'Docker Desktop runs the engine in a VM: only the API view is available.',
};

export function warningAdvice(w: Warning): string {
  return WARNING_ADVICE[w.code] ?? '';
}

/** A banner when the snapshot could not see the kernel or the firewall, or the engine is in a VM. */
export function partialView(s: Snapshot): string | null {
  // A VM-hosted engine (Docker Desktop): say plainly what the picture is and what it cannot be.
  const vm = s.host.vm;
  if (vm)
    return `${vm.product} runs the engine in a VM that Netlens cannot look into. Shown: ${vm.shown.join('; ')}. Not shown: ${vm.hidden.join('; ')}.`;
  const missing = (['kernel', 'firewall'] as const).filter((p) => !s.host.collected[p]);
  if (missing.length === 0) return null;
  return `Partial view: the ${missing.join(' and ')} could not be read (privilege: ${s.host.privilege}). ${WARNING_ADVICE['kernel-unavailable']}`;
}

export const nowIso = (): string => new Date().toISOString();

export function ago(iso: string | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  // Hand-made: toLocaleTimeString loads ICU data, which costs ~300 ms on the first call.
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

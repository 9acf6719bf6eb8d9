// Words for connection states and problems: what happened and what the user can do about it.
import type { ConnectionStatus } from '../../../src/api/contract.js';
import type { Snapshot, Warning } from '../../../src/model/snapshot.js';
import { words } from './i18n/words.js';
import { en } from './i18n/en.js';

export interface StatusView {
  label: string;
  tone: 'live' | 'busy' | 'warn' | 'error' | 'idle';
  /** Text glyph so the state is not told by colour alone. */
  glyph: string;
}

export function statusView(status: ConnectionStatus | null, now = Date.now()): StatusView {
  const w = words().status;
  switch (status?.state) {
    case 'live':
      return { label: w.live, tone: 'live', glyph: '●' };
    case 'connecting':
      return { label: w.connecting, tone: 'busy', glyph: '◌' };
    case 'reconnecting': {
      const wait = Math.max(0, Math.round((Date.parse(status.nextRetryAt) - now) / 1000));
      return { label: w.reconnecting(status.attempt, wait), tone: 'warn', glyph: '↻' };
    }
    case 'error':
      return { label: w.error, tone: 'error', glyph: '✕' };
    case 'disconnected':
      return { label: w.disconnected, tone: 'idle', glyph: '○' };
    default:
      return { label: w.unknown, tone: 'idle', glyph: '?' };
  }
}

type AdviceKey = 'permission' | 'noDocker' | 'ssh' | 'hostKey' | 'unreachable';
const ADVICE: [RegExp, AdviceKey][] = [
  [/EACCES|permission denied/i, 'permission'],
  [
    /docker\.sock|ENOENT|cannot connect to the docker daemon|is the docker daemon running|docker.*not (found|running)/i,
    'noDocker',
  ],
  [/authentication|publickey|auth fail|password/i, 'ssh'],
  [/host key/i, 'hostKey'],
  [
    /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ENOTFOUND|getaddrinfo|unreachable|timed out|timeout/i,
    'unreachable',
  ],
];

export function adviceFor(reason: string): { title: string; advice: string } {
  const w = words().advice;
  for (const [pattern, key] of ADVICE)
    if (pattern.test(reason)) return { title: w[`${key}Title`], advice: w[key] };
  return { title: w.otherTitle, advice: w.other };
}

const WARNING_ADVICE: Record<
  string,
  'kernelUnavailable' | 'namespaceUnread' | 'rootless' | 'rootlessPodman' | 'dockerDesktop'
> = {
  'kernel-unavailable': 'kernelUnavailable',
  'namespace-unread': 'namespaceUnread',
  rootless: 'rootless',
  'rootless-podman': 'rootlessPodman',
  'docker-desktop': 'dockerDesktop',
};

export function warningAdvice(w: Warning): string {
  const key = WARNING_ADVICE[w.code];
  return key ? words().advice[key] : '';
}

/** A banner when the snapshot could not see the kernel or the firewall, or the engine is in a VM. */
export function partialView(s: Snapshot): string | null {
  // A VM-hosted engine (Docker Desktop): say plainly what the picture is and what it cannot be.
  const vm = s.host.vm;
  const w = words().advice;
  if (vm) {
    // The capture's own phrases in the app's language; anything else (a newer file) as written.
    const item = (text: string) => w.vmItems[en.advice.vmItems.indexOf(text)] ?? text;
    return w.vm(vm.product, vm.shown.map(item).join('; '), vm.hidden.map(item).join('; '));
  }
  const missing = (['kernel', 'firewall'] as const).filter((p) => !s.host.collected[p]);
  if (missing.length === 0) return null;
  return `${w.partial(
    missing.map((p) => w[p]),
    s.host.privilege,
  )} ${w.kernelUnavailable}`;
}

export const nowIso = (): string => new Date().toISOString();

export function ago(iso: string | undefined, now = Date.now()): string {
  const w = words().status;
  if (!iso) return w.never;
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 5) return w.justNow;
  if (s < 60) return w.secondsAgo(s);
  if (s < 3600) return w.minutesAgo(Math.floor(s / 60));
  // Hand-made: toLocaleTimeString loads ICU data, which costs ~300 ms on the first call.
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

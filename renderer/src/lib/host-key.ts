// An SSH host key problem in a host's status: a key seen for the first time (the user may trust it after
// checking its fingerprint) or a changed one (refused; never offered for trust).
import type { ConnectionStatus } from '../../../src/api/contract.js';

export interface HostKeyProblem {
  kind: 'unknown' | 'changed';
  /** `SHA256:…` as OpenSSH prints it, when the reason names one. */
  fingerprint: string | null;
  /** Key type before the fingerprint, e.g. `ssh-ed25519`. */
  keyType: string | null;
  reason: string;
}

export function hostKeyProblem(status: ConnectionStatus | null | undefined): HostKeyProblem | null {
  if (status?.state !== 'error') return null;
  const kind =
    status.code === 'host-key-unknown' ? 'unknown' : status.code === 'host-key-changed' ? 'changed' : null;
  if (!kind) return null;
  const match = /(?:([a-z0-9@.-]+)\s+)?(SHA256:[A-Za-z0-9+/]+=*)/.exec(status.reason);
  return { kind, fingerprint: match?.[2] ?? null, keyType: match?.[1] ?? null, reason: status.reason };
}

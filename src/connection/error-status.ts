// A failed connection as the app is told it: the one-line reason, the ConnectionError code, and for a
// refused host key the key itself (the app's dialog shows it). The reason of a first-seen key leaves out
// the CLI's --accept-new-host-key advice: in the app, trusting is the dialog's button.
import type { ConnectionStatus } from '../model/wire.js';
import { ConnectionError } from './types.js';

export function errorStatus(error: unknown): Extract<ConnectionStatus, { state: 'error' }> {
  const reason = error instanceof Error ? error.message : String(error);
  if (!(error instanceof ConnectionError)) return { state: 'error', reason };
  const key = error.hostKey;
  if (!key) return { state: 'error', reason, code: error.code };
  return {
    state: 'error',
    reason:
      error.code === 'host-key-unknown'
        ? `the host key of ${key.host} is not known yet: ${key.keyType} ${key.fingerprint}; check it with the host's administrator before trusting it`
        : reason,
    code: error.code,
    hostKey: key,
  };
}

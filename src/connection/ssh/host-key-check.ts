// Decides, during the handshake, whether the server's host key is the one known_hosts expects.
// Unknown keys are refused unless the caller opted in to remember them; changed or revoked keys are
// always refused. The ConnectionError is kept so the caller can throw it instead of ssh2's vague one.
import { ConnectionError } from '../types.js';
import {
  appendKnownHost,
  checkHostKey,
  fingerprint,
  hostKeyFromBlob,
  knownKeyTypes,
  readKnownHosts,
} from './known-hosts.js';

export interface HostKeyPolicy {
  knownHostsPath: string;
  /** Names to look up (`host`, `[host]:port` or a HostKeyAlias); the first is the one written. */
  names: string[];
  /** How the host is named in messages. */
  display: string;
  acceptNewHostKey: boolean;
  /** Write new entries hashed (`|1|salt|hash`). */
  hashKnownHosts: boolean;
}

export interface HostVerifier {
  verify(key: Buffer, callback: (ok: boolean) => void): void;
  /** Why the key was refused, when it was. */
  failure(): ConnectionError | undefined;
  /** The line appended to known_hosts, when a new key was accepted. */
  added(): string | undefined;
  /** Host key algorithms to offer first: those known_hosts can verify for this host. */
  preferredAlgorithms(): string[];
}

const ALGORITHMS_BY_TYPE: Record<string, string[]> = {
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

export async function createHostVerifier(policy: HostKeyPolicy): Promise<HostVerifier> {
  const text = await readKnownHosts(policy.knownHostsPath);
  let failure: ConnectionError | undefined;
  let added: string | undefined;
  const check = async (blob: Buffer): Promise<boolean> => {
    const key = hostKeyFromBlob(blob);
    const print = `${key.type} ${fingerprint(blob)}`;
    const verdict = checkHostKey(text, policy.names, key);
    const name = policy.names[0] ?? policy.display;
    switch (verdict.kind) {
      case 'known':
        return true;
      case 'revoked':
        failure = new ConnectionError(
          'host-key-changed',
          `the host key of ${policy.display} (${print}) is marked @revoked in ${policy.knownHostsPath} line ${verdict.line}: refusing to connect; ask the host's administrator for its current key`,
        );
        return false;
      case 'changed':
        failure = new ConnectionError(
          'host-key-changed',
          `the host key of ${policy.display} has CHANGED to ${print} (someone may be intercepting the connection): refusing to connect; if the change is expected, check and remove line ${verdict.line} of ${policy.knownHostsPath} (ssh-keygen -R '${name}' -f ${policy.knownHostsPath})`,
        );
        return false;
      case 'unknown': {
        if (policy.acceptNewHostKey) {
          added = await appendKnownHost(policy.knownHostsPath, name, key, policy.hashKnownHosts);
          return true;
        }
        const others =
          verdict.otherTypes.length > 0
            ? ` (known_hosts holds a ${verdict.otherTypes.join('/')} key for it, which the server did not offer)`
            : '';
        failure = new ConnectionError(
          'host-key-unknown',
          `the host key of ${policy.display} is not known yet: ${print}${others}; if that fingerprint is right, connect again with --accept-new-host-key`,
        );
        return false;
      }
    }
  };
  return {
    verify(blob, callback) {
      check(blob).then(callback, (error: unknown) => {
        failure = new ConnectionError(
          'host-key-unknown',
          `the host key of ${policy.display} could not be checked against ${policy.knownHostsPath}: ${error instanceof Error ? error.message : String(error)}`,
        );
        callback(false);
      });
    },
    failure: () => failure,
    added: () => added,
    preferredAlgorithms: () =>
      knownKeyTypes(text, policy.names).flatMap((type) => ALGORITHMS_BY_TYPE[type] ?? [type]),
  };
}

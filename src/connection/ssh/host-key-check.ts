// Decides, during the handshake, whether the server's host key is the one known_hosts expects.
// Unknown keys are refused unless the caller opted in to remember them (any first-seen key, as the CLI's
// --accept-new-host-key, or only the fingerprint a person was shown and trusted in the app); changed or
// revoked keys are always refused. Refusals carry the key's facts for the app's dialog. The ConnectionError is kept so the caller can throw it instead of ssh2's vague one.
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
  /** `SHA256:…` fingerprints a person trusted for a first visit: such a key is remembered, no other. */
  trustedFingerprints?: readonly string[];
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
    const sha = fingerprint(blob);
    const print = `${key.type} ${sha}`;
    const verdict = checkHostKey(text, policy.names, key);
    const name = policy.names[0] ?? policy.display;
    const facts = {
      host: policy.display,
      keyType: key.type,
      fingerprint: sha,
      knownHostsPath: policy.knownHostsPath,
    };
    switch (verdict.kind) {
      case 'known':
        return true;
      case 'revoked':
        failure = new ConnectionError(
          'host-key-changed',
          `the host key of ${policy.display} (${print}) is marked @revoked in ${policy.knownHostsPath} line ${verdict.line}: refusing to connect; ask the host's administrator for its current key`,
          facts,
        );
        return false;
      case 'changed': {
        // Names and paths are validated (target.ts) or ours; quoted anyway, as a line a person pastes.
        const removeCommand = `ssh-keygen -R '${name}' -f '${policy.knownHostsPath}'`;
        failure = new ConnectionError(
          'host-key-changed',
          `the host key of ${policy.display} has CHANGED to ${print} (someone may be intercepting the connection): refusing to connect; if the change is expected, check and remove line ${verdict.line} of ${policy.knownHostsPath} (${removeCommand})`,
          { ...facts, removeCommand },
        );
        return false;
      }
      case 'unknown': {
        if (policy.acceptNewHostKey || policy.trustedFingerprints?.includes(sha) === true) {
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
          facts,
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

// Turns what ssh2 and the socket report into one-line ConnectionErrors naming the cause and the fix.
import { ConnectionError } from '../types.js';

interface SshErrorLike {
  message?: string;
  code?: string | number;
  level?: string;
}

export function describeFailure(error: unknown): SshErrorLike {
  if (typeof error === 'object' && error !== null) return error;
  return { message: String(error) };
}

/** Maps a failure during connect/handshake/auth. `where` is `user@host:port` as shown to the user. */
export function mapConnectError(error: unknown, where: string, authSummary: () => string): ConnectionError {
  if (error instanceof ConnectionError) return error;
  const { message = '', code, level } = describeFailure(error);
  const host = where.replace(/^[^@]*@/, '');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || level === 'client-dns')
    return new ConnectionError(
      'unreachable',
      `cannot resolve the host name of ${host}: check the spelling, the ssh config HostName or your DNS`,
    );
  if (code === 'ECONNREFUSED')
    return new ConnectionError(
      'unreachable',
      `${host} refused the SSH connection: check that sshd runs there and listens on that port`,
    );
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL')
    return new ConnectionError(
      'unreachable',
      `no route to ${host}: check the address and your network (VPN, firewall)`,
    );
  if (code === 'ETIMEDOUT' || level === 'client-timeout')
    return new ConnectionError(
      'unreachable',
      `${host} did not answer the SSH handshake in time: check the address, the port and any firewall in between`,
    );
  if (level === 'client-authentication')
    return new ConnectionError(
      'auth-failed',
      `${where} refused every key (${authSummary()}): add your public key to its ~/.ssh/authorized_keys, load the right key into ssh-agent or pass --identity`,
    );
  if (code === 'ECONNRESET' || /before handshake|handshake failed|Connection lost/i.test(message))
    return new ConnectionError(
      'unreachable',
      `${host} closed the connection during the SSH handshake (${message || String(code)}): check that the port is an SSH server and allows you in`,
    );
  if (/no matching|key exchange|cipher|Handshake/i.test(message))
    return new ConnectionError(
      'unreachable',
      `the SSH handshake with ${host} failed (${message}): the server may only offer algorithms ssh2 does not support`,
    );
  return new ConnectionError(
    'unreachable',
    `the SSH connection to ${host} failed (${message || String(code)}): check the host, then try plain ssh to see more`,
  );
}

/** The reason a live connection dropped, for the onClose error. */
export function lostConnection(where: string, error: unknown): ConnectionError {
  const { message = '', level } = describeFailure(error ?? {});
  const why = level === 'client-timeout' ? 'no answer to SSH keepalives' : message || 'the server closed it';
  return new ConnectionError(
    'closed',
    `the SSH link to ${where} was lost (${why}): check the network and that sshd still runs there, then reconnect`,
  );
}

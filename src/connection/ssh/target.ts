// Parses what the user typed as a host (`local`, `ssh://user@host:port`, `user@host`, `[v6]:port`,
// an ~/.ssh/config alias) into a validated target. Anything that could become an ssh option or
// carry shell syntax is refused here, before it reaches a socket or a known_hosts lookup.
import { isIP } from 'node:net';
import { userInfo } from 'node:os';
import { TARGET_HOST_MAX, TARGET_MAX, TARGET_USER_MAX } from '../../model/limits.js';
import type { DockerHost } from '../docker-host.js';
import { ConnectionError } from '../types.js';
import { resolveSshConfig } from './config.js';

export interface SshTarget {
  kind: 'ssh';
  /** The host as typed (an alias, a name or an address); the key for ~/.ssh/config. */
  alias: string;
  /** Address to connect to (HostName from the config, else the alias). */
  host: string;
  port: number;
  user: string;
  /** Private keys named by IdentityFile, expanded to absolute paths, in config order. */
  identityFiles: string[];
  /** Name looked up in known_hosts instead of the host (HostKeyAlias). */
  hostKeyAlias?: string;
  /** UserKnownHostsFile from the config (first entry), already expanded. */
  knownHostsFile?: string;
  /** HashKnownHosts from the config, when set. */
  hashKnownHosts?: boolean;
  /** IdentitiesOnly from the config: use only the named keys, not every key the agent holds. */
  identitiesOnly?: boolean;
  /** ProxyJump from the config, as written (comma-separated hops); see route.ts. */
  proxyJump?: string;
  /** ProxyCommand from the config, as written; see proxy-command.ts. */
  proxyCommand?: string;
  /** ConnectTimeout from the config, in ms. */
  connectTimeoutMs?: number;
  /** ServerAliveInterval (in ms) and ServerAliveCountMax from the config. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** StrictHostKeyChecking accept-new in the config. */
  acceptNewHostKey?: boolean;
  /** What of the ssh config Netlens does not honour for this host (present when there is any). */
  configWarnings?: string[];
  /** Round-trippable display form: `user@alias[:port]` (IPv6 in brackets). */
  display: string;
  /** The engine socket on that host when not Docker's default (Podman, a second dockerd). */
  dockerHost?: DockerHost;
}

export type Target = { kind: 'local'; display: 'local'; dockerHost?: DockerHost } | SshTarget;

export interface ParseTargetOptions {
  /** ssh config file; default `<homedir>/.ssh/config`. A missing file is no config. */
  sshConfigPath?: string;
  homedir?: string;
  /** Local user name, the default remote user (default: the current user). */
  localUser?: string;
}

const USER_RE = new RegExp(`^[A-Za-z0-9_][A-Za-z0-9._-]{0,${TARGET_USER_MAX - 1}}$`);
const LABEL_RE = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})$/;

function bad(text: string, why: string): ConnectionError {
  const shown = JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
  return new ConnectionError(
    'bad-target',
    `invalid host ${shown}: ${why}; use local, user@host[:port], ssh://user@host[:port] or an ~/.ssh/config alias`,
  );
}

/** A DNS-style name (labels of letters, digits, `_`, `-`, never starting with `-`) or an IP address. */
export function isValidHostName(host: string): boolean {
  if (host.length === 0 || host.length > TARGET_HOST_MAX) return false;
  if (isIP(host) !== 0) return true;
  return host
    .split('.')
    .every((label, i, all) => (label === '' ? i === all.length - 1 && i > 0 : LABEL_RE.test(label)));
}

export function isValidUser(user: string): boolean {
  return USER_RE.test(user);
}

/** A decimal port 1–65535, or undefined when the text is not one. */
export function parsePort(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** `user@host:port` without consulting any config: the pieces the user wrote. */
export function splitTarget(text: string): { user?: string; host: string; port?: number } {
  if (text.length === 0) throw bad(text, 'it is empty');
  if (text.length > TARGET_MAX) throw bad(text, `it is longer than ${TARGET_MAX} characters`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\s\x00-\x1f\x7f]/.test(text)) throw bad(text, 'it contains spaces or control characters');
  let rest = text;
  if (/^ssh:\/\//i.test(rest)) rest = rest.slice('ssh://'.length).replace(/\/$/, '');
  else if (rest.includes('://')) throw bad(text, 'only ssh:// URLs are supported');
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (!isValidUser(user)) throw bad(text, 'the user name may hold only letters, digits, ".", "_" and "-"');
  }
  let host = rest;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
    if (isIP(host) === 0) throw bad(text, 'only an IP address may stand in [brackets]');
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    [host, portText] = rest.split(':') as [string, string];
  } else if (rest.includes(':') && isIP(rest) !== 6) {
    throw bad(text, 'write an IPv6 address with a port as [address]:port');
  }
  if (host.startsWith('-')) throw bad(text, 'a host may not start with "-"');
  if (!isValidHostName(host)) throw bad(text, 'the host is not a valid name or address');
  let port: number | undefined;
  if (portText !== undefined) {
    port = parsePort(portText);
    if (port === undefined) throw bad(text, 'the port must be a number from 1 to 65535');
  }
  return { ...(user !== undefined && { user }), host, ...(port !== undefined && { port }) };
}

export function formatTarget(user: string, host: string, port: number): string {
  const shownHost = isIP(host) === 6 ? `[${host}]` : host;
  return port === 22 ? `${user}@${shownHost}` : `${user}@${shownHost}:${port}`;
}

/** Parse and resolve a target; throws ConnectionError('bad-target') with a one-line reason. */
export function parseTarget(text: string, options: ParseTargetOptions = {}): Target {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'local') return { kind: 'local', display: 'local' };
  const written = splitTarget(trimmed);
  const localUser = options.localUser ?? userInfo().username;
  const config = resolveSshConfig(written.host, {
    ...(options.sshConfigPath !== undefined && { path: options.sshConfigPath }),
    ...(options.homedir !== undefined && { homedir: options.homedir }),
    localUser,
    ...(written.user !== undefined && { remoteUser: written.user }),
  });
  if (config.error) throw bad(trimmed, config.error);
  const user = written.user ?? config.user ?? localUser;
  if (!isValidUser(user))
    throw bad(trimmed, `the user ${JSON.stringify(user)} from the ssh config is not a valid name`);
  const configPort = config.portText !== undefined ? parsePort(config.portText) : undefined;
  if (config.portText !== undefined && configPort === undefined)
    throw bad(
      trimmed,
      `the ssh config gives it Port ${JSON.stringify(config.portText)}, not a number from 1 to 65535`,
    );
  const port = written.port ?? configPort ?? 22;
  const host = config.hostName ?? written.host;
  if (host.startsWith('-') || !isValidHostName(host))
    throw bad(
      trimmed,
      `the ssh config gives it HostName ${JSON.stringify(host)}, not a valid name or address`,
    );
  if (
    config.hostKeyAlias !== undefined &&
    (config.hostKeyAlias.startsWith('-') || !isValidHostName(config.hostKeyAlias))
  )
    throw bad(
      trimmed,
      `the ssh config gives it HostKeyAlias ${JSON.stringify(config.hostKeyAlias)}, not a valid name`,
    );
  const count = (name: string, text: string | undefined, min: number): number | undefined => {
    if (text === undefined) return undefined;
    if (!/^[0-9]{1,6}$/.test(text) || Number(text) < min)
      throw bad(trimmed, `the ssh config gives it ${name} ${JSON.stringify(text)}, not a whole number`);
    return Number(text);
  };
  const connectTimeout = count('ConnectTimeout', config.connectTimeoutText, 1);
  const aliveInterval = count('ServerAliveInterval', config.serverAliveIntervalText, 0);
  const aliveCount = count('ServerAliveCountMax', config.serverAliveCountMaxText, 1);
  return {
    kind: 'ssh',
    alias: written.host,
    host,
    port,
    user,
    identityFiles: config.identityFiles,
    ...(config.hostKeyAlias !== undefined && { hostKeyAlias: config.hostKeyAlias }),
    ...(config.knownHostsFile !== undefined && { knownHostsFile: config.knownHostsFile }),
    ...(config.hashKnownHosts !== undefined && { hashKnownHosts: config.hashKnownHosts }),
    ...(config.identitiesOnly !== undefined && { identitiesOnly: config.identitiesOnly }),
    ...(config.proxyJump !== undefined && { proxyJump: config.proxyJump }),
    ...(config.proxyCommand !== undefined && { proxyCommand: config.proxyCommand }),
    ...(connectTimeout !== undefined && { connectTimeoutMs: connectTimeout * 1000 }),
    // ServerAliveInterval 0 means off, as keepaliveInterval 0 does for ssh2.
    ...(aliveInterval !== undefined && { keepaliveIntervalMs: aliveInterval * 1000 }),
    ...(aliveCount !== undefined && { keepaliveCountMax: aliveCount }),
    ...(config.acceptNewHostKey === true && { acceptNewHostKey: true }),
    ...(config.warnings.length > 0 && { configWarnings: config.warnings }),
    display: formatTarget(user, written.host, port),
  };
}

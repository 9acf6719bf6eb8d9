// Reads ~/.ssh/config for one host alias with the ssh-config package, never running `Match exec`
// (a config is data here, not a script) nor `nslookup` (see neutraliseCanonicalization). Values come
// back raw; target.ts validates them, and what is not honoured comes back as warnings
// (config-coverage.ts).
import { readFileSync } from 'node:fs';
import { homedir as osHomedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import SSHConfig, { LineType } from 'ssh-config';
import { coverageWarnings } from './config-coverage.js';

export interface SshConfigOptions {
  /** Explicit config file: must exist. Without it, `<homedir>/.ssh/config` is read when present. */
  path?: string;
  homedir?: string;
  localUser: string;
  remoteUser?: string;
}

export interface ResolvedSshConfig {
  hostName?: string;
  user?: string;
  portText?: string;
  identityFiles: string[];
  hostKeyAlias?: string;
  knownHostsFile?: string;
  hashKnownHosts?: boolean;
  identitiesOnly?: boolean;
  /** ProxyJump as written (comma-separated hops), when set and not `none` and not shadowed. */
  proxyJump?: string;
  /** ProxyCommand as written (its %-tokens not yet expanded), when set and not `none` and not shadowed. */
  proxyCommand?: string;
  /** ConnectTimeout, ServerAliveInterval, ServerAliveCountMax as written. */
  connectTimeoutText?: string;
  serverAliveIntervalText?: string;
  serverAliveCountMaxText?: string;
  /** StrictHostKeyChecking accept-new: remember a first-seen host key (never a changed one). */
  acceptNewHostKey?: boolean;
  /** What of the config Netlens does not honour for this host, one line each. */
  warnings: string[];
  /** Why the config could not be read (a missing explicit file, a permission problem). */
  error?: string;
}

function readConfig(path: string | undefined, home: string): { text: string; error?: string } {
  const file = path ?? join(home, '.ssh', 'config');
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && path === undefined) return { text: '' };
    return { text: '', error: `cannot read the ssh config ${file} (${code ?? 'error'})` };
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function all(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function yesNo(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return /^(yes|true)$/i.test(value);
}

/** ssh_config tokens (%h %r %u %d %p %n %%) and a leading `~`, as ssh expands them in paths. */
export function expandTokens(text: string, tokens: Record<string, string>, home: string): string {
  const expanded = text.replace(/%([%a-zA-Z])/g, (whole, letter: string) =>
    letter === '%' ? '%' : (tokens[letter] ?? whole),
  );
  if (expanded === '~') return home;
  if (expanded.startsWith('~/')) return join(home, expanded.slice(2));
  return expanded;
}

function expandPath(text: string, tokens: Record<string, string>, home: string): string {
  const expanded = expandTokens(text, tokens, home);
  return isAbsolute(expanded) ? expanded : resolve(home, '.ssh', expanded);
}

/**
 * ssh-config's compute() answers `CanonicalizeHostName yes` with CanonicalDomains by running
 * `nslookup <alias>.<domain>` for each domain, while parsing (a DNS query and a process per domain).
 * Netlens connects to HostName or to the alias as written: the value is turned to `no` first, and the
 * keyword still reaches the warning that names the settings Netlens does not follow.
 */
function neutraliseCanonicalization(lines: SSHConfig): void {
  for (const line of lines) {
    if (line.type !== LineType.DIRECTIVE) continue;
    if (/^CanonicalizeHostName$/i.test(line.param)) line.value = 'no';
    else if ('config' in line) neutraliseCanonicalization(line.config);
  }
}

export function resolveSshConfig(alias: string, options: SshConfigOptions): ResolvedSshConfig {
  const home = options.homedir ?? osHomedir();
  const { text, error } = readConfig(options.path, home);
  if (error) return { identityFiles: [], warnings: [], error };
  if (text.trim() === '') return { identityFiles: [], warnings: [] };
  let computed: Record<string, string | string[]>;
  let parsed: ReturnType<typeof SSHConfig.parse>;
  try {
    parsed = SSHConfig.parse(text);
    neutraliseCanonicalization(parsed);
    const query =
      options.remoteUser !== undefined ? { Host: alias, User: options.remoteUser } : { Host: alias };
    computed = parsed.compute(query, { ignoreCase: true, matchExec: false });
  } catch (cause) {
    return {
      identityFiles: [],
      warnings: [],
      error: `the ssh config could not be parsed (${(cause as Error).message})`,
    };
  }
  const rawHostName = first(computed.hostname);
  const hostName =
    rawHostName !== undefined ? expandTokens(rawHostName, { h: alias, n: alias }, home) : undefined;
  const user = options.remoteUser ?? first(computed.user);
  const portText = first(computed.port);
  const tokens = {
    h: hostName ?? alias,
    n: alias,
    r: user ?? options.localUser,
    u: options.localUser,
    d: home,
    p: portText ?? '22',
  };
  const knownHosts = first(computed.userknownhostsfile)?.split(/\s+/)[0];
  const hostKeyAlias = first(computed.hostkeyalias);
  const hash = yesNo(first(computed.hashknownhosts));
  const only = yesNo(first(computed.identitiesonly));
  // As with OpenSSH, the first of ProxyJump and ProxyCommand obtained wins; `none` turns either off.
  const keys = Object.keys(computed);
  const jumpFirst =
    keys.includes('proxyjump') &&
    (!keys.includes('proxycommand') || keys.indexOf('proxyjump') < keys.indexOf('proxycommand'));
  const proxyJump = first(computed.proxyjump);
  const proxyCommand = first(computed.proxycommand);
  const strict = first(computed.stricthostkeychecking);
  const optional = (key: string, value: string | undefined) =>
    value !== undefined && value.toLowerCase() !== 'none' ? { [key]: value } : {};
  return {
    ...(jumpFirst && optional('proxyJump', proxyJump)),
    ...(!jumpFirst && optional('proxyCommand', proxyCommand)),
    ...optional('connectTimeoutText', first(computed.connecttimeout)),
    ...optional('serverAliveIntervalText', first(computed.serveraliveinterval)),
    ...optional('serverAliveCountMaxText', first(computed.serveralivecountmax)),
    ...(strict !== undefined && /^accept-new$/i.test(strict) && { acceptNewHostKey: true }),
    warnings: coverageWarnings(alias, computed, parsed),
    ...(hostName !== undefined && { hostName }),
    ...(user !== undefined && { user }),
    ...(portText !== undefined && { portText }),
    identityFiles: all(computed.identityfile)
      .filter((file) => file.toLowerCase() !== 'none')
      .map((file) => expandPath(file, tokens, home)),
    ...(hostKeyAlias !== undefined && { hostKeyAlias }),
    ...(knownHosts !== undefined &&
      knownHosts !== 'none' && { knownHostsFile: expandPath(knownHosts, tokens, home) }),
    ...(hash !== undefined && { hashKnownHosts: hash }),
    ...(only !== undefined && { identitiesOnly: only }),
  };
}

// A saved host: what the form sends, checked field by field with the one target grammar
// (ssh/target.ts, resolved against the ssh config `connect` will read), and what it takes to connect.
// A refusal names every field that is wrong, so the app shows each message next to its field.
import { statSync } from 'node:fs';
import { homedir as osHomedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { HostSettingsInput } from '../api/contract.js';
import { ApiError } from '../api/contract.js';
import { parseDockerHost, remoteSocketPath } from '../connection/docker-host.js';
import { jumpList } from '../connection/ssh/route.js';
import { isValidUser, parsePort, parseTarget, splitTarget } from '../connection/ssh/target.js';
import type { ParseTargetOptions, Target } from '../connection/ssh/target.js';
import { IDENTITY_FILE_MAX } from '../model/limits.js';

export const LOCAL_HOST_ID = 'local';

/** As kept in the hosts file (version 2); unset settings are absent. */
export interface HostRecord {
  /** The target as the user wrote it: an alias, `host`, `user@host:port`, `ssh://…`, or `local`. */
  target: string;
  label: string;
  /** The engine socket on that host, as parseDockerHost displays it; absent for Docker's default. */
  dockerHost?: string;
  /** User and port when given apart from the target (they win over the ssh config, as ssh's -l and -p). */
  user?: string;
  port?: number;
  /** Tried first for the target (absolute, or `~/…`). */
  identityFile?: string;
  /** ProxyJump hops, comma-separated, or `none`. */
  jump?: string;
  /** Only `false` is kept: never try `sudo -n`. */
  sudo?: false;
}

/** The target text to connect to: the written target with the separate user and port folded in. */
export function effectiveTarget(record: Pick<HostRecord, 'target' | 'user' | 'port'>): string {
  if (record.user === undefined && record.port === undefined) return record.target;
  const written = splitTarget(record.target);
  const user = record.user ?? written.user;
  const port = record.port ?? written.port;
  const host = port !== undefined && written.host.includes(':') ? `[${written.host}]` : written.host;
  return `${user !== undefined ? `${user}@` : ''}${host}${port !== undefined ? `:${port}` : ''}`;
}

/** A host's id: its target (user and port folded in), plus ` ` and the engine address when it names one. */
export function hostIdOf(record: Pick<HostRecord, 'target' | 'dockerHost' | 'user' | 'port'>): string {
  const target = effectiveTarget(record);
  return record.dockerHost === undefined ? target : `${target} ${record.dockerHost}`;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** `~/…` against the home folder; anything else must already be absolute. */
export function expandHome(path: string, home: string = osHomedir()): string {
  return path === '~' || path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/**
 * Checks the form and returns the record to keep; throws ApiError('bad-request') with `fields` naming
 * each wrong field. `exists` is how an identity file is looked at (a test may pass its own).
 */
export function checkHostSettings(input: HostSettingsInput, options: ParseTargetOptions = {}): HostRecord {
  const fields: Record<string, string> = {};
  const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  const target = input.target.trim();
  let written: ReturnType<typeof splitTarget> | null = null;
  let isLocal = target === LOCAL_HOST_ID;
  if (!isLocal) {
    try {
      written = splitTarget(target);
    } catch (error) {
      fields.target = messageOf(error);
    }
  }
  const user = text(input.user);
  if (user !== undefined) {
    if (!isValidUser(user)) fields.user = 'a user name holds only letters, digits, ".", "_" and "-"';
    else if (written?.user !== undefined && written.user !== user)
      fields.user = `the target already names the user ${written.user}: give it in one place`;
  }
  const portText = input.port === undefined ? undefined : String(input.port).trim() || undefined;
  const port = portText === undefined ? undefined : parsePort(portText);
  if (portText !== undefined) {
    if (port === undefined) fields.port = 'a port is a number from 1 to 65535';
    else if (written?.port !== undefined && written.port !== port)
      fields.port = `the target already names the port ${written.port}: give it in one place`;
  }
  const identityFile = text(input.identityFile);
  if (identityFile !== undefined) {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (/[\x00-\x1f\x7f]/.test(identityFile) || identityFile.length > IDENTITY_FILE_MAX)
      fields.identityFile = 'a file path without control characters';
    else if (!isAbsolute(identityFile) && !identityFile.startsWith('~/'))
      fields.identityFile = 'write the key file as an absolute path or ~/…';
    else if (!isFile(expandHome(identityFile, options.homedir)))
      fields.identityFile = `no file at ${identityFile}`;
  }
  const jump = text(input.jump);
  if (jump !== undefined) {
    try {
      for (const hop of jumpList(jump)) {
        const parsed = parseTarget(hop, options);
        if (parsed.kind !== 'ssh') throw new Error(`"${hop}" cannot be a jump host: name an SSH host`);
      }
    } catch (error) {
      fields.jump = messageOf(error);
    }
  }
  const engineText = text(input.dockerHost);
  let dockerHost: string | undefined;
  if (engineText !== undefined) {
    try {
      const engine = parseDockerHost(engineText);
      if (!isLocal) remoteSocketPath(engine);
      dockerHost = engine.display;
    } catch (error) {
      fields.dockerHost = messageOf(error);
    }
  }
  const record: HostRecord = {
    target,
    label: '',
    ...(dockerHost !== undefined && { dockerHost }),
    ...(user !== undefined && { user }),
    ...(port !== undefined && { port }),
    ...(identityFile !== undefined && { identityFile }),
    ...(jump !== undefined && { jump }),
    ...(input.sudo === false && { sudo: false as const }),
  };
  if (!fields.target && !isLocal) {
    try {
      // The one grammar again, with the ssh config: a host that is saved is one `connect` can parse.
      isLocal = parseTarget(effectiveTarget(record), options).kind === 'local';
    } catch (error) {
      if (!fields.user && !fields.port) fields.target = messageOf(error);
    }
  }
  if (isLocal) {
    for (const [field, value] of Object.entries({ user, port, identityFile, jump }))
      if (value !== undefined) fields[field] = 'only an SSH host has this setting';
    if (dockerHost === undefined && !fields.dockerHost && Object.keys(fields).length === 0)
      throw new ApiError('conflict', '"local" is always present', {
        target: '"local" is always in the list; give an engine socket to add another local engine',
      });
  }
  const wrong = Object.entries(fields);
  if (wrong.length > 0)
    throw new ApiError(
      'bad-request',
      wrong.map(([field, message]) => `${field}: ${message}`).join('; '),
      fields,
    );
  record.label = input.label?.trim() || hostIdOf(record);
  return record;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** What a session needs to connect to a saved host, beyond its parsed Target. */
export interface ConnectSettings {
  identityFile?: string;
  jump?: string;
  sudo?: false;
}

/** Parses a saved host for one connect (the ssh config read now, so edits count from the next connect). */
export function connectPlan(
  record: HostRecord,
  options: ParseTargetOptions = {},
): { target: Target; settings: ConnectSettings } {
  let target = parseTarget(effectiveTarget(record), options);
  if (record.dockerHost !== undefined) target = { ...target, dockerHost: parseDockerHost(record.dockerHost) };
  return {
    target,
    settings: {
      ...(record.identityFile !== undefined && {
        identityFile: expandHome(record.identityFile, options.homedir),
      }),
      ...(record.jump !== undefined && { jump: record.jump }),
      ...(record.sudo === false && { sudo: false as const }),
    },
  };
}

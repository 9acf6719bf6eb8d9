// The hosts the user added (an SSH target with its settings, or any target with an engine socket such
// as Podman's), kept in a small JSON file. The file is untrusted on read: a bad one is set aside (never
// silently overwritten) and the app starts with `local` only. Version 1 (target, label, engine socket)
// still loads: it is version 2 without the settings, and is written back as version 2 on the next change.
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { parseDockerHost } from '../connection/docker-host.js';
import { jumpList } from '../connection/ssh/route.js';
import { isValidUser, parsePort, splitTarget } from '../connection/ssh/target.js';
import {
  DOCKER_HOST_MAX,
  HOST_LABEL_MAX,
  HOSTS_MAX,
  IDENTITY_FILE_MAX,
  JUMP_MAX,
  TARGET_MAX,
  TARGET_USER_MAX,
} from '../model/limits.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { effectiveTarget, hostIdOf, LOCAL_HOST_ID } from './host-record.js';
import type { HostRecord } from './host-record.js';

export { hostIdOf, LOCAL_HOST_ID } from './host-record.js';
export type { HostRecord } from './host-record.js';

const parses =
  <T>(check: (value: T) => unknown) =>
  (value: T) => {
    try {
      check(value);
      return true;
    } catch {
      return false;
    }
  };

const DockerHostText = z
  .string()
  .min(1)
  .max(DOCKER_HOST_MAX)
  .refine(parses(parseDockerHost), 'not a valid engine address');

/** Written as the user typed it; read back through the one target grammar (ssh/target.ts). */
const TargetText = z.string().min(1).max(TARGET_MAX).refine(parses(splitTarget), 'not a valid SSH target');

const V1Host = z.object({
  target: TargetText,
  label: z.string().max(HOST_LABEL_MAX),
  dockerHost: DockerHostText.optional(),
});

const V2Host = z
  .strictObject({
    ...V1Host.shape,
    user: z.string().max(TARGET_USER_MAX).refine(isValidUser, 'not a valid user name').optional(),
    port: z
      .number()
      .int()
      .refine((port) => parsePort(String(port)) === port, 'not a port from 1 to 65535')
      .optional(),
    identityFile: z
      .string()
      .min(1)
      .max(IDENTITY_FILE_MAX)
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
      .regex(/^(\/|~\/)[^\x00-\x1f\x7f]*$/)
      .optional(),
    jump: z
      .string()
      .min(1)
      .max(JUMP_MAX)
      .refine(
        parses((text: string) => jumpList(text).forEach((hop) => splitTarget(hop))),
        'not a valid jump host list',
      )
      .optional(),
    sudo: z.literal(false).optional(),
  })
  // User and port apart from the target are given in one place only, and still make a target of the grammar.
  .refine(
    parses((host: HostRecord) => {
      const written = splitTarget(host.target);
      if (
        (host.user !== undefined && written.user !== undefined) ||
        (host.port !== undefined && written.port !== undefined)
      )
        throw new Error('given twice');
      splitTarget(effectiveTarget(host));
    }),
    'user and port do not fit the target',
  );

const HostsFile = z.discriminatedUnion('version', [
  z.object({ version: z.literal(1), hosts: z.array(V1Host).max(HOSTS_MAX) }),
  z.object({ version: z.literal(2), hosts: z.array(V2Host).max(HOSTS_MAX) }),
]);

/** The record as kept, with only the keys that are set (a version 1 entry has none of the settings). */
function recordOf(host: z.output<typeof V2Host> | z.output<typeof V1Host>): HostRecord {
  const v2: Partial<z.output<typeof V2Host>> = host;
  return {
    target: host.target,
    label: host.label,
    ...(host.dockerHost !== undefined && { dockerHost: parseDockerHost(host.dockerHost).display }),
    ...(v2.user !== undefined && { user: v2.user }),
    ...(v2.port !== undefined && { port: v2.port }),
    ...(v2.identityFile !== undefined && { identityFile: v2.identityFile }),
    ...(v2.jump !== undefined && { jump: v2.jump }),
    ...(v2.sudo === false && { sudo: false as const }),
  };
}

export interface LoadedHosts {
  hosts: HostRecord[];
  /** Why the file must not be written this run (it exists but could not be read or set aside), or null. */
  readOnly: string | null;
}

const reasonOf = (error: unknown) =>
  (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));

/**
 * Reads the file; a missing file is an empty list, a bad one is renamed to `<file>.invalid`. One that
 * cannot be read (EACCES after a `sudo` run, a directory…) is logged and left alone: the app starts
 * with `local` only and does not write over it.
 */
export async function loadHosts(file: string, log: (line: string) => void): Promise<LoadedHosts> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { hosts: [], readOnly: null };
    const why = `cannot read ${file} (${reasonOf(error)})`;
    log(`netlens: ${why}; started with "local" only and will not change that file`);
    return { hosts: [], readOnly: why };
  }
  let reason: string;
  try {
    const parsed = HostsFile.safeParse(JSON.parse(text));
    if (parsed.success)
      return {
        hosts: parsed.data.hosts.map(recordOf).filter((host) => hostIdOf(host) !== LOCAL_HOST_ID),
        readOnly: null,
      };
    const issue = parsed.error.issues[0];
    reason = `${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`;
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  const aside = `${file}.invalid`;
  try {
    await rename(file, aside);
  } catch (error) {
    const why = `${file} is not a valid hosts file (${reason}) and could not be moved aside (${reasonOf(error)})`;
    log(`netlens: ${why}; started with "local" only and will not change that file`);
    return { hosts: [], readOnly: why };
  }
  log(
    `netlens: ${file} is not a valid hosts file (${reason}); moved it to ${aside} and started with "local" only`,
  );
  return { hosts: [], readOnly: null };
}

/** Writes atomically (an exclusive, randomly named temporary file + rename), readable by the user only. */
export async function saveHosts(file: string, hosts: readonly HostRecord[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const body = JSON.stringify({ version: 2, hosts }, null, 2);
  await writeFileAtomic(file, `${body}\n`, { mode: 0o600 });
}

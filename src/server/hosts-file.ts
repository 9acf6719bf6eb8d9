// The hosts the user added (an SSH target, or any target with an engine socket such as Podman's), kept
// in a small JSON file. The file is untrusted on read:
// a bad one is set aside (never silently overwritten) and the app starts with `local` only.
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { parseDockerHost } from '../connection/docker-host.js';
import { splitTarget } from '../connection/ssh/target.js';
import { DOCKER_HOST_MAX, HOST_LABEL_MAX, HOSTS_MAX, TARGET_MAX } from '../model/limits.js';
import { writeFileAtomic } from '../store/atomic-write.js';

export const LOCAL_HOST_ID = 'local';

export interface HostRecord {
  target: string;
  label: string;
  /** The engine socket on that host, as parseDockerHost displays it; absent for Docker's default. */
  dockerHost?: string;
}

/** A host's id: its target, plus ` ` and the engine address when it names one (a target holds no space). */
export function hostIdOf(record: Pick<HostRecord, 'target' | 'dockerHost'>): string {
  return record.dockerHost === undefined ? record.target : `${record.target} ${record.dockerHost}`;
}

const DockerHostText = z
  .string()
  .min(1)
  .max(DOCKER_HOST_MAX)
  .refine((text) => {
    try {
      parseDockerHost(text);
      return true;
    } catch {
      return false;
    }
  }, 'not a valid engine address');

/** Written as the user typed it; read back through the one target grammar (ssh/target.ts). */
const TargetText = z
  .string()
  .min(1)
  .max(TARGET_MAX)
  .refine((text) => {
    try {
      splitTarget(text);
      return true;
    } catch {
      return false;
    }
  }, 'not a valid SSH target');

const HostsFile = z.object({
  version: z.literal(1),
  hosts: z
    .array(
      z.object({
        target: TargetText,
        label: z.string().max(HOST_LABEL_MAX),
        dockerHost: DockerHostText.optional(),
      }),
    )
    .max(HOSTS_MAX),
});

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
        hosts: parsed.data.hosts
          .filter((host) => hostIdOf(host) !== LOCAL_HOST_ID)
          .map((host) => ({
            target: host.target,
            label: host.label,
            ...(host.dockerHost !== undefined && { dockerHost: parseDockerHost(host.dockerHost).display }),
          })),
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
  const body = JSON.stringify({ version: 1, hosts }, null, 2);
  await writeFileAtomic(file, `${body}\n`, { mode: 0o600 });
}

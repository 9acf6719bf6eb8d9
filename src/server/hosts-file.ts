// The SSH targets the user added, kept in a small JSON file. The file is untrusted on read:
// a bad one is set aside (never silently overwritten) and the app starts with `local` only.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

export const LOCAL_HOST_ID = 'local';

export interface HostRecord {
  target: string;
  label: string;
}

const HostsFile = z.object({
  version: z.literal(1),
  hosts: z.array(z.object({ target: z.string().min(1).max(500), label: z.string().max(200) })).max(10_000),
});

/** Reads the file; a missing file is an empty list, a bad one is renamed to `<file>.invalid`. */
export async function loadHosts(file: string, log: (line: string) => void): Promise<HostRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let reason: string;
  try {
    const parsed = HostsFile.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.hosts.filter((host) => host.target !== LOCAL_HOST_ID);
    const issue = parsed.error.issues[0];
    reason = `${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`;
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  const aside = `${file}.invalid`;
  await rename(file, aside);
  log(
    `netlens: ${file} is not a valid hosts file (${reason}); moved it to ${aside} and started with "local" only`,
  );
  return [];
}

/** Writes atomically (temporary file + rename), readable by the user only. */
export async function saveHosts(file: string, hosts: readonly HostRecord[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  const body = JSON.stringify({ version: 1, hosts }, null, 2);
  await writeFile(temporary, `${body}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

const TARGET =
  /^(?:[A-Za-z0-9._][A-Za-z0-9._-]{0,63}@)?(?:[A-Za-z0-9_][A-Za-z0-9._-]{0,252}|\[[0-9A-Fa-f:.]{2,45}\])(?::(\d{1,5}))?$/;

/** Default target check: `user@host[:port]`, `[ipv6]:port` or an ssh_config alias; never an option. */
export function parseTargetDefault(target: string): string {
  const trimmed = target.trim();
  const match = TARGET.exec(trimmed);
  const port = match?.[1] === undefined ? 22 : Number(match[1]);
  if (!match || port < 1 || port > 65535) {
    throw Object.assign(
      new Error(`"${target}" is not an SSH target (user@host[:port] or an ~/.ssh/config alias)`),
      {
        code: 'bad-request',
      },
    );
  }
  return trimmed;
}

// Hosts the user has already described elsewhere, offered for the app's list: the Host aliases of
// ~/.ssh/config (non-wildcard ones; the config resolves them at connect) and Docker contexts whose
// endpoint is `ssh://…` (their meta.json under ~/.docker/contexts/meta). A context file is untrusted:
// bounded in size, read only as a regular file, parsed with a strict schema, its name and endpoint
// checked (the endpoint by the one target grammar); what is passed over is named, never dropped silently.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { homedir as osHomedir } from 'node:os';
import { join } from 'node:path';
import SSHConfig, { LineType } from 'ssh-config';
import { z } from 'zod';
import type { HostSettingsInput } from '../api/contract.js';
import { parseTarget, splitTarget } from '../connection/ssh/target.js';
import type { ParseTargetOptions } from '../connection/ssh/target.js';
import { CONTEXT_NAME_MAX, HOSTS_MAX, TARGET_MAX } from '../model/limits.js';
import { readFileLimited } from '../store/read-limited.js';

export interface Found {
  /** The alias or the context's name. */
  source: string;
  settings: HostSettingsInput;
}

export interface ImportResult {
  found: Found[];
  /** One line per entry passed over, saying why. */
  skipped: string[];
}

/** A context's meta.json is a few hundred bytes; anything near this is not one. */
export const CONTEXT_META_MAX_BYTES = 64 * 1024;
/** Contexts looked at (one folder each); more is not a Docker configuration. */
const CONTEXTS_MAX = 1000;
/** Docker's own rule for context names (cli/context/store): also what makes them safe to show. */
const CONTEXT_NAME = new RegExp(`^[a-zA-Z0-9][a-zA-Z0-9_.+-]{0,${CONTEXT_NAME_MAX - 1}}$`);

const ContextMeta = z.strictObject({
  Name: z.string().max(CONTEXT_NAME_MAX),
  Metadata: z.unknown().optional(),
  Endpoints: z
    .object({
      docker: z
        .strictObject({ Host: z.string().max(TARGET_MAX), SkipTLSVerify: z.boolean().optional() })
        .optional(),
    })
    .catchall(z.unknown()),
});

/** What the user sees of a name from a file: printable, one line, short. */
function shown(text: string): string {
  // eslint-disable-next-line no-control-regex -- control and bidi characters are what is removed
  const clean = text.replace(/[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '?');
  return JSON.stringify(clean.length > 60 ? `${clean.slice(0, 60)}…` : clean);
}

const isPattern = (alias: string) => /[*?!]/.test(alias);

/** The non-wildcard Host aliases of the ssh config, each one that parses as a target. */
export function importSshConfig(options: ParseTargetOptions & { text: string }): ImportResult {
  const found: Found[] = [];
  const skipped: string[] = [];
  let parsed: ReturnType<typeof SSHConfig.parse>;
  try {
    parsed = SSHConfig.parse(options.text);
  } catch (error) {
    return { found, skipped: [`the ssh config could not be parsed (${(error as Error).message})`] };
  }
  const seen = new Set<string>();
  for (const line of parsed) {
    if (line.type !== LineType.DIRECTIVE || !/^host$/i.test(line.param)) continue;
    const values = Array.isArray(line.value) ? line.value.map((item) => item.val) : [line.value];
    for (const alias of values) {
      if (isPattern(alias) || seen.has(alias) || found.length >= HOSTS_MAX) continue;
      seen.add(alias);
      try {
        // The one grammar, resolved against the same config: what is offered can be connected to.
        if (parseTarget(alias, options).kind !== 'ssh') continue;
        found.push({ source: alias, settings: { target: alias, label: alias } });
      } catch (error) {
        skipped.push(`Host ${shown(alias)}: ${(error as Error).message}`);
      }
    }
  }
  return { found, skipped };
}

export async function readSshConfigImport(options: ParseTargetOptions): Promise<ImportResult> {
  const path = options.sshConfigPath ?? join(options.homedir ?? osHomedir(), '.ssh', 'config');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { found: [], skipped: code === 'ENOENT' ? [] : [`cannot read ${path} (${code ?? 'error'})`] };
  }
  return importSshConfig({ ...options, text });
}

/** One context folder: a Found, or why it was passed over (null: not an SSH context, nothing to say). */
async function readContext(dir: string, entry: string): Promise<Found | string | null> {
  const file = join(dir, entry, 'meta.json');
  try {
    const info = await lstat(file);
    if (!info.isFile()) return `${file} is not a regular file`;
    if (info.size > CONTEXT_META_MAX_BYTES) return `${file} is larger than ${CONTEXT_META_MAX_BYTES} bytes`;
    const text = (await readFileLimited(file, CONTEXT_META_MAX_BYTES)).toString('utf8');
    const parsed = ContextMeta.safeParse(JSON.parse(text));
    if (!parsed.success)
      return `${file} is not a Docker context (${parsed.error.issues[0]?.message ?? 'invalid'})`;
    const { Name: name, Endpoints: endpoints } = parsed.data;
    if (!CONTEXT_NAME.test(name))
      return `the context named ${shown(name)} in ${file} has a name Docker would refuse`;
    const host = endpoints.docker?.Host;
    if (host === undefined || !/^ssh:\/\//i.test(host)) return null;
    try {
      splitTarget(host);
    } catch (error) {
      return `context ${name}: ${(error as Error).message}`;
    }
    return { source: name, settings: { target: host, label: name } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `${file} could not be read (${code ?? (error as Error).message})`;
  }
}

/**
 * Docker contexts with an `ssh://` endpoint, from `<DOCKER_CONFIG or ~/.docker>/contexts/meta/<id>/meta.json`
 * (Docker names each folder by the digest of the context's name; the name inside is what counts).
 */
export async function readDockerContexts(options: {
  homedir?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<ImportResult> {
  const env = options.env ?? process.env;
  const config = env.DOCKER_CONFIG || join(options.homedir ?? osHomedir(), '.docker');
  const dir = join(config, 'contexts', 'meta');
  let entries: string[];
  try {
    entries = (await readdir(dir)).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { found: [], skipped: code === 'ENOENT' ? [] : [`cannot read ${dir} (${code ?? 'error'})`] };
  }
  const found: Found[] = [];
  const skipped: string[] = [];
  if (entries.length > CONTEXTS_MAX)
    skipped.push(`${dir} holds ${entries.length} folders: only the first ${CONTEXTS_MAX} were read`);
  for (const entry of entries.slice(0, CONTEXTS_MAX)) {
    const result = await readContext(dir, entry);
    if (typeof result === 'string') skipped.push(result);
    else if (result && !found.some((item) => item.source === result.source)) found.push(result);
  }
  return { found, skipped };
}

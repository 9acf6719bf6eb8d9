// known_hosts as OpenSSH reads it: plain and hashed (`|1|salt|hash`) host patterns, `[host]:port`
// names, wildcards and negations, several key types per host, and `@revoked` markers. Pure functions
// over the file's text, plus an append that writes a line OpenSSH itself accepts.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface HostKey {
  /** Key type from inside the blob, e.g. `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`. */
  type: string;
  /** The public key in SSH wire format (what known_hosts base64-encodes). */
  blob: Buffer;
}

export type HostKeyVerdict =
  | { kind: 'known'; line: number }
  | { kind: 'unknown'; otherTypes: string[] }
  | { kind: 'changed'; line: number; knownType: string }
  | { kind: 'revoked'; line: number };

interface Entry {
  line: number;
  marker?: string;
  patterns: string;
  type: string;
  blob: Buffer;
}

/** Reads the type string that opens an SSH public key blob; throws on a malformed blob. */
export function hostKeyFromBlob(blob: Buffer): HostKey {
  if (blob.length < 4) throw new Error('host key blob is too short');
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > blob.length) throw new Error('host key blob is malformed');
  return { type: blob.subarray(4, 4 + length).toString('latin1'), blob };
}

/** `SHA256:<base64 without padding>`, as `ssh-keygen -l` prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The name known_hosts uses for a host: `host` on port 22, `[host]:port` elsewhere. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function parseEntries(text: string): Entry[] {
  const entries: Entry[] = [];
  text.split('\n').forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return;
    const marker = fields[0].startsWith('@') ? fields.shift() : undefined;
    const [patterns, type, base64] = fields;
    if (patterns === undefined || type === undefined || base64 === undefined) return;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return;
    const blob = Buffer.from(base64, 'base64');
    try {
      if (hostKeyFromBlob(blob).type !== type && !type.endsWith('-cert-v01@openssh.com')) return;
    } catch {
      return;
    }
    entries.push({ line: index + 1, ...(marker !== undefined && { marker }), patterns, type, blob });
  });
  return entries;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

function hashedMatches(pattern: string, name: string): boolean {
  const parts = pattern.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2] ?? '', 'base64');
  const expected = Buffer.from(parts[3] ?? '', 'base64');
  const actual = createHmac('sha1', salt).update(name).digest();
  return expected.length === actual.length && expected.equals(actual);
}

/** OpenSSH's rule: a name matches when some pattern matches it and no negated pattern does. */
export function patternsMatch(patterns: string, names: readonly string[]): boolean {
  if (patterns.startsWith('|')) return names.some((name) => hashedMatches(patterns, name));
  let matched = false;
  for (const pattern of patterns.split(',')) {
    const negated = pattern.startsWith('!');
    const re = globToRegExp(negated ? pattern.slice(1) : pattern);
    if (names.some((name) => re.test(name))) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** Judges a host key against known_hosts text for the given names (first is the primary one). */
export function checkHostKey(text: string, names: readonly string[], key: HostKey): HostKeyVerdict {
  const entries = parseEntries(text).filter((entry) => patternsMatch(entry.patterns, names));
  const revoked = entries.find((entry) => entry.marker === '@revoked' && entry.blob.equals(key.blob));
  if (revoked) return { kind: 'revoked', line: revoked.line };
  const plain = entries.filter((entry) => entry.marker === undefined);
  const same = plain.find((entry) => entry.blob.equals(key.blob));
  if (same) return { kind: 'known', line: same.line };
  const changed = plain.find((entry) => entry.type === key.type);
  if (changed) return { kind: 'changed', line: changed.line, knownType: changed.type };
  return { kind: 'unknown', otherTypes: [...new Set(plain.map((entry) => entry.type))] };
}

/** Key types known_hosts holds for these names, so the handshake can prefer one we can verify. */
export function knownKeyTypes(text: string, names: readonly string[]): string[] {
  const types = parseEntries(text)
    .filter((entry) => entry.marker === undefined && patternsMatch(entry.patterns, names))
    .map((entry) => entry.type);
  return [...new Set(types)];
}

/** One known_hosts line; hashed names hide which hosts you know if the file leaks. */
export function formatKnownHostsLine(
  name: string,
  key: HostKey,
  hashed: boolean,
  salt = randomBytes(20),
): string {
  const pattern = hashed
    ? `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`
    : name;
  return `${pattern} ${key.type} ${key.blob.toString('base64')}`;
}

export async function readKnownHosts(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Appends one entry, creating the file (0600) and its directory (0700) when missing. */
export async function appendKnownHost(
  path: string,
  name: string,
  key: HostKey,
  hashed: boolean,
): Promise<string> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const current = await readKnownHosts(path);
  const line = formatKnownHostsLine(name, key, hashed);
  const prefix = current.length > 0 && !current.endsWith('\n') ? '\n' : '';
  await appendFile(path, `${prefix}${line}\n`, { mode: 0o600 });
  return line;
}

// The ssh-agent as OpenSSH uses it: asked once for the keys it holds (an unusable agent is a reason
// to skip it, never a failed connection), and consulted before a key file is opened, so a key the
// agent holds signs through the agent and its passphrase is never asked.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import ssh2 from 'ssh2';
import type { BaseAgent, ParsedKey, SignCallback, SigningRequestOptions } from 'ssh2';

const AGENT_TIMEOUT_MS = 5_000;

export type AgentState = { ok: true; agent: BaseAgent; keys: ParsedKey[] } | { ok: false; reason: string };

/** Why nothing answers on the socket, as a short phrase (`no such socket`, `ECONNREFUSED`). */
function socketProblem(socket: string): Promise<string> {
  if (!existsSync(socket)) return Promise.resolve('no such socket');
  return new Promise((resolve) => {
    const probe = createConnection(socket);
    probe.once('connect', () => {
      probe.destroy();
      resolve('it did not list its keys');
    });
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Connects to the agent and lists its keys, within a deadline. */
export async function readAgent(socket: string): Promise<AgentState> {
  const agent = new ssh2.OpenSSHAgent(socket);
  const keys = await new Promise<ParsedKey[] | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), AGENT_TIMEOUT_MS);
    agent.getIdentities((error, list) => {
      clearTimeout(timer);
      // An OpenSSH agent lists plain keys; the typings also allow entries with options.
      resolve(error ? undefined : (list ?? []).filter((k): k is ParsedKey => 'getPublicSSH' in k));
    });
  });
  if (keys) return { ok: true, agent, keys };
  return { ok: false, reason: `the ssh-agent at ${socket} is not usable (${await socketProblem(socket)})` };
}

/** The agent, showing only one of its keys (so ssh2 offers exactly the key a file names). */
export class OneKeyAgent extends ssh2.BaseAgent<ParsedKey> {
  constructor(
    private readonly inner: BaseAgent,
    private readonly key: ParsedKey,
  ) {
    super();
  }

  getIdentities(cb: (error: Error | undefined, keys?: ParsedKey[]) => void): void {
    cb(undefined, [this.key]);
  }

  sign(
    pubKey: ParsedKey,
    data: Buffer,
    options: SigningRequestOptions | SignCallback,
    cb?: SignCallback,
  ): void {
    if (typeof options === 'function') this.inner.sign(pubKey, data, options);
    else this.inner.sign(pubKey, data, options, cb);
  }
}

function readString(buffer: Buffer, at: number): { value: Buffer; next: number } | undefined {
  if (at + 4 > buffer.length) return undefined;
  const length = buffer.readUInt32BE(at);
  if (at + 4 + length > buffer.length) return undefined;
  return { value: buffer.subarray(at + 4, at + 4 + length), next: at + 4 + length };
}

/**
 * The public half of an OpenSSH private key file, readable even when the key is encrypted: the
 * `openssh-key-v1` format keeps the public key in the clear.
 */
function publicBlobOfOpenSshKey(text: string): Buffer | undefined {
  const match = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text);
  if (!match?.[1]) return undefined;
  const data = Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
  const magic = 'openssh-key-v1\0';
  if (data.subarray(0, magic.length).toString('latin1') !== magic) return undefined;
  let at = magic.length;
  for (let i = 0; i < 3; i++) {
    // cipher name, KDF name, KDF options
    const field = readString(data, at);
    if (!field) return undefined;
    at = field.next;
  }
  if (at + 4 > data.length || data.readUInt32BE(at) < 1) return undefined;
  return readString(data, at + 4)?.value;
}

/** The public key blob of a private key file: from `<file>.pub`, else from the file itself. */
export async function publicBlobOf(path: string): Promise<Buffer | undefined> {
  try {
    // ssh2 returns an array for files holding several keys, which its typings leave out.
    const pub = ssh2.utils.parseKey(await readFile(`${path}.pub`)) as ParsedKey | ParsedKey[] | Error;
    const key = Array.isArray(pub) ? pub[0] : pub;
    if (key && !(key instanceof Error)) return key.getPublicSSH();
  } catch {
    // no .pub file next to it
  }
  try {
    return publicBlobOfOpenSshKey(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

// Public-key authentication in a fixed order: the key named with --identity, the IdentityFiles of
// the ssh config, the agent (SSH_AUTH_SOCK), then the default keys. Keys are read only when their
// turn comes, so a passphrase is asked only for a key that is actually tried, and never for a key
// the agent holds (it signs there). An agent that does not answer is skipped with its reason, as
// OpenSSH does. Passphrases never leave this file: not in errors, not in logs.
import { access, readFile } from 'node:fs/promises';
import { homedir as osHomedir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, AuthHandlerMiddleware, ParsedKey } from 'ssh2';
import { ConnectionError } from '../types.js';
import { OneKeyAgent, publicBlobOf, readAgent } from './agent.js';
import type { AgentState } from './agent.js';

export type AskPassphrase = (keyPath: string) => Promise<string>;

export interface AuthOptions {
  username: string;
  /** --identity: tried first and required to exist. */
  identityFile?: string;
  /** IdentityFile entries of the ssh config. */
  configIdentityFiles?: readonly string[];
  identitiesOnly?: boolean;
  /** ssh-agent socket; default SSH_AUTH_SOCK. Pass null to never use an agent. */
  agentSocket?: string | null;
  askPassphrase?: AskPassphrase;
  homedir?: string;
}

type Step = { kind: 'agent'; socket: string } | { kind: 'key'; path: string };

export interface AuthPlan {
  handler: AuthHandlerMiddleware;
  /** What was tried and why keys were skipped, for a one-line auth-failed message. */
  summary(): string;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
const NO_AGENT: AgentState = { ok: false, reason: 'no ssh-agent' };

/** The agent socket to consult for named keys (even with IdentitiesOnly, as OpenSSH does). */
function namedAgent(options: AuthOptions): string | undefined {
  const socket = options.agentSocket === undefined ? process.env.SSH_AUTH_SOCK : options.agentSocket;
  return socket || undefined;
}
const PASSPHRASE_TRIES = 3;

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function parsed(result: ParsedKey | ParsedKey[] | Error): ParsedKey | Error {
  return Array.isArray(result) ? (result[0] ?? new Error('no key in file')) : result;
}

/** Loads a private key, asking for its passphrase when it is encrypted. */
export async function loadPrivateKey(path: string, askPassphrase?: AskPassphrase): Promise<ParsedKey> {
  const data = await readFile(path);
  const plain = parsed(ssh2.utils.parseKey(data));
  if (!(plain instanceof Error)) return plain;
  if (!/passphrase|encrypted/i.test(plain.message))
    throw new Error(`${path} is not a private key ssh2 can read`);
  if (!askPassphrase) throw new Error(`${path} is encrypted and no passphrase prompt is available`);
  for (let attempt = 1; attempt <= PASSPHRASE_TRIES; attempt++) {
    const passphrase = await askPassphrase(path);
    const key = parsed(ssh2.utils.parseKey(data, passphrase));
    if (!(key instanceof Error)) return key;
  }
  throw new Error(`wrong passphrase for ${path} (${PASSPHRASE_TRIES} tries)`);
}

async function planSteps(options: AuthOptions): Promise<Step[]> {
  const home = options.homedir ?? osHomedir();
  const steps: Step[] = [];
  const seen = new Set<string>();
  const addKey = (path: string) => {
    if (!seen.has(path)) steps.push({ kind: 'key', path });
    seen.add(path);
  };
  if (options.identityFile !== undefined) {
    if (!(await exists(options.identityFile)))
      throw new ConnectionError(
        'auth-failed',
        `the identity file ${options.identityFile} does not exist: check the --identity path`,
      );
    addKey(options.identityFile);
  }
  for (const file of options.configIdentityFiles ?? []) if (await exists(file)) addKey(file);
  const agent = namedAgent(options);
  const namedKeys = steps.length > 0;
  if (agent && !(options.identitiesOnly && namedKeys)) steps.push({ kind: 'agent', socket: agent });
  if (!namedKeys)
    for (const name of DEFAULT_KEYS)
      if (await exists(join(home, '.ssh', name))) addKey(join(home, '.ssh', name));
  return steps;
}

export async function planAuth(options: AuthOptions): Promise<AuthPlan> {
  const steps = await planSteps(options);
  const tried: string[] = [];
  const skipped: string[] = [];
  const agentSocket = steps.find((s) => s.kind === 'agent')?.socket ?? namedAgent(options);
  let agentRead: Promise<AgentState> | undefined;
  const agent = () => (agentRead ??= agentSocket ? readAgent(agentSocket) : Promise.resolve(NO_AGENT));
  let agentNoted = false;
  const noteAgent = (state: AgentState) => {
    if (!state.ok && state !== NO_AGENT && !agentNoted) skipped.push(state.reason);
    agentNoted = true;
  };
  const nextMethod = async (methodsLeft: AuthenticationType[] | null): Promise<AnyAuthMethod | false> => {
    while (next < steps.length) {
      const step = steps[next++] as Step;
      if (methodsLeft && !methodsLeft.includes('publickey')) continue;
      const state = await agent();
      if (step.kind === 'agent') {
        noteAgent(state);
        if (!state.ok) continue;
        tried.push('ssh-agent');
        return { type: 'agent', username: options.username, agent: state.agent };
      }
      // A key the agent holds signs there, as with OpenSSH: its passphrase is never asked.
      const blob = state.ok ? await publicBlobOf(step.path) : undefined;
      const held = blob && state.ok ? state.keys.find((k) => k.getPublicSSH().equals(blob)) : undefined;
      if (held && state.ok) {
        tried.push(`${step.path} (in ssh-agent)`);
        return { type: 'agent', username: options.username, agent: new OneKeyAgent(state.agent, held) };
      }
      try {
        const key = await loadPrivateKey(step.path, options.askPassphrase);
        tried.push(step.path);
        return { type: 'publickey', username: options.username, key };
      } catch (error) {
        skipped.push(error instanceof Error ? error.message : String(error));
      }
    }
    return false;
  };
  let next = 0;
  return {
    // ssh2 reads `false` as "no more methods", which its typings leave out.
    handler: (methodsLeft, _partial, callback) => {
      const done = callback as (method: AnyAuthMethod | false) => void;
      nextMethod(methodsLeft as AuthenticationType[] | null).then(done, () => done(false));
    },
    summary: () => {
      const what = tried.length > 0 ? `tried ${tried.join(', ')}` : 'no key or ssh-agent was available';
      return skipped.length > 0 ? `${what}; skipped: ${skipped.join('; ')}` : what;
    },
  };
}

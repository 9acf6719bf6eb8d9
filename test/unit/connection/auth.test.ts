import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyAuthMethod, AuthenticationType } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { loadPrivateKey, planAuth } from '../../../src/connection/ssh/auth.js';
import type { AuthPlan } from '../../../src/connection/ssh/auth.js';
import { ConnectionError } from '../../../src/connection/types.js';
import { startSshAgent } from '../../support/ssh-agent.js';
import { keygen } from '../../support/sshd.js';

const home = mkdtempSync(join(tmpdir(), 'nls-auth-'));
mkdirSync(join(home, '.ssh'));
const plain = join(home, '.ssh', 'id_ed25519');
keygen(plain, 'ed25519');
const locked = join(home, 'locked');
keygen(locked, 'ed25519', 'correct horse');
const configKey = join(home, 'config_key');
keygen(configKey, 'ecdsa');

function next(
  plan: AuthPlan,
  methodsLeft: AuthenticationType[] | null = null,
): Promise<AnyAuthMethod | false> {
  return new Promise((resolve) =>
    plan.handler(methodsLeft as AuthenticationType[], false, (m) => resolve(m as AnyAuthMethod | false)),
  );
}

function describeStep(step: AnyAuthMethod | false): string {
  if (step === false) return 'done';
  return step.type === 'agent'
    ? 'agent'
    : `key:${step.type === 'publickey' ? String((step.key as { comment?: string }).comment ?? '') : ''}`;
}

describe('loadPrivateKey', () => {
  it('reads a plain key without asking', async () => {
    const asked: string[] = [];
    const key = await loadPrivateKey(plain, (path) => {
      asked.push(path);
      return Promise.resolve('');
    });
    expect(key.type).toBe('ssh-ed25519');
    expect(asked).toEqual([]);
  });

  it('asks for the passphrase of an encrypted key, again when it is wrong', async () => {
    const answers = ['wrong', 'correct horse'];
    const asked: string[] = [];
    const key = await loadPrivateKey(locked, (path) => {
      asked.push(path);
      return Promise.resolve(answers.shift() ?? '');
    });
    expect(key.type).toBe('ssh-ed25519');
    expect(asked).toEqual([locked, locked]);
  });

  it('gives up after three wrong passphrases and without a prompt', async () => {
    await expect(loadPrivateKey(locked, () => Promise.resolve('nope'))).rejects.toThrow(
      /wrong passphrase .*3 tries/,
    );
    await expect(loadPrivateKey(locked)).rejects.toThrow(/encrypted and no passphrase prompt/);
    const junk = join(home, 'junk');
    writeFileSync(junk, 'not a key');
    await expect(loadPrivateKey(junk)).rejects.toThrow(/not a private key/);
  });
});

describe('planAuth', () => {
  it('tries --identity, config keys, the agent, in that order, and reports what it tried', async () => {
    const agent = await startSshAgent();
    try {
      const plan = await planAuth({
        username: 'u',
        identityFile: locked,
        configIdentityFiles: [configKey, join(home, 'missing')],
        agentSocket: agent.socket,
        askPassphrase: () => Promise.resolve('correct horse'),
        homedir: home,
      });
      const steps = [await next(plan), await next(plan), await next(plan), await next(plan)];
      expect(steps.map((s) => (s === false ? 'done' : s.type))).toEqual([
        'publickey',
        'publickey',
        'agent',
        'done',
      ]);
      expect(plan.summary()).toBe(`tried ${locked}, ${configKey}, ssh-agent`);
    } finally {
      await agent.dispose();
    }
  });

  it('skips an agent that does not answer (missing or stale socket) and goes on to the keys', async () => {
    const agent = await startSshAgent();
    await agent.kill();
    try {
      for (const socket of [agent.socket, join(home, 'no-agent.sock')]) {
        const plan = await planAuth({ username: 'u', agentSocket: socket, homedir: home });
        expect(describeStep(await next(plan))).toBe('key:netlens-test');
        expect(await next(plan)).toBe(false);
        expect(plan.summary()).toMatch(
          new RegExp(`skipped: the ssh-agent at ${socket} is not usable \\((ECONNREFUSED|no such socket)\\)`),
        );
      }
    } finally {
      await agent.dispose();
    }
  });

  it('lets the agent sign for a named key it holds, without asking its passphrase', async () => {
    const agent = await startSshAgent();
    const copy = join(home, 'locked-copy');
    try {
      // The agent gets the same key, decrypted in a copy (ssh-keygen -p rewrites the copy only).
      writeFileSync(copy, readFileSync(locked), { mode: 0o600 });
      execFileSync('ssh-keygen', ['-q', '-p', '-P', 'correct horse', '-N', '', '-f', copy]);
      agent.add(copy);
      const asked: string[] = [];
      const plan = await planAuth({
        username: 'u',
        identityFile: locked,
        agentSocket: agent.socket,
        askPassphrase: (path) => {
          asked.push(path);
          return Promise.resolve('correct horse');
        },
        homedir: home,
      });
      const step = await next(plan);
      expect(step !== false && step.type).toBe('agent');
      expect(asked).toEqual([]);
      expect(plan.summary()).toBe(`tried ${locked} (in ssh-agent)`);
    } finally {
      await agent.dispose();
    }
  });

  it('falls back to the default keys, skips keys it cannot open and stops when publickey is not allowed', async () => {
    const plan = await planAuth({ username: 'u', agentSocket: null, homedir: home });
    expect(describeStep(await next(plan))).toBe('key:netlens-test');
    expect(await next(plan)).toBe(false);
    const refusing = await planAuth({ username: 'u', agentSocket: '/tmp/a', homedir: home });
    expect(await next(refusing, ['password'])).toBe(false);
    const noPrompt = await planAuth({
      username: 'u',
      identityFile: locked,
      agentSocket: null,
      homedir: home,
    });
    expect(await next(noPrompt)).toBe(false);
    expect(noPrompt.summary()).toMatch(/no key or ssh-agent was available; skipped: .*encrypted/);
  });

  it('uses only the named keys with IdentitiesOnly and refuses a missing --identity', async () => {
    const only = await planAuth({
      username: 'u',
      configIdentityFiles: [configKey],
      identitiesOnly: true,
      agentSocket: '/tmp/a',
      homedir: home,
    });
    expect((await next(only)) !== false).toBe(true);
    expect(await next(only)).toBe(false);
    await expect(
      planAuth({ username: 'u', identityFile: join(home, 'nope'), homedir: home }),
    ).rejects.toBeInstanceOf(ConnectionError);
  });
});

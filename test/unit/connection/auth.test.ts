import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyAuthMethod, AuthenticationType } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { loadPrivateKey, planAuth } from '../../../src/connection/ssh/auth.js';
import type { AuthPlan } from '../../../src/connection/ssh/auth.js';
import { ConnectionError } from '../../../src/connection/types.js';
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
    const plan = await planAuth({
      username: 'u',
      identityFile: locked,
      configIdentityFiles: [configKey, join(home, 'missing')],
      agentSocket: '/tmp/agent.sock',
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

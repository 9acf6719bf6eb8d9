// A throwaway local user account for SSH tests that need someone who is not root (no Docker socket
// access, no sudo). Created with useradd, removed with userdel; it logs in with the key whose public
// half is given (the harness sshd also reads ~/.ssh/authorized_keys).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestUser {
  name: string;
  uid: number;
  home: string;
  remove(): Promise<void>;
}

function processesOf(uid: number): number {
  let count = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (new RegExp(`^Uid:\\s+${uid}\\s`, 'm').test(readFileSync(`/proc/${pid}/status`, 'utf8'))) count++;
    } catch {
      // the process ended while we looked
    }
  }
  return count;
}

export interface TestUserOptions {
  /** Supplementary groups (e.g. ['docker']). */
  groups?: string[];
  /** ~/.ssh/environment lines (`NAME=value`), read by an sshd with PermitUserEnvironment yes. */
  environment?: string[];
}

/** `name` must be unused. */
export function createTestUser(name: string, publicKey: string, options: TestUserOptions = {}): TestUser {
  const groups = options.groups ?? [];
  const home = mkdtempSync(join(tmpdir(), `${name}-home-`));
  const useradd = [
    '--no-create-home',
    '--home-dir',
    home,
    '--shell',
    '/bin/sh',
    ...(groups.length > 0 ? ['--groups', groups.join(',')] : []),
    name,
  ];
  try {
    execFileSync('useradd', useradd, { stdio: 'pipe' });
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
  try {
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    writeFileSync(join(home, '.ssh', 'authorized_keys'), `${publicKey.trim()}\n`, { mode: 0o600 });
    if (options.environment)
      writeFileSync(join(home, '.ssh', 'environment'), `${options.environment.join('\n')}\n`, {
        mode: 0o600,
      });
    execFileSync('chown', ['-R', name, home]);
    // useradd locks the password ("!"), and sshd without PAM refuses any login to a locked account;
    // "*" is no password at all, which public-key login does not need.
    execFileSync('usermod', ['--password', '*', name]);
  } catch (error) {
    execFileSync('userdel', [name]);
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  return {
    name,
    uid,
    home,
    async remove() {
      // Its SSH sessions end a moment after the connections close; userdel refuses a user in use.
      const deadline = Date.now() + 10_000;
      while (processesOf(uid) > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 25));
      execFileSync('userdel', processesOf(uid) > 0 ? ['--force', name] : [name], { stdio: 'pipe' });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

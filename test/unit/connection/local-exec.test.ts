// runLocal with real processes: whatever the command leaves behind, the promise settles at the timeout
// and the command's whole process group is killed (issue #13, item 3).
import { afterEach, describe, expect, it } from 'vitest';
import { runLocal } from '../../../src/connection/local.js';
import { waitFor } from '../../support/lab.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

const pidsOf = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

describe('runLocal', () => {
  it('answers a normal command with its output and status', async () => {
    expect(await runLocal(['sh', '-c', 'echo out; echo err >&2; exit 3'])).toEqual({
      stdout: 'out\n',
      stderr: 'err\n',
      code: 3,
    });
    expect(await runLocal(['netlens-no-such-command'])).toMatchObject({ code: 127 });
  });

  it('kills the process group at the timeout: a background child holding stdout no longer hangs it', async () => {
    // The shape of the hang: `sh` waits on a child that blocks, and the child keeps stdout open.
    const result = await runLocal(['sh', '-c', 'sleep 60 & echo $!; wait'], { timeoutMs: 300 });
    expect(result.code).toBeNull();
    expect(result.stderr).toContain('sh: timed out');
    const [child] = pidsOf(result.stdout);
    expect(child).toBeDefined();
    leftovers.push(child ?? 0);
    await waitFor(() => !alive(child ?? 0), 5_000, 'the background child to be killed with its group');
  });

  it('settles even when a grandchild left the group and still holds the pipes', async () => {
    const result = await runLocal(['sh', '-c', 'setsid sleep 60 & echo $!; exec sleep 60'], {
      timeoutMs: 300,
    });
    leftovers.push(...pidsOf(result.stdout));
    expect(result.code).toBeNull();
    expect(pidsOf(result.stdout)).toHaveLength(1);
  });

  it('settles when the command exits but something it started keeps the output open', async () => {
    const result = await runLocal(['sh', '-c', 'setsid sleep 60 & echo $!; exit 0'], { timeoutMs: 300 });
    leftovers.push(...pidsOf(result.stdout));
    expect(result.code).toBeNull();
    expect(result.stderr).toContain('timed out');
  });
});

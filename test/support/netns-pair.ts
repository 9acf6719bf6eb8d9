// A network namespace joined to this one by a veth pair, for tests that need a host only some hops
// can reach: a server on the namespace's own 127.0.0.1 is out of reach from here, and one on the
// namespace's veth address is reachable (from here, and from inside the namespace).
import { execFileSync } from 'node:child_process';

export interface NetnsPair {
  name: string;
  /** This side's address on the veth pair. */
  outsideAddress: string;
  /** The namespace's address on the veth pair. */
  insideAddress: string;
  remove(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

/** `tag`: a short unique suffix (digits) for the names; `subnet`: the third octet of 10.199.x.0/30. */
export function createNetnsPair(tag: string, subnet: number): NetnsPair {
  const name = `nls-jump-${tag}`;
  const outside = `nlsj${tag}o`.slice(0, 15);
  const inside = `nlsj${tag}i`.slice(0, 15);
  const outsideAddress = `10.199.${subnet}.1`;
  const insideAddress = `10.199.${subnet}.2`;
  ip('netns', 'add', name);
  try {
    ip('-n', name, 'link', 'set', 'lo', 'up');
    ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside, 'netns', name);
    ip('addr', 'add', `${outsideAddress}/30`, 'dev', outside);
    ip('link', 'set', outside, 'up');
    ip('-n', name, 'addr', 'add', `${insideAddress}/30`, 'dev', inside);
    ip('-n', name, 'link', 'set', inside, 'up');
  } catch (error) {
    ip('netns', 'del', name);
    throw error;
  }
  return {
    name,
    outsideAddress,
    insideAddress,
    // Deleting the namespace takes its veth end, and with it the pair.
    remove: () => ip('netns', 'del', name),
  };
}

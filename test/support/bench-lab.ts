// Many containers over a few bridge networks, for benchmarks: started four at a time.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { docker } from './lab.js';

const run = promisify(execFile);

export interface BenchLabOptions {
  prefix: string;
  count: number;
  networks: number;
  /** Subnet of network k, e.g. (k) => `10.240.${k}.0/24`. */
  subnet: (k: number) => string;
  image: string;
  /** Publish container port 80 of container i on host port publishFrom + i. */
  publishFrom?: number;
  /** First index (to grow a lab made earlier): creates c<from> … c<count - 1>. */
  from?: number;
}

/** Creates `${prefix}net<k>` (kept when an earlier run left it) and `${prefix}c<i>`. */
export async function createBenchContainers(o: BenchLabOptions): Promise<void> {
  for (let k = 0; k < o.networks; k++) {
    if (docker('network', 'ls', '-q', '--filter', `name=^${o.prefix}net${k}$`) === '')
      docker('network', 'create', '--subnet', o.subnet(k), `${o.prefix}net${k}`);
  }
  let next = o.from ?? 0;
  const worker = async () => {
    while (next < o.count) {
      const i = next++;
      const publish = o.publishFrom === undefined ? [] : ['-p', `${o.publishFrom + i}:80`];
      await run('docker', [
        'run',
        '-d',
        '--name',
        `${o.prefix}c${i}`,
        '--network',
        `${o.prefix}net${i % o.networks}`,
        ...publish,
        o.image,
        'sleep',
        '86400',
      ]);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

// Reading a file the user named with a size limit that also holds for devices and pipes, whose size
// stat reports as 0 (`snapshots import /dev/zero` used to grow until memory ran out): bytes are counted
// as they arrive and the read stops at the first byte past the limit.
import { open } from 'node:fs/promises';
import { ApiError } from '../api/contract.js';

const CHUNK = 1 << 20;

export async function readFileLimited(path: string, limit: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, total);
      total += bytesRead;
      if (total > limit)
        throw new ApiError('bad-request', `${path} is larger than ${Math.round(limit / 2 ** 20)} MB`);
      chunks.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}

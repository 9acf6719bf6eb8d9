// Redaction of a snapshot captured over a real SSH connection (issue #13, item 6): the target typed as
// `SSH://root@<alias>/` (upper-case scheme, trailing slash, an ~/.ssh/config alias) leaves neither the
// alias nor the host's name anywhere in the shared file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture } from '../../src/capture/capturer.js';
import { connect } from '../../src/connection/connect.js';
import { splitTarget } from '../../src/connection/ssh/target.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { redactSnapshot } from '../../src/redact/index.js';
import { dockerAvailable } from '../support/lab.js';
import { sshdSkipReason, startSshd, type Sshd } from '../support/sshd.js';

const enabled = dockerAvailable() && sshdSkipReason() === undefined;
const ALIAS = 'acme-prod-db';

describe.skipIf(!enabled)('redacting a snapshot captured over SSH', () => {
  let sshd: Sshd;
  let dir: string;
  let snapshot: Snapshot;
  const typed = `SSH://root@${ALIAS}/`;

  beforeAll(async () => {
    sshd = await startSshd();
    dir = mkdtempSync(join(tmpdir(), 'nlh-redact-'));
    const config = join(dir, 'ssh_config');
    writeFileSync(
      config,
      `Host ${ALIAS}\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  IdentityFile ${sshd.identityFile}\n`,
    );
    const conn = await connect(typed, { sshConfigPath: config, knownHostsPath: sshd.knownHostsFile });
    try {
      snapshot = await capture(conn, { target: typed });
    } finally {
      await conn.close();
    }
  });
  afterAll(async () => {
    await sshd?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the target usable and drops the alias and the host name from every field', () => {
    expect(snapshot.host.target).toBe(typed);
    const redacted = redactSnapshot(snapshot, 'shared-key');
    expect(redacted.host.target).toMatch(/^ssh:\/\/user@host-[0-9a-f]{8}$/);
    expect(() => splitTarget(redacted.host.target)).not.toThrow();
    const json = JSON.stringify(redacted);
    expect(json).not.toContain(ALIAS);
    expect(json).not.toContain('acme');
    // Words of the values only: a field's own name (e.g. `vm`) may equal a short host name.
    const values: string[] = [];
    JSON.stringify(redacted, (_k, v: unknown) => (typeof v === 'string' && values.push(v), v));
    const words = new Set(values.join(' ').split(/[^A-Za-z0-9_.-]+/));
    expect(words.has(hostname())).toBe(false);
    expect(redacted.host.name).toMatch(/^host-[0-9a-f]{8}$/);
  });
});

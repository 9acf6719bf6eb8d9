// `--summary` names the engine that answered: Podman serves the Docker API with its own version.
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../../src/cli/summary.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

const firstLine = (engine: 'docker' | 'podman' | null, version: string) => {
  const s = buildSnapshot({ containers: [{ name: 'web' }] });
  s.host = { ...s.host, engine, dockerVersion: version };
  return formatSummary(s).split('\n')[0];
};

describe('the summary head line', () => {
  it('says Podman for a Podman engine and Docker otherwise', () => {
    expect(firstLine('podman', '4.3.1')).toContain('· Podman 4.3.1 ·');
    expect(firstLine('docker', '20.10.24')).toContain('· Docker 20.10.24 ·');
    expect(firstLine(null, '20.10.24')).toContain('· Docker 20.10.24 ·');
  });
});

// The inspector speaks to people: a summary first (state, image, addresses, networks, published ports),
// a container's own firewall rules apart from the shared ones on its path, readable field names.
import { describe, expect, it } from 'vitest';
import { inspect } from '../../../renderer/src/lib/inspect.js';
import { summarize } from '../../../renderer/src/lib/inspect-summary.js';
import { fieldLabel } from '../../../renderer/src/lib/field-label.js';
import { useLocale } from '../../../renderer/src/lib/i18n/words.js';
import type { DnatFlow } from '../../../src/model/snapshot.js';
import { syntheticSnapshot } from '../../support/snapshot-factory/index.js';

const s = syntheticSnapshot({ containers: 14, networks: 3 });
const published = s.natFlows.find((f): f is DnatFlow => f.kind === 'dnat' && f.container !== null)!;
const c = s.containers.find((x) => x.name === published.container)!;

describe('inspector', () => {
  it('sums up a container: state, image, addresses, networks, published ports', () => {
    const sum = summarize(s, c.name)!;
    const rows = new Map(sum.rows.map((r) => [r.key, r.values.map((v) => v.text).join(' | ')]));
    expect(sum.what).toMatch(/container/i);
    expect(rows.get('state')).toBe(c.state);
    expect(rows.get('image')).toBe(c.image);
    expect(rows.get('addresses')).toContain(c.endpoints[0]!.ipv4!);
    expect(rows.get('networks')).toContain(c.endpoints[0]!.network);
    expect(rows.get('published')).toContain(
      `${published.hostIp}:${published.hostPort} → ${published.toPort}/tcp`,
    );
    // Rows come in the order a person reads them: what it is before where it is.
    expect([...rows.keys()].indexOf('state')).toBeLessThan([...rows.keys()].indexOf('networks'));
  });

  it('words a container’s state in Korean, Docker’s word kept beside it', () => {
    useLocale('ko');
    try {
      const state = summarize(s, c.name)!.rows.find((r) => r.key === 'state')!.values[0]!.text;
      expect(c.state).toBe('running');
      expect(state).toBe('실행 중 (running)');
    } finally {
      useLocale('en');
    }
  });

  it('keeps a published port’s own rules apart from the shared ones on its path', () => {
    const info = inspect(s, published.id)!;
    expect(info.rules.map((r) => r.id)).toContain(published.rule);
    expect(info.rules.every((r) => r.text.includes(published.toAddress))).toBe(true);
    expect(info.shared.length).toBeGreaterThan(0);
    for (const r of info.shared) expect(r.text).not.toContain(published.toAddress);
    // The jump into DOCKER-USER, or DOCKER-USER's RETURN, is shared by all traffic.
    expect(info.shared.some((r) => r.chain === 'FORWARD' || r.chain === 'DOCKER-USER')).toBe(true);
    const container = inspect(s, c.name)!;
    expect(container.shared.map((r) => r.id)).not.toEqual(
      expect.arrayContaining(container.rules.map((r) => r.id)),
    );
  });

  it('names raw fields for people, and keeps unknown ones readable', () => {
    expect(fieldLabel('ipv4PrefixLen')).toBe('IPv4 prefix length');
    expect(fieldLabel('linkNetnsId')).toBe('Peer’s namespace id');
    expect(fieldLabel('someNewField')).toBe('Some new field');
    expect(inspect(s, c.name)!.sections.map((x) => x.key)).toContain('container');
  });
});

// Collector warnings and the change list's values in the app's languages: each warning a capture
// makes carries a code whose English is exactly its message (the CLI and JSON keep that English)
// and which the Korean catalogue words in Korean; `none` in a changed field reads 없음 in Korean.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../src/capture/assemble.js';
import { containerFact, engineFacts, networkFact } from '../../../src/collect/docker/docker-facts.js';
import type { DockerFacts } from '../../../src/collect/docker/docker-facts.js';
import { fieldSentence } from '../../../src/model/diff-sentences.js';
import { Snapshot, type Warning } from '../../../src/model/snapshot.js';
import { english } from '../../../src/model/text/message.js';
import { en } from '../../../renderer/src/lib/i18n/en.js';
import { ko } from '../../../renderer/src/lib/i18n/ko.js';
import { say, saySentence } from '../../../renderer/src/lib/model-text.js';

const HANGUL = /[\uac00-\ud7af]/;
const fixture = (name: string): unknown => JSON.parse(readFileSync(`test/fixtures/docker/${name}`, 'utf8'));

/** An engine's facts from the recorded answers, with `problems` its readers reported. */
function facts(version: string, info: string, extra: string[] = []): DockerFacts {
  const problems: string[] = [...extra];
  const containers = (fixture('engine-20.10-containers.json') as unknown[]).map((c) =>
    containerFact(c, problems),
  );
  const networks = (fixture('engine-20.10-networks.json') as unknown[]).map((n) => networkFact(n, problems));
  return {
    ...engineFacts(fixture(version), fixture(info), problems),
    containers: containers.filter((c) => c !== null),
    networks: networks.filter((n) => n !== null),
    services: [],
    problems,
  };
}

function expectWorded(warnings: Warning[], codes: string[]): void {
  expect(warnings.map((w) => w.code).sort()).toEqual([...codes].sort());
  for (const w of warnings) {
    expect(w.text, w.code).toBeDefined();
    expect(english(w.text as Parameters<typeof english>[0])).toBe(w.message);
    expect(say(w.text, w.message, en.model)).toBe(w.message);
    const korean = say(w.text, w.message, ko.model);
    expect(korean, w.code).toMatch(HANGUL);
    expect(korean).not.toBe(w.message);
  }
}

describe('collector warnings', () => {
  it('a failed kernel read, an unhonoured ssh setting and a reader problem: English as before, Korean in the app', () => {
    const plain = facts('engine-20.10-version.json', 'engine-20.10-info.json', ['container x: no Id']);
    const snap = assemble(
      'ssh://ops@lab',
      '2026-01-01T00:00:00.000Z',
      plain,
      { ok: false, error: new Error('sudo: a password is required') },
      undefined,
      false,
      ['ProxyCommand for lab is not honoured'],
    );
    expect(Snapshot.safeParse(snap).success).toBe(true);
    expectWorded(snap.warnings, ['docker-data', 'kernel-unavailable', 'ssh-config']);
    const kernel = snap.warnings.find((w) => w.code === 'kernel-unavailable')!;
    expect(kernel.message).toBe(
      'the kernel and firewall view could not be read (sudo: a password is required); showing what the Docker API reports',
    );
    // The reader's own detail stays as data inside the Korean sentence.
    expect(say(kernel.text, kernel.message, ko.model)).toContain('sudo: a password is required');
    const data = snap.warnings.find((w) => w.code === 'docker-data')!;
    expect(say(data.text, data.message, ko.model)).toBe(
      'Docker 정보를 읽다가 문제가 있었습니다: container x: no Id',
    );
  });

  it('Docker Desktop and rootless engines', () => {
    const desktop = facts('desktop-4.37-version.json', 'desktop-4.37-info.json');
    const vm = assemble('local', '2026-01-01T00:00:00.000Z', desktop, { ok: false, error: new Error('x') });
    expectWorded(vm.warnings, ['docker-desktop']);
    const rootless = { ...facts('engine-20.10-version.json', 'engine-20.10-info.json'), rootless: true };
    const outside = assemble('local', '2026-01-01T00:00:00.000Z', rootless, {
      ok: false,
      error: new Error('x'),
    });
    expectWorded(outside.warnings, ['kernel-unavailable', 'rootless']);
    const podman = { ...rootless, engine: 'podman' as const };
    const pod = assemble('local', '2026-01-01T00:00:00.000Z', podman, { ok: false, error: new Error('x') });
    expectWorded(pod.warnings, ['kernel-unavailable', 'rootless-podman']);
  });

  it('a warning of an older snapshot file, without a code, keeps its English', () => {
    expect(say(undefined, 'an old warning', ko.model)).toBe('an old warning');
  });
});

describe('values in the change list', () => {
  it('reads none as 없음 in Korean, keeps data as it is', () => {
    const mtu = fieldSentence({ path: 'mtu', before: null, after: 1500 });
    expect(mtu.text).toBe('mtu: none → 1500');
    expect(saySentence(mtu, ko.model)).toBe('mtu: 없음 → 1500');
    expect(saySentence(mtu, en.model)).toBe('mtu: none → 1500');
    const gone = fieldSentence({ path: 'aliases', before: [], after: undefined });
    expect(saySentence(gone, ko.model)).toBe('aliases 제거됨: (없음)');
  });
});

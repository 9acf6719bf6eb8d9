// The shared core's sentences (packet path, findings, change story) in the app's languages: every
// code has an English and a Korean wording that use the same parameters, the engine's hops and
// verdicts and the builder's findings read Korean in the Korean catalogue and exactly the core's
// English in the English one, and a text the app cannot word (an old file, an unknown code) keeps
// its English.
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/lib/i18n/en.js';
import { ko } from '../../../renderer/src/lib/i18n/ko.js';
import { useLocale } from '../../../renderer/src/lib/i18n/words.js';
import { pathReason, say, saySentence, storySummary } from '../../../renderer/src/lib/model-text.js';
import { containerPath, dnatPath } from '../../../renderer/src/lib/packet-path.js';
import { MODEL_TEXT, english, text } from '../../../src/model/text/message.js';
import { mtuFindings } from '../../../src/topology/findings-mtu.js';
import { tellDiff } from '../../../src/model/diff-story.js';
import type { Finding } from '../../../src/model/snapshot.js';
import { syntheticSnapshot } from '../../support/snapshot-factory/index.js';

/** A change story of these changes (only the fields the story reads). */
const tellChanges = (changes: object[]) => tellDiff({ changes } as unknown as Parameters<typeof tellDiff>[0]);
/** Container web changed in these fields. */
const webChanged = (fields: object[]) => ({
  collection: 'container',
  kind: 'changed',
  key: 'web',
  label: 'container web',
  owner: { kind: 'container', name: 'web' },
  ids: { a: 'web', b: 'web' },
  fields,
});

const HANGUL = /[\uac00-\ud7af]/;
const codes = Object.keys(MODEL_TEXT).sort();

/** Parameters that answer any name with a marker naming it, and record which names were read. */
function probe(): { params: Record<string, string>; read: Set<string> } {
  const read = new Set<string>();
  const params = new Proxy(
    {},
    {
      get: (_, key) => {
        if (typeof key !== 'string') return undefined;
        read.add(key);
        return `«${key}»`;
      },
    },
  );
  return { params, read };
}

afterEach(() => useLocale('en'));

describe('the wordings of the core’s codes', () => {
  it('has an English and a Korean wording for every code, and nothing else', () => {
    expect(Object.keys(en.model).sort()).toEqual(codes);
    expect(Object.keys(ko.model).sort()).toEqual(codes);
    for (const code of codes) {
      expect(typeof (en.model as Record<string, unknown>)[code], code).toBe('function');
      expect(typeof (ko.model as Record<string, unknown>)[code], code).toBe('function');
    }
  });

  it('puts every parameter the English uses into the Korean too, and Korean words around them', () => {
    for (const code of codes) {
      const e = probe();
      const k = probe();
      const wordEn = (en.model as Record<string, (p: object) => string>)[code]!(e.params);
      const wordKo = (ko.model as Record<string, (p: object) => string>)[code]!(k.params);
      // Korean reads no parameter the English lacks (it may skip a plural's count).
      expect(
        [...k.read].filter((name) => !e.read.has(name)),
        code,
      ).toEqual([]);
      for (const name of e.read) {
        // Flags, counts and stack words steer the wording; names and addresses appear in it.
        if (['first', 'n', 'gateway', 'container', 'stackBefore', 'stackAfter'].includes(name)) continue;
        expect(wordEn, `${code} en`).toContain(`«${name}»`);
        expect(wordKo, `${code} ko`).toContain(`«${name}»`);
      }
      // A few are names and words from other codes only (the kind and verb of a story line are looked up;
      // a changed field is data around an arrow, its `none` looked up).
      if (
        !['path.plain', 'path.dummyLabel', 'story.title', 'story.count', 'story.fieldChanged'].includes(code)
      )
        expect(wordKo, code).toMatch(HANGUL);
    }
  });

  it('interpolates real parameters', () => {
    const t = text('path.vethPair', { a: 'veth1a2b', b: 'eth0' });
    expect(english(t)).toBe('veth pair veth1a2b ↔ eth0');
    expect(say(t, english(t), ko.model)).toBe('veth 페어 veth1a2b ↔ eth0');
    const n = text('finding.containerMtuOdd', {
      who: 'web',
      n: 1,
      bridge: 'br-1',
      mtu: 1400,
      bridgeMtu: 1500,
    });
    expect(english(n)).toBe(
      'web on bridge br-1 uses MTU 1400 while the bridge has 1500: large packets will be dropped or fragmented',
    );
    expect(say(n, '', ko.model)).toContain('MTU 1400');
    expect(say(n, '', ko.model)).toContain('1500');
  });
});

describe('the core’s sentences in the app', () => {
  const s = syntheticSnapshot({ containers: 16, networks: 3, problems: true });
  const flow = s.natFlows.find((f) => f.kind === 'dnat' && f.container !== null);
  if (flow?.kind !== 'dnat') throw new Error('synthetic snapshot has no DNAT flow');

  it('words a packet path’s hops and verdict in Korean, and as the engine’s English in English', () => {
    const p = dnatPath(s, flow.id);
    expect(p.verdict).toBe('delivered');
    const coded = p.hops.filter((h) => h.labelText || h.detailText);
    expect(coded.length).toBeGreaterThan(4);
    useLocale('en');
    expect(pathReason(p)).toBe(p.reason);
    for (const h of p.hops) {
      expect(say(h.labelText, h.label)).toBe(h.label);
      expect(say(h.detailText, h.detail)).toBe(h.detail);
    }
    useLocale('ko');
    expect(pathReason(p)).toMatch(HANGUL);
    expect(pathReason(p)).toContain(flow.container);
    const labels = p.hops.map((h) => say(h.labelText, h.label));
    expect(labels.some((l) => l.startsWith('브리지 '))).toBe(true);
    expect(labels.some((l) => l.startsWith('veth 페어 '))).toBe(true);
    for (const h of coded) expect(say(h.detailText, h.detail) + say(h.labelText, h.label)).toMatch(HANGUL);
  });

  it('words a blocked path and what the snapshot does not know', () => {
    const none = s.containers.find((c) => c.networkMode === 'none');
    const other = s.containers.find((c) => c.state === 'running' && c.networkMode !== 'none')!;
    if (none) {
      const p = containerPath(s, none.name, other.name);
      expect(p.verdict).toBe('blocked');
      useLocale('ko');
      expect(pathReason(p)).toContain('루프백');
    }
    // To a stopped container: the path cannot end, and says so in the language.
    const stopped = s.containers.find((c) => c.namespace === null);
    if (stopped) {
      const p = containerPath(s, other.name, stopped.name);
      expect(p.verdict).toBe('blocked');
      expect(pathReason(p, en.model)).toBe(`${stopped.name} is not running`);
      expect(pathReason(p, ko.model)).toBe(`${stopped.name}은(는) 실행 중이 아닙니다`);
    }
    expect(stopped ?? none).toBeDefined();
    const uncertain = {
      reason:
        'a docker-proxy takes it; not known: where docker-proxy on 0.0.0.0:80 connects to (its command line was not captured)',
      reasonText: text('path.proxyTakes', {}),
      missing: ['where docker-proxy on 0.0.0.0:80 connects to (its command line was not captured)'],
      missingText: [text('path.proxyMissing', { socket: '0.0.0.0:80' })],
      verdict: 'uncertain',
    };
    expect(pathReason(uncertain, en.model)).toBe(uncertain.reason);
    expect(pathReason(uncertain, ko.model)).toBe(
      'docker-proxy가 받습니다. 알 수 없는 것: 0.0.0.0:80의 docker-proxy가 연결하는 곳(명령줄이 수집되지 않음)',
    );
  });

  it('words the builder’s findings in Korean; an old finding without a code keeps its message', () => {
    const found: Omit<Finding, 'id'>[] = [];
    mtuFindings(s.interfaces, s.routes, (f) => found.push(f));
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      expect(f.text).toBeDefined();
      expect(say(f.text, f.message, en.model)).toBe(f.message);
      expect(say(f.text, f.message, ko.model)).toMatch(HANGUL);
    }
    expect(say(undefined, 'an old message', ko.model)).toBe('an old message');
    expect(say({ code: 'finding.fromTheFuture', params: {} }, 'new words', ko.model)).toBe('new words');
  });

  it('words a change story’s summary and titles', () => {
    const story = tellChanges([webChanged([{ path: 'state', before: 'running', after: 'exited' }])]);
    expect(storySummary(story, en.model)).toBe(story.summary);
    expect(story.summary).toBe('1 container stopped');
    expect(storySummary(story, ko.model)).toBe('컨테이너 1개 중지됨');
    expect(say(story.groups[0]!.titleText, story.groups[0]!.title, ko.model)).toBe('컨테이너 web — 중지됨');
  });

  it('words a change list’s lines: the container’s name kept, the sentence in the language', () => {
    const story = tellChanges([
      webChanged([
        { path: 'endpoints.appnet', after: { interface: 'container:web/eth1', ipv4: '10.0.0.3' } },
        { path: 'ports["8080/tcp"]', after: ['0.0.0.0'] },
      ]),
      {
        collection: 'listener',
        kind: 'removed',
        key: 'tcp 0.0.0.0:8080',
        label: 'socket tcp 0.0.0.0:8080',
        owner: { kind: 'host', name: 'host' },
        ids: { a: 'x' },
        fields: [],
      },
    ]);
    const lines = story.groups.flatMap((g) => g.lines);
    const texts = lines.map((l) => l.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        'web: connected to appnet (eth1 10.0.0.3)',
        'web: publishes 8080/tcp on 0.0.0.0',
        'nothing listens on tcp 0.0.0.0:8080 any more',
      ]),
    );
    for (const line of lines) expect(saySentence(line, en.model)).toBe(line.text);
    const korean = lines.map((l) => saySentence(l, ko.model));
    expect(korean).toEqual(
      expect.arrayContaining([
        'web: appnet에 연결됨 (eth1 10.0.0.3)',
        'web: 8080/tcp을(를) 0.0.0.0에 공개함',
        'tcp 0.0.0.0:8080에서 더 이상 리스닝하지 않음',
      ]),
    );
  });
});

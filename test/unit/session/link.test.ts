// What a link holds between captures is bounded: the containers events named, up to MAX_NAMED; past
// that the next capture lists the containers (names none), and naming starts afresh after it.
import { describe, expect, it } from 'vitest';
import { createLink, MAX_NAMED, nameChanged, takeChanged } from '../../../src/session/link.js';
import { fakeConnection } from './fake-connection.js';

function link() {
  return createLink({
    conn: fakeConnection().conn,
    capturer: { capture: () => Promise.reject(new Error('not used here')) },
    pollIntervalMs: 0,
    debounce: { waitMs: 10, maxWaitMs: 50 },
    onDebounced: () => undefined,
  });
}

describe('link, containers named by events', () => {
  it('names each container once for the next capture, then forgets them', async () => {
    const l = link();
    for (const id of ['a', 'b', 'a', 'c']) nameChanged(l, id);
    expect([...takeChanged(l)]).toEqual(['a', 'b', 'c']);
    expect(takeChanged(l).size).toBe(0);
    await l.res.disposeAll();
  });

  it(`holds at most ${MAX_NAMED}; past that the next capture names none (it lists them all)`, async () => {
    const l = link();
    let most = 0;
    for (let i = 0; i < MAX_NAMED * 4; i++) {
      nameChanged(l, `c${i}`);
      most = Math.max(most, l.changed.size);
    }
    expect(most).toBe(MAX_NAMED);
    expect(l.listAll).toBe(true);
    expect(takeChanged(l).size).toBe(0);
    // The capture after that names again.
    nameChanged(l, 'x');
    expect([...takeChanged(l)]).toEqual(['x']);
    await l.res.disposeAll();
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/contract.js';
import type { Handlers } from '../../../src/api/contract.js';
import { dispatch, toWireError } from '../../../src/server/handler-wrap.js';
import { ConnectionError } from '../../../src/connection/types.js';

describe('toWireError', () => {
  it('keeps ApiError codes, maps known foreign codes, hides nothing else as a crash', () => {
    expect(toWireError(new ApiError('conflict', 'dup'))).toEqual({ code: 'conflict', message: 'dup' });
    expect(toWireError(new ConnectionError('host-key-changed', 'REMOTE HOST KEY CHANGED'))).toEqual({
      code: 'unavailable',
      message: 'REMOTE HOST KEY CHANGED',
    });
    expect(toWireError(new ConnectionError('bad-target', 'no'))).toMatchObject({ code: 'bad-request' });
    expect(toWireError(Object.assign(new Error('open x: no such file'), { code: 'ENOENT' }))).toMatchObject({
      code: 'not-found',
    });
    expect(toWireError(Object.assign(new Error('x'), { code: 'not-found' }))).toMatchObject({
      code: 'not-found',
    });
    expect(toWireError(new TypeError('cannot read x'))).toEqual({
      code: 'internal',
      message: 'cannot read x',
    });
    expect(toWireError('plain')).toEqual({ code: 'internal', message: 'plain' });
    expect(toWireError(new Error('two\n  lines'))).toEqual({ code: 'internal', message: 'two lines' });
    expect(toWireError(new Error('x'.repeat(5000))).message.length).toBeLessThan(2100);
  });
});

describe('dispatch', () => {
  const handlers = new Proxy({} as Handlers, {
    get: (_target, name: string) => (args: unknown) => {
      if (name === 'hosts:list') return Promise.resolve([]);
      if (name === 'session:connect')
        return Promise.reject(new ConnectionError('unreachable', `cannot reach ${JSON.stringify(args)}`));
      throw new Error('synchronous failure');
    },
  });

  it('validates, calls and wraps', async () => {
    expect(await dispatch(handlers, 'hosts:list', {})).toEqual({ ok: true, result: [] });
    expect(await dispatch(handlers, 'hosts:list', undefined)).toEqual({ ok: true, result: [] });
    expect(await dispatch(handlers, 'session:connect', { hostId: 'h' })).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'cannot reach {"hostId":"h"}' },
    });
    expect(await dispatch(handlers, 'session:disconnect', { hostId: 'h' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'synchronous failure' },
    });
    expect(await dispatch(handlers, 'session:connect', { hostId: '' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await dispatch(handlers, 'toString', {})).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
  });
});

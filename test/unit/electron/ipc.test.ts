// The IPC binding with a fake ipcMain (plain Node: the electron module is never loaded here).
import { describe, expect, it } from 'vitest';
import type { EventName, EventPayloads, Handlers } from '../../../src/api/contract.js';
import type { Backend, BackendListener } from '../../../src/server/backend.js';
import { EVENT_CHANNEL, REQUEST_CHANNEL } from '../../../electron/channels.js';
import type { EventTargetLike, InvokeEventLike, IpcMainLike } from '../../../electron/ipc.js';
import { bindIpc } from '../../../electron/ipc.js';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

/** Behaves like Electron's ipcMain: invoking a channel nobody handles rejects. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
  const invoke = (channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<unknown> => {
    const handler = handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return handler(event, ...args);
  };
  return { ipcMain, handlers, invoke };
}

function fakeBackend() {
  const calls: { name: string; args: unknown }[] = [];
  const listeners = new Set<BackendListener>();
  const handlers = new Proxy({} as Handlers, {
    get: (_target, name: string) => (args: unknown) => {
      calls.push({ name, args });
      return Promise.resolve(name === 'hosts:list' ? [{ id: 'local' }] : undefined);
    },
  });
  const backend: Pick<Backend, 'handlers' | 'events'> = {
    handlers,
    events(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const emit = <E extends EventName>(event: E, payload: EventPayloads[E]) => {
    for (const listener of listeners) listener(event, payload);
  };
  return { backend, calls, emit, listeners };
}

const ourWindow = { id: 1 };
const trusted: InvokeEventLike = { sender: ourWindow, senderFrame: { url: 'netlens://app/index.html' } };
const foreign: InvokeEventLike = { sender: { id: 2 }, senderFrame: { url: 'https://evil.example/' } };

function setup() {
  const ipc = fakeIpcMain();
  const back = fakeBackend();
  const sent: unknown[][] = [];
  const target: EventTargetLike & { destroyed: boolean } = {
    destroyed: false,
    isDestroyed() {
      return this.destroyed;
    },
    send: (...args: unknown[]) => void sent.push(args),
  };
  const unbind = bindIpc({
    ipcMain: ipc.ipcMain,
    backend: back.backend,
    isTrustedSender: (event) => event.sender === ourWindow,
    targets: () => [target],
  });
  return { ...ipc, ...back, sent, target, unbind };
}

describe('bindIpc', () => {
  it('registers exactly one request channel', () => {
    const { handlers } = setup();
    expect([...handlers.keys()]).toEqual([REQUEST_CHANNEL]);
  });

  it('dispatches a valid request from our window', async () => {
    const { invoke, calls } = setup();
    expect(await invoke(REQUEST_CHANNEL, trusted, { name: 'hosts:list', args: {} })).toEqual({
      ok: true,
      result: [{ id: 'local' }],
    });
    expect(
      await invoke(REQUEST_CHANNEL, trusted, { name: 'session:connect', args: { hostId: 'local' } }),
    ).toEqual({ ok: true, result: null });
    expect(calls).toEqual([
      { name: 'hosts:list', args: {} },
      { name: 'session:connect', args: { hostId: 'local' } },
    ]);
  });

  it('rejects bad arguments, naming the field, without calling the handler', async () => {
    const { invoke, calls } = setup();
    expect(await invoke(REQUEST_CHANNEL, trusted, { name: 'session:connect', args: { hostId: 42 } })).toEqual(
      {
        ok: false,
        error: {
          code: 'bad-request',
          message: expect.stringMatching(/^session:connect: hostId: /) as string,
          // The field's own message too, so a form can show it beside that field.
          fields: { hostId: expect.any(String) as string },
        },
      },
    );
    expect(
      await invoke(REQUEST_CHANNEL, trusted, { name: 'snapshots:open', args: { id: '../../etc/passwd' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('id') as string },
    });
    expect(calls).toEqual([]);
  });

  it('rejects unknown requests and malformed envelopes', async () => {
    const { invoke, calls } = setup();
    for (const envelope of [
      { name: 'shell:exec', args: { argv: ['rm'] } },
      { name: 'constructor', args: {} },
      'hosts:list',
      null,
      { args: {} },
      { name: 'hosts:list', args: {}, extra: true },
    ]) {
      expect(await invoke(REQUEST_CHANNEL, trusted, envelope)).toMatchObject({
        ok: false,
        error: { code: 'bad-request' },
      });
    }
    expect(await invoke(REQUEST_CHANNEL, trusted, { name: 'hosts:list', args: {} }, 'second')).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await invoke(REQUEST_CHANNEL, trusted)).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(calls).toEqual([]);
  });

  it('refuses senders other than our window', async () => {
    const { invoke, calls } = setup();
    expect(await invoke(REQUEST_CHANNEL, foreign, { name: 'hosts:list', args: {} })).toEqual({
      ok: false,
      error: { code: 'bad-request', message: 'request from an untrusted frame' },
    });
    expect(calls).toEqual([]);
  });

  it('has no other channels', async () => {
    const { invoke } = setup();
    await expect(invoke('netlens:exec', trusted, { name: 'hosts:list', args: {} })).rejects.toThrow(
      /No handler/,
    );
    await expect(invoke(EVENT_CHANNEL, trusted, {})).rejects.toThrow(/No handler/);
  });

  it('pushes events to live targets and stops after unbinding', async () => {
    const { emit, sent, target, unbind, invoke, listeners } = setup();
    emit('hosts:changed', { hosts: [] });
    expect(sent).toEqual([[EVENT_CHANNEL, { event: 'hosts:changed', payload: { hosts: [] } }]]);
    target.destroyed = true;
    emit('hosts:changed', { hosts: [] });
    expect(sent).toHaveLength(1);
    unbind();
    expect(listeners.size).toBe(0);
    await expect(invoke(REQUEST_CHANNEL, trusted, { name: 'hosts:list', args: {} })).rejects.toThrow(
      /No handler/,
    );
  });
});

// Binds the back end to Electron IPC: one invoke channel for requests, one push channel for events.
// Electron objects come in as parameters (structurally typed) so tests can pass fakes.
import { z } from 'zod';
import type { WireError } from '../src/api/contract.js';
import type { DispatchResult } from '../src/server/handler-wrap.js';
import { dispatch } from '../src/server/handler-wrap.js';
import type { Backend } from '../src/server/backend.js';
import { EVENT_CHANNEL, REQUEST_CHANNEL } from './channels.js';

export interface InvokeEventLike {
  sender: unknown;
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface EventTargetLike {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export interface IpcBinding {
  ipcMain: IpcMainLike;
  backend: Pick<Backend, 'handlers' | 'events'>;
  /** True only for our window's top frame showing our own page. */
  isTrustedSender(event: InvokeEventLike): boolean;
  /** Where events go (our window's web contents, if it exists). */
  targets(): readonly EventTargetLike[];
}

const Envelope = z.strictObject({ name: z.string().min(1).max(100), args: z.unknown() });

const refusal = (message: string): DispatchResult => ({
  ok: false,
  error: { code: 'bad-request', message } satisfies WireError,
});

/** Registers the handler and the event forwarding; returns a function that undoes both. */
export function bindIpc(binding: IpcBinding): () => void {
  binding.ipcMain.handle(REQUEST_CHANNEL, async (event, ...args): Promise<DispatchResult> => {
    if (!binding.isTrustedSender(event)) return refusal('request from an untrusted frame');
    if (args.length !== 1) return refusal(`expected one request envelope, got ${args.length} arguments`);
    const envelope = Envelope.safeParse(args[0]);
    if (!envelope.success) return refusal('a request is { name, args }');
    return dispatch(binding.backend.handlers, envelope.data.name, envelope.data.args);
  });
  const unsubscribe = binding.backend.events((event, payload) => {
    for (const target of binding.targets()) {
      if (!target.isDestroyed()) target.send(EVENT_CHANNEL, { event, payload });
    }
  });
  return () => {
    unsubscribe();
    binding.ipcMain.removeHandler(REQUEST_CHANNEL);
  };
}

// The sandboxed preload: exposes ONE object, window.netlens, implementing NetlensApi over the two
// channels in channels.ts and nothing else. Bundled to dist/electron/preload.cjs (build-preload.js).
// Errors cross contextBridge as plain { code, message } objects (an Error would lose its code);
// renderer/src/lib/api.ts turns them back into ApiError.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type {
  EventName,
  EventPayloads,
  NetlensApi,
  RequestArgs,
  RequestName,
  RequestResults,
  WireError,
} from '../src/api/contract.js';
import { EVENT_CHANNEL, REQUEST_CHANNEL } from './channels.js';

type Reply = { ok: true; result: unknown } | { ok: false; error: WireError };

const isReply = (value: unknown): value is Reply =>
  typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';

/** Rejects with a plain WireError: contextBridge copies plain objects whole, but only the message of an Error. */
function fail(code: WireError['code'], message: string, fields?: WireError['fields']): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- see above: the code must survive the bridge
  throw { code, message, ...(fields && { fields }) } satisfies WireError;
}

const netlensBridge: NetlensApi = {
  async request<K extends RequestName>(name: K, args: RequestArgs<K>): Promise<RequestResults[K]> {
    if (typeof name !== 'string') fail('bad-request', 'request name must be a string');
    const reply: unknown = await ipcRenderer.invoke(REQUEST_CHANNEL, { name, args });
    if (!isReply(reply)) fail('internal', 'malformed reply from the main process');
    if (!reply.ok) fail(reply.error.code, reply.error.message, reply.error.fields);
    return reply.result as RequestResults[K];
  },
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const forward = (_event: IpcRendererEvent, message: unknown): void => {
      const pushed = message as { event?: unknown; payload?: unknown } | null;
      if (pushed?.event === event) listener(pushed.payload as EventPayloads[E]);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('netlens', netlensBridge);

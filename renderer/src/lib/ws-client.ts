// The renderer's NetlensApi over the WebSocket of `netlens serve` (browser code: no Node imports).
// Requests carry ids and wait in a pending map; the socket reconnects with backoff; wire errors
// come back as ApiError so callers cannot tell this transport from Electron IPC.
import type {
  EventName,
  EventPayloads,
  NetlensApi,
  RequestArgs,
  RequestName,
  RequestResults,
  WireError,
} from '../../../src/api/contract.js';
import { ApiError } from '../../../src/api/contract.js';

/** The part of the browser WebSocket this client uses (the `ws` package fits it too). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface WsApiOptions {
  createSocket?: (url: string) => WebSocketLike;
  /** First reconnect delay; doubles per failed attempt up to maxDelayMs, with jitter. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export interface WsApi extends NetlensApi {
  readonly connected: boolean;
  /** Told true on every (re)connect and false on every loss; a reconnect means: re-fetch state. */
  onConnection(listener: (connected: boolean) => void): () => void;
  close(): void;
}

const OPEN = 1;
const CODES = new Set<string>(['bad-request', 'not-found', 'unavailable', 'internal', 'conflict']);

/** A refused form's field messages, when they are what they should be (strings by field name). */
function fieldsOf(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** A WireError (or anything else a transport rejected with) as an ApiError. */
export function fromWireError(value: unknown): ApiError {
  if (value instanceof ApiError) return value;
  const candidate = value as Partial<WireError> | null;
  if (typeof candidate === 'object' && candidate !== null && typeof candidate.message === 'string') {
    const code =
      typeof candidate.code === 'string' && CODES.has(candidate.code) ? candidate.code : 'internal';
    return new ApiError(code, candidate.message, fieldsOf(candidate.fields));
  }
  return new ApiError('internal', value instanceof Error ? value.message : String(value));
}

function defaultSocket(url: string): WebSocketLike {
  const Ctor = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (!Ctor) throw new Error('no WebSocket implementation in this environment');
  return new Ctor(url);
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: ApiError) => void;
}

type AnyListener = (payload: unknown) => void;

export function createWsApi(url: string, options: WsApiOptions = {}): WsApi {
  const createSocket = options.createSocket ?? defaultSocket;
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const pending = new Map<number, Pending>();
  const unsent: { id: number; text: string }[] = [];
  const listeners = new Map<string, Set<AnyListener>>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let socket: WebSocketLike | null = null;
  let nextId = 1;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let connected = false;

  const tell = (value: boolean): void => {
    connected = value;
    for (const listener of connectionListeners) listener(value);
  };

  const onMessage = (data: unknown): void => {
    let message: {
      type?: unknown;
      id?: unknown;
      ok?: unknown;
      result?: unknown;
      error?: unknown;
      event?: unknown;
      payload?: unknown;
    };
    try {
      message = JSON.parse(typeof data === 'string' ? data : String(data)) as typeof message;
    } catch {
      return;
    }
    if (message.type === 'response' && typeof message.id === 'number') {
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.ok === true) waiting.resolve(message.result ?? undefined);
      else waiting.reject(fromWireError(message.error));
    } else if (message.type === 'event' && typeof message.event === 'string') {
      for (const listener of listeners.get(message.event) ?? []) {
        try {
          listener(message.payload);
        } catch (error) {
          console.error('netlens: an event listener failed', error);
        }
      }
    }
  };

  const connect = (): void => {
    timer = null;
    if (closed) return;
    let current: WebSocketLike;
    try {
      current = createSocket(url);
    } catch {
      return schedule();
    }
    socket = current;
    current.onopen = () => {
      if (socket !== current) return;
      attempt = 0;
      for (const item of unsent.splice(0)) current.send(item.text);
      tell(true);
    };
    current.onmessage = (event) => {
      if (socket === current) onMessage(event.data);
    };
    current.onerror = () => undefined;
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      // Requests already sent may or may not have run: the caller decides whether to retry.
      const lost = [...pending].filter(([id]) => !unsent.some((item) => item.id === id));
      for (const [id, waiting] of lost) {
        pending.delete(id);
        waiting.reject(new ApiError('unavailable', 'the connection to netlens serve was lost'));
      }
      if (connected) tell(false);
      schedule();
    };
  };

  const schedule = (): void => {
    if (closed || timer) return;
    const base = Math.min(maxDelay, minDelay * 2 ** attempt);
    attempt += 1;
    timer = setTimeout(connect, base / 2 + (Math.random() * base) / 2);
  };

  connect();

  return {
    get connected() {
      return connected;
    },
    request<K extends RequestName>(name: K, args: RequestArgs<K>): Promise<RequestResults[K]> {
      if (closed) return Promise.reject(new ApiError('unavailable', 'the API client is closed'));
      const id = nextId++;
      const text = JSON.stringify({ type: 'request', id, name, args });
      return new Promise<RequestResults[K]>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        if (socket && socket.readyState === OPEN) socket.send(text);
        else unsent.push({ id, text });
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
      const set = listeners.get(event) ?? new Set<AnyListener>();
      listeners.set(event, set);
      const wrapped = listener as AnyListener;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      const current = socket;
      socket = null;
      current?.close(1000, 'client closed');
      for (const waiting of pending.values())
        waiting.reject(new ApiError('unavailable', 'the API client is closed'));
      pending.clear();
      unsent.length = 0;
      if (connected) tell(false);
    },
  };
}

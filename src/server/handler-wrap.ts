// The one place where a request enters the back end, for both transports (Electron IPC and the
// WebSocket of `netlens serve`): validate the arguments, call the handler, and turn any failure
// into a plain WireError so nothing but data crosses the boundary.
import type { Handlers, WireError } from '../api/contract.js';
import { ApiError, parseRequest } from '../api/contract.js';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: WireError };

const WIRE_CODES: ReadonlySet<string> = new Set<WireError['code']>([
  'bad-request',
  'not-found',
  'unavailable',
  'internal',
  'conflict',
]);

/** Codes of other modules' errors (ConnectionError, fs errors) mapped to what the caller can act on. */
const FOREIGN_CODES: Record<string, WireError['code']> = {
  unreachable: 'unavailable',
  'auth-failed': 'unavailable',
  'host-key-unknown': 'unavailable',
  'host-key-changed': 'unavailable',
  'docker-unavailable': 'unavailable',
  'permission-denied': 'unavailable',
  closed: 'unavailable',
  timeout: 'unavailable',
  'bad-target': 'bad-request',
  ENOENT: 'not-found',
  EEXIST: 'conflict',
};

const MAX_MESSAGE = 2000;

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}…` : line;
}

/** Any thrown value as a WireError; errors with a known `code` keep it, anything else is `internal`. */
export function toWireError(error: unknown): WireError {
  if (error instanceof ApiError)
    return {
      code: error.code,
      message: oneLine(error.message),
      ...(error.fields && {
        fields: Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k, oneLine(v)])),
      }),
    };
  if (error instanceof Error) {
    const raw = (error as { code?: unknown }).code;
    const code =
      typeof raw === 'string'
        ? WIRE_CODES.has(raw)
          ? (raw as WireError['code'])
          : Object.hasOwn(FOREIGN_CODES, raw)
            ? FOREIGN_CODES[raw]
            : undefined
        : undefined;
    return { code: code ?? 'internal', message: oneLine(error.message || error.name) };
  }
  return { code: 'internal', message: oneLine(String(error)) };
}

/** Validate `args` for request `name` and run its handler; never throws. */
export async function dispatch(handlers: Handlers, name: string, args: unknown): Promise<DispatchResult> {
  try {
    const request = parseRequest(name, args);
    const handler = handlers[request.name] as (input: unknown) => Promise<unknown>;
    const result = await handler(request.args);
    return { ok: true, result: result ?? null };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}

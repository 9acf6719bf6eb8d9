// Picks the renderer's transport once at start: the Electron preload's window.netlens (IPC) when
// present, else the WebSocket of `netlens serve` on this page's own origin (token from ?token=).
// Either way callers get a NetlensApi whose failures are ApiError.
import type { NetlensApi } from '../../../src/api/contract.js';
import { createWsApi, fromWireError } from './ws-client.js';
import { WS_PATH } from '../../../src/api/contract.js';

/** The preload's bridge rejects with plain { code, message } objects; make them ApiError again. */
function fromBridge(bridge: NetlensApi): NetlensApi {
  return {
    request: (name, args) =>
      bridge.request(name, args).catch((error: unknown) => {
        throw fromWireError(error);
      }),
    on: (event, listener) => bridge.on(event, listener),
  };
}

export function wsUrlFor(location: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WS_PATH}?token=${encodeURIComponent(token)}`;
}

export function chooseApi(scope: {
  netlens?: NetlensApi;
  location: { protocol: string; host: string; search: string };
}): NetlensApi {
  return scope.netlens ? fromBridge(scope.netlens) : createWsApi(wsUrlFor(scope.location));
}

type Scope = Parameters<typeof chooseApi>[0];
let chosen: NetlensApi | null = null;

/** The one API instance of this page. */
export function api(): NetlensApi {
  // Read through `unknown`: window.netlens is not part of any lib's window type.
  const scope: unknown = globalThis;
  chosen ??= chooseApi(scope as Scope);
  return chosen;
}

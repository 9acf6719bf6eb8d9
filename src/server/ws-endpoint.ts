// The WebSocket side of `netlens serve`: one JSON message per request/response, events fanned
// out to every client. Malformed input gets an error response; nothing a client sends can
// crash the server.
import type { RawData, WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import type { ServerMessage } from '../api/contract.js';
import { dispatch } from './handler-wrap.js';
import type { Backend } from './backend.js';

const ClientMessage = z.object({
  type: z.literal('request'),
  id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  name: z.string().min(1).max(100),
  args: z.unknown(),
});

const MAX_IN_FLIGHT = 64;
/** A client this far behind on events is dropped rather than buffered without bound. */
const MAX_BUFFERED = 64 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

const textOf = (data: RawData): string =>
  (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString(
    'utf8',
  );

export interface WsEndpoint {
  server: WebSocketServer;
  close(): Promise<void>;
}

export function createWsEndpoint(
  backend: Pick<Backend, 'handlers' | 'events'>,
  maxPayload: number,
): WsEndpoint {
  const server = new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();

  const send = (socket: WebSocket, message: ServerMessage): void => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify(message), () => undefined);
  };
  const fail = (socket: WebSocket, id: number, message: string): void =>
    send(socket, { type: 'response', id, ok: false, error: { code: 'bad-request', message } });

  server.on('connection', (socket) => {
    let inFlight = 0;
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      if (isBinary) return fail(socket, 0, 'messages must be JSON text');
      let json: unknown;
      try {
        json = JSON.parse(textOf(data));
      } catch {
        return fail(socket, 0, 'message is not valid JSON');
      }
      const parsed = ClientMessage.safeParse(json);
      if (!parsed.success) {
        const rawId = (json as { id?: unknown } | null)?.id;
        const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) ? rawId : 0;
        const issue = parsed.error.issues[0];
        return fail(
          socket,
          id,
          `bad message: ${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}`,
        );
      }
      const { id, name, args } = parsed.data;
      if (inFlight >= MAX_IN_FLIGHT) {
        return send(socket, {
          type: 'response',
          id,
          ok: false,
          error: { code: 'unavailable', message: `more than ${MAX_IN_FLIGHT} requests in flight` },
        });
      }
      inFlight += 1;
      void dispatch(backend.handlers, name, args).then((reply) => {
        inFlight -= 1;
        send(
          socket,
          reply.ok
            ? { type: 'response', id, ok: true, result: reply.result }
            : { type: 'response', id, ok: false, error: reply.error },
        );
      });
    });
  });

  const unsubscribe = backend.events((event, payload) => {
    const text = JSON.stringify({ type: 'event', event, payload } satisfies ServerMessage);
    for (const socket of server.clients) {
      if (socket.readyState !== socket.OPEN) continue;
      if (socket.bufferedAmount > MAX_BUFFERED) socket.terminate();
      else socket.send(text, () => undefined);
    }
  });

  const heartbeat = setInterval(() => {
    for (const socket of server.clients) {
      if (alive.get(socket) === false) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    server,
    close() {
      unsubscribe();
      clearInterval(heartbeat);
      for (const socket of server.clients) socket.close(1001, 'server closing');
      return new Promise((resolve) => {
        server.close(() => resolve());
        // Clients that do not answer the close handshake promptly are cut off.
        setTimeout(() => {
          for (const socket of server.clients) socket.terminate();
        }, 1000).unref();
      });
    },
  };
}

// `netlens serve`: the built renderer and the API WebSocket on 127.0.0.1, guarded by a per-run
// token and by Host/Origin checks (see guard.ts). Static files are served read-only from one folder.
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WS_PATH } from '../api/contract.js';
import type { Backend } from './backend.js';
import type { Guard } from './guard.js';
import { createGuard, newToken, splitTarget } from './guard.js';
import { contentSecurityPolicyHeader, contentTypeOf, resolveStaticFile } from './static-files.js';
import { createWsEndpoint } from './ws-endpoint.js';

/** Large enough for `snapshots:import` of a big snapshot file (the contract allows 200 MB). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export interface ServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  backend: Pick<Backend, 'handlers' | 'events'>;
  /** Fixed token for tests; a fresh random one otherwise. */
  token?: string;
  maxMessageBytes?: number;
}

export interface RunningServer {
  /** The page to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function refuse(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${text}\n`);
}

function refuseUpgrade(socket: Duplex, status: 400 | 401 | 403 | 404, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const endpoint = createWsEndpoint(options.backend, options.maxMessageBytes ?? MAX_MESSAGE_BYTES);
  let guard: Guard | null = null;
  let csp = contentSecurityPolicyHeader();
  const indexFile = resolveStaticFile(options.staticDir, '/');

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    response.setHeader('Content-Security-Policy', csp);
    if (!guard?.hostOk(request.headers.host))
      return refuse(response, 403, 'forbidden: unexpected Host header');
    if (!guard.originOk(request.headers.origin)) return refuse(response, 403, 'forbidden: foreign Origin');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return refuse(response, 405, 'method not allowed');
    }
    const { path, query } = splitTarget(request.url);
    const file = await resolveStaticFile(options.staticDir, path);
    // The page needs the token under whatever name reaches it (`/`, `/index.html`, `/%69ndex.html`…):
    // the file is compared, not the raw path.
    if (file !== null && file === (await indexFile)) {
      const verdict = guard.checkToken(query.get('token'));
      if (verdict === 'missing')
        return refuse(response, 401, 'open the URL that `netlens serve` printed (it carries the token)');
      if (verdict === 'wrong') return refuse(response, 403, 'forbidden: wrong token');
    }
    if (!file) return refuse(response, 404, 'not found');
    const type = contentTypeOf(file);
    response.writeHead(200, {
      'Content-Type': type,
      'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'no-cache',
    });
    if (request.method === 'HEAD') return void response.end();
    const stream = createReadStream(file);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) refuse(response, 500, 'internal error');
      else response.destroy();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const { path, query } = splitTarget(request.url);
    if (!guard || path !== WS_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (!guard.hostOk(request.headers.host)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!guard.originOk(request.headers.origin)) return refuseUpgrade(socket, 403, 'Forbidden');
    const verdict = guard.checkToken(query.get('token'));
    if (verdict !== 'ok')
      return refuseUpgrade(
        socket,
        verdict === 'missing' ? 401 : 403,
        verdict === 'missing' ? 'Unauthorized' : 'Forbidden',
      );
    endpoint.server.handleUpgrade(request, socket, head, (client) =>
      endpoint.server.emit('connection', client, request),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('serve: no TCP address');
  const port = address.port;
  guard = createGuard(token, port);
  csp = contentSecurityPolicyHeader(port);

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close() {
      closing ??= (async () => {
        await endpoint.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

// The bundled renderer under netlens://app/, read from dist/renderer with the same path checks
// and CSP as `netlens serve` (src/server/static-files.ts).
import { readFile } from 'node:fs/promises';
import { contentSecurityPolicyHeader, contentTypeOf, resolveStaticFile } from '../src/server/static-files.js';
import { APP_HOST, APP_SCHEME } from './security.js';

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

export function createAppRequestHandler(
  root: string,
): (request: { url: string; method: string }) => Promise<Response> {
  const csp = contentSecurityPolicyHeader();
  const text = (status: number, body: string): Response =>
    new Response(body, {
      status,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': csp },
    });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return text(400, 'bad url');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return text(404, 'not found');
    const file = await resolveStaticFile(root, url.pathname);
    if (!file) return text(404, 'not found');
    const body = await readFile(file);
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        'Content-Type': contentTypeOf(file),
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  };
}

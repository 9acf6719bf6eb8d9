// Serving the built renderer safely, shared by `netlens serve` and the Electron protocol handler:
// one function maps a URL path to a file strictly inside the root, or refuses it.
import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` that URL path `pathname` names (`/` is index.html), or null when the path
 * is malformed, climbs out of the root (also percent-encoded or with backslashes), names a hidden
 * file, a directory or a symlink leading outside.
 */
export async function resolveStaticFile(root: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.some((segment) => segment === '..' || segment === '.' || segment.startsWith('.'))) return null;
  const relative = decoded === '/' ? 'index.html' : segments.join('/');
  if (relative === '' || relative.endsWith('/')) return null;
  // Source maps carry the source and its paths; the app never needs them (and packages leave them out).
  if (/\.map$/i.test(relative)) return null;
  try {
    const realRoot = await realpath(root);
    const candidate = await realpath(resolve(realRoot, relative));
    if (!candidate.startsWith(realRoot + sep)) return null;
    return (await stat(candidate)).isFile() ? candidate : null;
  } catch {
    return null;
  }
}

/**
 * The page's Content-Security-Policy, the same text in renderer/index.html's meta tag (a test checks
 * it) and in the headers of `netlens serve` and the Electron protocol. Scripts and styles only from
 * the app itself (the templates carry no inline styles); `blob:` images because the PNG export draws
 * the picture (an SVG blob the page made) into a canvas; WebSockets only to loopback, and `port`
 * narrows that to one port where it is known (serve's header; the meta tag cannot know it).
 */
export function contentSecurityPolicy(port?: number): string {
  const p = port === undefined ? '*' : String(port);
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${p} ws://localhost:${p}`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The header: the same policy plus what only a header can say (a meta tag's frame-ancestors is ignored). */
export function contentSecurityPolicyHeader(port?: number): string {
  return `${contentSecurityPolicy(port)}; frame-ancestors 'none'`;
}

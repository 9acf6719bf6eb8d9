// Who may talk to `netlens serve`: the per-run token (constant-time compare), and Host/Origin
// headers naming this very server on loopback, so a web page elsewhere (or a DNS-rebound name)
// cannot drive the API even though the socket listens on 127.0.0.1.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export interface Guard {
  /** The Host header names 127.0.0.1 or localhost at our port. */
  hostOk(host: string | undefined): boolean;
  /** No Origin (a non-browser client) or our own origin. */
  originOk(origin: string | undefined): boolean;
  /** 'missing' → 401, 'wrong' → 403. */
  checkToken(candidate: string | null): 'ok' | 'missing' | 'wrong';
}

export function createGuard(token: string, port: number): Guard {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...hosts].map((host) => `http://${host}`));
  const expected = digest(token);
  return {
    hostOk: (host) => host !== undefined && hosts.has(host.toLowerCase()),
    originOk: (origin) => origin === undefined || origins.has(origin.toLowerCase()),
    checkToken(candidate) {
      if (candidate === null || candidate === '') return 'missing';
      // Hashing first gives equal lengths, so the comparison time says nothing about the token.
      return timingSafeEqual(digest(candidate), expected) ? 'ok' : 'wrong';
    },
  };
}

/** Path and query of a raw request target, without normalising `..` away (that is the file layer's job). */
export function splitTarget(target: string | undefined): { path: string; query: URLSearchParams } {
  const raw = target ?? '/';
  const mark = raw.indexOf('?');
  return mark < 0
    ? { path: raw, query: new URLSearchParams() }
    : { path: raw.slice(0, mark), query: new URLSearchParams(raw.slice(mark + 1)) };
}

// `netlens serve`: the real back end + the loopback server, until Ctrl-C.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HistoryOptions } from '../history/index.js';
import { visibleLines } from '../cli/terminal-text.js';
import type { Backend } from './backend.js';
import { openUrl } from './open-url.js';
import type { RunningServer } from './serve.js';
import { startServer } from './serve.js';
import { createDefaultBackend } from './wire.js';

export interface ServeOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Open the page in the default browser. */
  open?: boolean;
  storeDir?: string;
  dataDir?: string;
  /** How live sessions are recorded (on by default, beside the snapshot folder); false: not at all. */
  history?: HistoryOptions | false;
  /** The built renderer; found next to this module by default. */
  staticDir?: string;
  /** Stop on SIGINT/SIGTERM (the CLI wants that; tests do not). */
  handleSignals?: boolean;
  print?: (line: string) => void;
  /** For tests: a back end other than the real one. */
  backend?: Backend;
  /** For tests: the clock captures (and so the timeline) are stamped with. */
  now?: () => Date;
}

export interface ServeHandle {
  url: string;
  port: number;
  /** Resolves when the server has stopped (close() or a signal). */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** dist/renderer, whether this module runs compiled (dist/src/server) or from source (src/server). */
export function defaultStaticDir(): string {
  const candidates = [
    fileURLToPath(new URL('../../renderer', import.meta.url)),
    fileURLToPath(new URL('../../dist/renderer', import.meta.url)),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0] ?? 'dist/renderer';
}

export async function runServe(options: ServeOptions = {}): Promise<ServeHandle> {
  const print = options.print ?? ((line: string) => console.log(visibleLines(line)));
  const staticDir = options.staticDir ?? defaultStaticDir();
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(
      `the renderer is not built (${join(staticDir, 'index.html')} is missing); run \`npm run build\` first`,
    );
  }
  const backend =
    options.backend ??
    createDefaultBackend({
      ...(options.storeDir ? { storeDir: options.storeDir } : {}),
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.history !== undefined ? { history: options.history } : {}),
      ...(options.now ? { now: options.now } : {}),
      // Notices quote file names and what was wrong in the file: escaped for the terminal.
      log: (line) => console.error(visibleLines(line)),
    });
  let server: RunningServer;
  try {
    server = await startServer({ port: options.port ?? 0, staticDir, backend });
  } catch (error) {
    await backend.dispose();
    throw error;
  }
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await server.close();
      await backend.dispose();
      resolveClosed();
    })();
    return closing;
  };
  const onSignal = (): void => {
    print('netlens: stopping');
    void close();
  };
  if (options.handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  print(`netlens: serving on ${server.url}`);
  print('netlens: the URL carries a secret token; do not share it. Press Ctrl-C to stop.');
  if (options.open && !(await openUrl(server.url)))
    print('netlens: could not start a browser; open the URL above yourself');
  return { url: server.url, port: server.port, closed, close };
}

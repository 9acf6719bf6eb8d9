// `npm start`: run the built app in Electron. The Electron runtime is a separate download (its
// install script may not have run); if it cannot be had, say so in ONE line and point to the
// browser version of the same app.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const appRoot = fileURLToPath(new URL('..', import.meta.url));
const INSTALL_TIMEOUT_MS = 5 * 60_000;

/** The Electron binary's path, or null when the runtime is not installed. */
function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Runs electron's own installer; returns null on success, else a short reason. */
function installElectron() {
  let script;
  try {
    script = require.resolve('electron/install.js');
  } catch {
    return 'the electron package is not installed; run npm install';
  }
  const run = spawnSync(process.execPath, [script], {
    cwd: appRoot,
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (run.error) return run.error.message;
  if (run.status === 0 && electronBinary()) return null;
  const lines = `${run.stderr ?? ''}\n${run.stdout ?? ''}`.split('\n').map((line) => line.trim());
  const reason =
    lines.find((line) => /error/i.test(line)) ?? lines.find(Boolean) ?? `installer exited with ${run.status}`;
  return reason.replace(/^\w*Error:\s*/, '').slice(0, 200);
}

let binary = electronBinary();
if (!binary) {
  const reason = installElectron();
  binary = reason === null ? electronBinary() : null;
  if (!binary) {
    console.error(
      `netlens: the Electron runtime could not be downloaded (${reason ?? 'no binary after install'}); run the same app in your browser with: npx netlens serve --open`,
    );
    process.exit(1);
  }
}

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(binary, [appRoot, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
  windowsHide: false,
});
child.on('error', (error) => {
  console.error(`netlens: could not start Electron (${error.message})`);
  process.exit(1);
});
const forward = (signal) => child.kill(signal);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, forward);
child.on('exit', (code, signal) => {
  if (!signal) process.exit(code ?? 1);
  for (const name of ['SIGINT', 'SIGTERM']) process.off(name, forward);
  process.kill(process.pid, signal);
});

// Electron main: one hardened window showing the bundled renderer (netlens://app/), the back end
// bound to IPC. Everything that needs no Electron lives in src/ and is shared with `netlens serve`.
import { app, BrowserWindow, ipcMain, Menu, protocol, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { visibleLines } from '../src/cli/terminal-text.js';
import type { Backend } from '../src/server/backend.js';
import { createDefaultBackend } from '../src/server/wire.js';
import { bindIpc } from './ipc.js';
import type { InvokeEventLike } from './ipc.js';
import { menuTemplate } from './menu.js';
import { APP_SCHEME_PRIVILEGES, createAppRequestHandler } from './protocol.js';
import { APP_SCHEME, APP_URL, hardenSession, hardenWebContents, isAppUrl } from './security.js';

const here = dirname(fileURLToPath(import.meta.url)); // dist/electron
const rendererDir = join(here, '..', 'renderer');

let window: BrowserWindow | null = null;
let backend: Backend | null = null;
let unbind: (() => void) | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    title: 'Netlens',
    show: false,
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A packaged app cannot open the developer tools at all (no menu item, no shortcut, no API).
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (window === win) window = null;
  });
  void win.loadURL(APP_URL);
  return win;
}

/** Only our window's top frame, showing our own page, may call the back end. */
function isTrustedSender(event: InvokeEventLike): boolean {
  const win = window;
  if (!win || win.isDestroyed() || event.sender !== win.webContents) return false;
  return (
    event.senderFrame !== null &&
    event.senderFrame === win.webContents.mainFrame &&
    isAppUrl(event.senderFrame.url)
  );
}

async function shutdown(): Promise<void> {
  unbind?.();
  unbind = null;
  const running = backend;
  backend = null;
  await running?.dispose();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) window = createWindow();
  });
  app.on('will-quit', (event) => {
    if (!backend) return;
    event.preventDefault();
    void shutdown().finally(() => app.quit());
  });

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(menuTemplate(process.platform, { devTools: !app.isPackaged })),
    );
    // Log lines quote hosts' words: escaped as `netlens serve` does, so a container name cannot drive
    // the terminal the app was started from.
    backend = createDefaultBackend({ log: (line) => console.error(visibleLines(line)) });
    unbind = bindIpc({
      ipcMain,
      backend,
      isTrustedSender,
      targets: () => (window && !window.isDestroyed() ? [window.webContents] : []),
    });
    window = createWindow();
  });
}

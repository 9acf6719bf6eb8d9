// electron/main.ts against a mocked `electron` module: the window's web preferences, the protocol,
// the hardening hooks and the IPC binding, as main sets them up when the app is ready.
import { beforeAll, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  const state = {
    windows: [] as { options: { webPreferences: Record<string, unknown> }; url: string | null }[],
    privileged: [] as unknown[],
    handled: [] as string[],
    appEvents: new Map<string, (...args: unknown[]) => void>(),
    ipcChannels: [] as string[],
    menuTemplate: null as unknown,
    sessionHardened: { permissions: false, requests: false },
    lock: true,
  };
  class BrowserWindow {
    static getAllWindows = () => state.windows;
    webContents = { mainFrame: {}, isDestroyed: () => false, send: () => undefined };
    record: { options: { webPreferences: Record<string, unknown> }; url: string | null };
    constructor(options: { webPreferences: Record<string, unknown> }) {
      this.record = { options, url: null };
      state.windows.push(this.record);
    }
    once() {}
    on() {}
    isDestroyed = () => false;
    loadURL(url: string) {
      this.record.url = url;
      return Promise.resolve();
    }
  }
  const module = {
    app: {
      // As in a package: no developer tools.
      isPackaged: true,
      requestSingleInstanceLock: () => state.lock,
      quit: () => undefined,
      on: (name: string, listener: (...args: unknown[]) => void) => void state.appEvents.set(name, listener),
      whenReady: () => Promise.resolve(),
      isReady: () => true,
    },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string) => void state.ipcChannels.push(channel),
      removeHandler: () => undefined,
    },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => void (state.menuTemplate = menu),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void state.privileged.push(...schemes),
      handle: (scheme: string) => void state.handled.push(scheme),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => void (state.sessionHardened.permissions = true),
        setPermissionCheckHandler: () => undefined,
        webRequest: { onBeforeRequest: () => void (state.sessionHardened.requests = true) },
      },
    },
  };
  return { state, module };
});
vi.mock('electron', () => fake.module);
vi.mock('../../../src/server/wire.js', () => ({
  createDefaultBackend: () => ({
    handlers: {},
    events: () => () => undefined,
    dispose: () => Promise.resolve(),
  }),
}));

beforeAll(async () => {
  await import('../../../electron/main.js');
  await vi.waitFor(() => expect(fake.state.windows).toHaveLength(1));
});

describe('electron main', () => {
  it('opens one sandboxed, isolated window on the bundled page', () => {
    const [win] = fake.state.windows;
    expect(win?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(String(win?.options.webPreferences.preload)).toMatch(/preload\.cjs$/);
    expect(win?.url).toBe('netlens://app/index.html');
  });

  it('serves the app from a privileged custom scheme and hardens the session', () => {
    expect(fake.state.privileged).toEqual([expect.objectContaining({ scheme: 'netlens' })]);
    expect(fake.state.handled).toEqual(['netlens']);
    expect(fake.state.sessionHardened).toEqual({ permissions: true, requests: true });
    expect([...fake.state.appEvents.keys()]).toEqual(
      expect.arrayContaining(['second-instance', 'web-contents-created', 'will-quit']),
    );
  });

  it('binds only the request channel and sets a menu', () => {
    expect(fake.state.ipcChannels).toEqual(['netlens:request']);
    expect(Array.isArray(fake.state.menuTemplate)).toBe(true);
  });

  it('gives a packaged app no developer tools: not in the menu, not in the window', () => {
    expect(JSON.stringify(fake.state.menuTemplate)).not.toContain('toggleDevTools');
    expect(fake.state.windows[0]?.options.webPreferences.devTools).toBe(false);
  });
});

// The application menu: the usual roles, nothing that loads remote content, and the developer tools
// only in a development run (a packaged app has no way to open them: see also webPreferences.devTools).
import type { MenuItemConstructorOptions } from 'electron';

export function menuTemplate(
  platform: NodeJS.Platform,
  options: { devTools?: boolean } = {},
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const devTools: MenuItemConstructorOptions[] = options.devTools ? [{ role: 'toggleDevTools' }] : [];
  return [
    ...(mac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...devTools,
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}

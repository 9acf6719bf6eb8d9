// The application menu offers the developer tools in a development run only (issue #13, item 7).
import { describe, expect, it } from 'vitest';
import { menuTemplate } from '../../../electron/menu.js';

const roles = (template: unknown) => JSON.stringify(template);

describe('menuTemplate', () => {
  it('has no developer tools unless asked for', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(roles(menuTemplate(platform))).not.toContain('toggleDevTools');
      expect(roles(menuTemplate(platform, { devTools: false }))).not.toContain('toggleDevTools');
      expect(roles(menuTemplate(platform, { devTools: true }))).toContain('toggleDevTools');
    }
  });
});

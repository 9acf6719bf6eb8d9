// build/electron-builder.yml must pass electron-builder's own schema and name the icons that exist.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId?: string;
  productName?: string;
  directories?: { buildResources?: string; output?: string };
  /** Normalised by getConfig to one filter set. */
  files?: { filter: string[] }[];
  linux?: { target?: string[]; category?: string; icon?: string };
  mac?: { target?: string; icon?: string };
  win?: { target?: string; icon?: string };
  electronFuses?: Record<string, boolean>;
}

describe('electron-builder configuration', () => {
  it('is valid and complete', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      getConfig: (dir: string, file: string, extra: null) => Promise<BuilderConfig>;
      validateConfiguration: (config: BuilderConfig, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const config = await getConfig(process.cwd(), 'build/electron-builder.yml', null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config).toMatchObject({
      productName: 'Netlens',
      directories: { buildResources: 'build', output: 'release' },
      files: [{ filter: ['dist/**', '!dist/**/*.map', 'package.json', 'bin/**'] }],
      linux: { target: ['AppImage', 'deb'], category: 'Network' },
      mac: { target: 'dmg' },
      win: { target: 'nsis' },
      // The packaged binary cannot be turned into a Node interpreter or load code from outside its asar.
      electronFuses: {
        runAsNode: false,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        enableEmbeddedAsarIntegrityValidation: true,
        onlyLoadAppFromAsar: true,
        grantFileProtocolExtraPrivileges: false,
      },
    });
    for (const icon of [config.linux?.icon, config.mac?.icon, config.win?.icon])
      expect(icon && existsSync(icon)).toBe(true);
    for (const size of [16, 32, 48, 64, 128, 256, 512])
      expect(existsSync(`build/icons/${size}x${size}.png`)).toBe(true);
  });
});

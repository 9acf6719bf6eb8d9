// The Docker Desktop banner in the app's language: the capture's own phrases (src/capture/vm.ts)
// are worded from the catalogue; a phrase the catalogue does not know (a newer file) stays as written.
import { afterEach, describe, expect, it } from 'vitest';
import { DOCKER_DESKTOP_VM } from '../../../src/capture/vm.js';
import { en } from '../../../renderer/src/lib/i18n/en.js';
import { useLocale } from '../../../renderer/src/lib/i18n/words.js';
import { partialView } from '../../../renderer/src/lib/status.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

const desktop = () => {
  const s = buildSnapshot({ containers: [{ name: 'web' }] });
  s.host = { ...s.host, vm: DOCKER_DESKTOP_VM };
  return s;
};

describe('the Docker Desktop banner', () => {
  afterEach(() => useLocale('en'));

  it('knows every phrase the capture writes', () => {
    expect(en.advice.vmItems).toEqual([...DOCKER_DESKTOP_VM.hidden, ...DOCKER_DESKTOP_VM.shown]);
  });

  it('reads Korean in Korean, the capture’s English in English, and keeps an unknown phrase', () => {
    expect(partialView(desktop())).toContain("Not shown: the VM's network namespaces");
    useLocale('ko');
    const ko = partialView(desktop()) ?? '';
    expect(ko).toContain('보이지 않는 것: VM의 네트워크 네임스페이스');
    expect(ko).not.toMatch(/the VM's|as the Docker API reports/);
    const newer = desktop();
    newer.host.vm = { ...DOCKER_DESKTOP_VM, hidden: ['something new'] };
    expect(partialView(newer)).toContain('보이지 않는 것: something new.');
  });
});

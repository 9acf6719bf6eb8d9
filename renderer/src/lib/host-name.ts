// A host's name as the app shows it: the local engine in the user's language, else its label or target.
import type { HostEntry } from '../../../src/api/contract.js';
import { words } from './i18n/words.js';

export function hostName(host: Pick<HostEntry, 'target' | 'label'> | null | undefined): string {
  if (!host) return '';
  return host.target === 'local' ? words().hosts.local : host.label || host.target;
}

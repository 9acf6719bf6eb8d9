// A readable name for a raw snapshot field (`ipv4PrefixLen` → "IPv4 prefix length"): the catalogue's,
// else the camelCase key split into words.
import { words } from './i18n/words.js';

export function fieldLabel(key: string): string {
  const known = words().fields[key];
  if (known) return known;
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

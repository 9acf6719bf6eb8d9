// File names for what the app saves: which host, what was shown (live, a saved snapshot's name, a
// comparison, the demo) and the second it was saved, so no export overwrites another.

const safe = (s: string, max: number) =>
  s
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max) || 'x';

/** `netlens-<host>-<source>-20250101-120000` (local time), safe as a file name. */
export function fileStem(host: string, source: string, at = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
  return `netlens-${safe(host, 40)}-${safe(source, 40)}-${stamp}`;
}

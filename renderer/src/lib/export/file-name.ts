// File names for what the app saves.
/** `netlens-<what>-20250101-1200` (local time), safe as a file name. */
export function fileStem(what: string, at = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}`;
  const safe = what.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'picture';
  return `netlens-${safe.slice(0, 60)}-${stamp}`;
}

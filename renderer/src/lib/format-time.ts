// Times as people read them in lists: `2025-01-01 12:00` in local time (no ICU-heavy locale formatting).
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return '—';
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** A moment of a timeline: `12:03:07` in local time, with the date when it is not today. */
export function formatClock(iso: string, today = new Date()): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return '—';
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  return d.toDateString() === today.toDateString() ? clock : `${formatTime(iso).slice(0, 10)} ${clock}`;
}

// A string that keeps only itself alive. V8 keeps a piece cut from a long string (split, slice, a
// regex group) as a view into that string: one line kept from a 0.6 MB kernel output kept the whole
// output, and the caches that carry facts and sections from one live update to the next kept one
// output per update (the 30-minute churn run at 500 containers: 380 MB RSS after a minute).
export function unpinned(s: string): string {
  // The concatenation is flattened into a new string before slicing; the slice is a view of that copy.
  return (' ' + s).slice(1);
}

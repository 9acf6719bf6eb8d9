// The process that holds live sessions (netlens serve, the app's main process) keeps its heap close
// to what it uses. An event update at 500 containers allocates ~25 MB, nearly all garbage once the
// patch is out; V8 lets the old generation grow to up to 4× what survived its last full collection
// before collecting again, so ~70 MB of live data sat in a 300–400 MB process. Growing by at most
// 1.5× kept it near 230 MB for ~15 % more updates' time in GC (bench:live's memory run, 500
// containers; docs/architecture.md). V8 reads this flag at each collection, so it takes effect here.
import { setFlagsFromString } from 'node:v8';

let tuned = false;

export function tuneHeapForLiveSessions(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString('--heap-growing-percent=50');
}

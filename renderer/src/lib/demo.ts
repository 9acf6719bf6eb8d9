// The bundled demo: a redacted capture of a small Compose shop (made by test/support/demo/make-demo.ts),
// loaded on demand as its own chunk and checked like any imported snapshot.
import { Snapshot } from '../../../src/model/snapshot.js';

export async function loadDemo(): Promise<Snapshot> {
  const mod = (await import('../demo/demo-snapshot.json')) as { default: unknown };
  return Snapshot.parse(mod.default);
}

// Child process of crash-safety.test.ts: saves a very large snapshot over an existing id, slowly
// enough (64 MB) that the parent can SIGKILL it in the middle of the write.
import { openStore } from '../../../src/store/index.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';

const [dir, id] = process.argv.slice(2);
if (!dir || !id) throw new Error('usage: crash-writer DIR ID');
const base = buildSnapshot({ host: { name: 'big-host' }, containers: [{ name: 'big' }] });
const padding = 'x'.repeat(1 << 20);
const findings = Array.from({ length: 64 }, (_, i) => ({
  id: `padding:${i}`,
  severity: 'info' as const,
  code: 'padding',
  message: padding,
  subjects: [],
}));
process.stdout.write('writing\n');
await openStore(dir).save({ ...base, findings }, { name: 'big', id });
process.stdout.write('done\n');

// Redaction for sharing snapshots: redactSnapshot(s, key) with a per-export key (newRedactionKey()).
export { redactSnapshot } from './redact-snapshot.js';
export { newRedactionKey } from './redactor.js';

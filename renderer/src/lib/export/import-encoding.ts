// How a chosen file travels to `snapshots:import`: JSON as text, gzip as base64 (the store recognises
// `H4sI…`, the base64 form of gzip's magic bytes). The request caps content at IMPORT_CONTENT_MAX characters.
import { IMPORT_CONTENT_MAX } from '../../../../src/model/limits.js';

const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The request content for a file's bytes; throws when it would be too large to send. */
export function importContent(fileName: string, bytes: Uint8Array): string {
  const gzip = isGzip(bytes);
  const chars = gzip ? Math.ceil(bytes.length / 3) * 4 : bytes.length;
  if (chars > IMPORT_CONTENT_MAX)
    throw new Error(`${fileName} is too large to import here (${Math.round(bytes.length / 1e6)} MB)`);
  return gzip ? toBase64(bytes) : new TextDecoder().decode(bytes);
}

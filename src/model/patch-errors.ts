// Why a live patch cannot be applied: it was made against another snapshot, or an item is malformed.

/** Thrown when a patch does not start from the snapshot it is applied to: fetch a full snapshot. */
export class PatchBaseError extends Error {
  readonly code = 'patch-base-mismatch';
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`patch is based on ${expected} but the snapshot is ${actual}: a full snapshot is needed`);
    this.name = 'PatchBaseError';
  }
}

/** A patch item that does not match the snapshot schema. */
export class PatchInvalidError extends Error {
  readonly code = 'patch-invalid';
  constructor(message: string) {
    super(message);
    this.name = 'PatchInvalidError';
  }
}

/** Why a write (or an undo) did not happen. The message is one readable sentence or two. */
export type MetadataWriteFailure =
  | 'invalid-values'
  | 'not-found'
  | 'changed-since-read'
  | 'unsupported-target'
  | 'unverifiable'
  | 'exiftool-error'
  | 'exiftool-warning'
  | 'verification-failed'
  | 'undo-conflict'
  | 'restore-failed';

/**
 * A write or an undo that did not happen. Unless `reason` is `restore-failed`, every file it touched has its
 * original bytes and modification time back (and a sidecar it created is gone).
 */
export class MetadataWriteError extends Error {
  override readonly name = 'MetadataWriteError';

  constructor(
    readonly reason: MetadataWriteFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

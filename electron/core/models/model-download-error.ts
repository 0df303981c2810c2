export type ModelDownloadErrorKind =
  'offline' | 'http' | 'truncated' | 'size' | 'checksum' | 'cancelled' | 'busy' | 'unpinned';

/** Why a model download failed; `message` is one readable line. */
export class ModelDownloadError extends Error {
  override readonly name = 'ModelDownloadError';

  constructor(
    readonly kind: ModelDownloadErrorKind,
    message: string,
    readonly details: { file?: string; status?: number; host?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static offline(host: string, cause?: unknown): ModelDownloadError {
    return new ModelDownloadError(
      'offline',
      `Cannot reach the model host (${host}) — import a model folder instead.`,
      { host },
      { cause },
    );
  }

  static http(status: number, file: string, host: string): ModelDownloadError {
    return new ModelDownloadError('http', `The model host (${host}) answered ${status} for ${file}.`, {
      status,
      file,
      host,
    });
  }

  static truncated(file: string, done: number, total: number | null, cause?: unknown): ModelDownloadError {
    const of = total === null ? '' : ` of ${total}`;
    return new ModelDownloadError(
      'truncated',
      `The download of ${file} was cut off after ${done}${of} bytes.`,
      { file },
      { cause },
    );
  }

  static size(file: string, actual: number, expected: number): ModelDownloadError {
    return new ModelDownloadError(
      'size',
      `${file} is ${actual} bytes but should be ${expected}; the download was discarded.`,
      { file },
    );
  }

  static checksum(file: string, actual: string, expected: string): ModelDownloadError {
    return new ModelDownloadError(
      'checksum',
      `${file} does not match its sha256 (expected ${expected}, got ${actual}); the download was discarded.`,
      { file },
    );
  }

  static cancelled(modelId: string): ModelDownloadError {
    return new ModelDownloadError('cancelled', `The download of ${modelId} was cancelled.`);
  }
}

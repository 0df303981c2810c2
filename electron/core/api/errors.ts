import type { ApiErrorCode, ApiFailure } from '../../../contract/api.js';

/** An error meant for the person using the app: its message is shown as it is. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string): ApiError => new ApiError('not_found', `${what} was not found.`);
export const badRequest = (message: string): ApiError => new ApiError('bad_request', message);

/** The envelope an error travels in across a boundary. */
export function failure(code: ApiErrorCode, message: string): ApiFailure {
  return { ok: false, error: { code, message } };
}

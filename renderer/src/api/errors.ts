import type { ApiErrorCode } from '../../../contract/api';

/** A call that failed: carries the core's error code and its message, which is written for people. */
export class ApiCallError extends Error {
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiCallError';
    this.code = code;
  }
}

/** The text to show a person for any error thrown by a call. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiCallError) return error.message;
  if (error instanceof Error && error.message) return `Something went wrong: ${error.message}`;
  return 'Something went wrong.';
}

import { z } from 'zod';
import { calls, isCallName, type ApiEnvelope, type CallName } from '../../../contract/api.js';
import { ApiError, failure } from './errors.js';
import type { Handler, Handlers } from './handlers.js';

/**
 * Runs one call that crossed a trust boundary: the name must be known, the parameters must match the
 * contract, and whatever happens comes back as an envelope (errors are results, never thrown across).
 */
export async function dispatch(handlers: Handlers, method: string, params: unknown): Promise<ApiEnvelope> {
  if (!isCallName(method)) return failure('not_found', `There is no call named "${method}".`);
  const parsed = calls[method].params.safeParse(params ?? {});
  if (!parsed.success) {
    return failure('bad_request', `Invalid parameters for ${method}: ${z.prettifyError(parsed.error)}`);
  }
  try {
    const handler = handlers[method] as Handler<CallName>;
    const value = await handler(parsed.data as never);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof ApiError) return failure(error.code, error.message);
    console.error(`AltLens: ${method} failed:`, error);
    return failure('internal', error instanceof Error ? error.message : String(error));
  }
}

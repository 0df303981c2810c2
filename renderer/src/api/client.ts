import type { z } from 'zod';
import {
  ApiEnvelope,
  ApiEvent,
  calls,
  type CallName,
  type CallParams,
  type CallResult,
  type MediaKind,
} from '../../../contract/api';
import { ApiCallError } from './errors';
import type { Transport } from './transport';

export interface ApiClient {
  /** Calls the core; resolves with the validated result, or rejects with an ApiCallError. */
  call<N extends CallName>(name: N, params: CallParams<N>): Promise<CallResult<N>>;
  /** Listens to validated events; invalid ones are dropped. Returns a function that stops listening. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
  /** The address of an image's media (see Transport.mediaUrl). */
  mediaUrl(kind: MediaKind, id: number): Promise<string>;
}

function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'The request is not valid.';
}

export function createApiClient(transport: Transport): ApiClient {
  return {
    async call<N extends CallName>(name: N, params: CallParams<N>): Promise<CallResult<N>> {
      const paramsSchema: z.ZodType = calls[name].params;
      const checked = paramsSchema.safeParse(params);
      if (!checked.success) throw new ApiCallError('bad_request', firstIssue(checked.error));

      let raw: unknown;
      try {
        raw = await transport.call(name, checked.data);
      } catch (error) {
        if (error instanceof ApiCallError) throw error;
        throw new ApiCallError('internal', `AltLens could not reach its core (${String(error)}).`);
      }
      const envelope = ApiEnvelope.safeParse(raw);
      if (!envelope.success) {
        throw new ApiCallError(
          'internal',
          `The core sent an answer to ${name} that AltLens does not understand.`,
        );
      }
      if (!envelope.data.ok) throw new ApiCallError(envelope.data.error.code, envelope.data.error.message);

      const resultSchema: z.ZodType = calls[name].result;
      const result = resultSchema.safeParse(envelope.data.value);
      if (!result.success) {
        throw new ApiCallError(
          'internal',
          `The core sent a result for ${name} that AltLens does not understand.`,
        );
      }
      return result.data as CallResult<N>;
    },

    subscribe(listener) {
      return transport.onEvent((raw) => {
        const event = ApiEvent.safeParse(raw);
        if (event.success) listener(event.data);
        else console.warn('AltLens: dropped an event that does not match the contract', event.error.issues);
      });
    },

    mediaUrl(kind, id) {
      return transport.mediaUrl(kind, id);
    },
  };
}

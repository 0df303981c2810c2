// How every provider call is made robust (issue 13 §3): a connect timeout (until the server starts its
// answer) and a total one, retries with backoff that honour Retry-After on 429 and 5xx, cancellation, and
// one plain reason per failure. The SDKs' own retries are off: this is the one retry loop.
import { ProviderError, type DescribeRequest, type FailureReason, type RetryNotice } from './provider.js';
import { scrubKey } from './keys.js';

export interface CallLimits {
  /** Until the server has answered with its headers (connecting, and a model loading, included). */
  readonly connectTimeoutMs: number;
  /** The whole answer, streamed to its end. */
  readonly totalTimeoutMs: number;
  /** Tries after the first, for rate limits, server errors and dropped connections. */
  readonly retries: number;
  /** The first backoff wait; doubled each try when the server does not say how long to wait. */
  readonly backoffMs: number;
  /** A Retry-After longer than this is not waited for: the call fails, saying when to try again. */
  readonly maxRetryWaitMs: number;
}

export const DEFAULT_LIMITS: CallLimits = {
  connectTimeoutMs: 60_000,
  totalTimeoutMs: 300_000,
  retries: 3,
  backoffMs: 1000,
  maxRetryWaitMs: 120_000,
};

/** What the fetch under an SDK saw during one try, so that failures are told apart the same way for all. */
export interface TryState {
  status: number | null;
  headers: Headers | null;
  timedOut: 'connect' | 'total' | null;
  /** The fetch itself failed (refused, reset, DNS): no HTTP answer came. */
  networkError: string | null;
}

/**
 * A fetch for one try: aborted by the caller's signal, by the total timeout, and by the connect timeout
 * until response headers arrive; it notes the status and headers of each response.
 */
export function tryFetch(state: TryState, signal: AbortSignal, connectTimeoutMs: number): typeof fetch {
  return async (input, init) => {
    const connect = new AbortController();
    const timer = setTimeout(() => {
      state.timedOut ??= 'connect';
      connect.abort(new Error('connect timeout'));
    }, connectTimeoutMs);
    const signals = [signal, connect.signal, ...(init?.signal ? [init.signal] : [])];
    try {
      const response = await fetch(input, { ...init, signal: AbortSignal.any(signals) });
      state.status = response.status;
      state.headers = response.headers;
      return response;
    } catch (error) {
      state.networkError = causeOf(error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}

/** Where a call goes and how it is named in messages. */
export interface CallTarget {
  /** "Ollama at http://127.0.0.1:11434" */
  readonly label: string;
  readonly model: string;
  /** The key, removed from any message before anyone sees it. */
  readonly key: string | null;
}

export interface CallOptions {
  readonly limits: CallLimits;
  readonly signal?: AbortSignal;
  readonly onRetry?: (notice: RetryNotice) => void;
  /** A provider's own reading of an error (refused content, say), before the common one. */
  readonly classify?: (error: unknown, state: TryState) => ProviderError | null;
}

/** Runs `attempt` with a fresh fetch per try until it succeeds, fails for good, or is cancelled. */
export async function callWithRetries<T>(
  target: CallTarget,
  options: CallOptions,
  attempt: (fetcher: typeof fetch, state: TryState) => Promise<T>,
): Promise<T> {
  const { limits, signal } = options;
  for (let tryNumber = 1; ; tryNumber += 1) {
    if (signal?.aborted) throw cancelled(target);
    const state: TryState = { status: null, headers: null, timedOut: null, networkError: null };
    const total = new AbortController();
    const timer = setTimeout(() => {
      state.timedOut ??= 'total';
      total.abort(new Error('total timeout'));
    }, limits.totalTimeoutMs);
    const trySignal = signal ? AbortSignal.any([signal, total.signal]) : total.signal;
    try {
      return await attempt(tryFetch(state, trySignal, limits.connectTimeoutMs), state);
    } catch (error) {
      if (signal?.aborted) throw cancelled(target);
      // A failure the provider read itself (refused content, a bad answer) is final.
      const own = error instanceof ProviderError ? error : (options.classify?.(error, state) ?? null);
      const failure = own ? { error: own, retry: false, short: '' } : classify(error, state, target, limits);
      const wait = failure.retry && tryNumber <= limits.retries ? waitBefore(tryNumber, state, limits) : null;
      if (wait === null || wait > limits.maxRetryWaitMs) throw finalError(failure.error, wait);
      options.onRetry?.({ reason: failure.short, waitMs: wait, attempt: tryNumber + 1 });
      await sleep(wait, signal).catch(() => {
        throw cancelled(target);
      });
    } finally {
      clearTimeout(timer);
    }
  }
}

interface Classified {
  readonly error: ProviderError;
  /** Worth another try. */
  readonly retry: boolean;
  /** For the retry notice. */
  readonly short: string;
}

function fail(
  reason: FailureReason,
  message: string,
  target: CallTarget,
  retry = false,
  short = '',
): Classified {
  return { error: new ProviderError(reason, scrubKey(message, target.key)), retry, short };
}

function cancelled(target: CallTarget): ProviderError {
  return new ProviderError('cancelled', `The call to ${target.label} was cancelled.`);
}

/** The common reading of a failed try: the HTTP status the fetch saw, or why no answer came. */
function classify(error: unknown, state: TryState, target: CallTarget, limits: CallLimits): Classified {
  const { label, model } = target;
  if (state.timedOut === 'connect') {
    return fail(
      'unreachable',
      `${label} did not answer within ${seconds(limits.connectTimeoutMs)}; check that the server runs and the URL is right.`,
      target,
      true,
      'the server did not answer',
    );
  }
  if (state.timedOut === 'total') {
    return fail(
      'timed-out',
      `${label} did not finish its answer within ${seconds(limits.totalTimeoutMs)}.`,
      target,
      true,
      'the answer took too long',
    );
  }
  const status = state.status;
  if (status === null || status < 400) {
    if (state.networkError !== null || status === null) {
      return fail(
        'unreachable',
        `Could not reach ${label} (${state.networkError ?? 'no answer'}); check that the server runs and the URL is right.`,
        target,
        true,
        'could not reach the server',
      );
    }
    return fail('server-error', `${label} stopped in the middle of its answer: ${messageOf(error)}`, target);
  }
  if (status === 401 || status === 403) {
    // The server's own words are left out: some repeat part of the key.
    return fail(
      'wrong-key',
      `${label} refused the key (HTTP ${status}); check the key in the environment variable or the saved key.`,
      target,
    );
  }
  if (status === 404) {
    return fail(
      'unknown-model',
      `${label} has no model "${model}" (HTTP 404); list its models with "altlens providers test", or check the URL.`,
      target,
    );
  }
  if (status === 429) {
    return fail(
      'rate-limited',
      `${label} is rate limiting these calls (HTTP 429)${retryAfterText(state)}.`,
      target,
      true,
      'rate limited',
    );
  }
  if (status >= 500) {
    return fail(
      'server-error',
      `${label} had an error (HTTP ${status}): ${messageOf(error)}`,
      target,
      true,
      `the server had an error (${status})`,
    );
  }
  return fail('bad-request', `${label} refused the request (HTTP ${status}): ${messageOf(error)}`, target);
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}

function retryAfterText(state: TryState): string {
  const wait = retryAfterMs(state.headers);
  return wait === null ? '' : `; it says to try again in ${seconds(wait)}`;
}

function finalError(error: ProviderError, wait: number | null): ProviderError {
  if (error.reason !== 'rate-limited' || wait === null) return error;
  const when = new Date(Date.now() + wait).toISOString();
  return new ProviderError('rate-limited', `${error.message.replace(/\.$/, '')}; try again after ${when}.`);
}

/** The wait before the next try: the server's Retry-After when it gives one, else doubling backoff. */
function waitBefore(tryNumber: number, state: TryState, limits: CallLimits): number {
  const asked = retryAfterMs(state.headers);
  if (asked !== null) return asked;
  return limits.backoffMs * 2 ** (tryNumber - 1);
}

/** Retry-After as milliseconds: `retry-after-ms`, or `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | null, now: number = Date.now()): number | null {
  const ms = Number(headers?.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function seconds(ms: number): string {
  const value = ms / 1000;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} s`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** At most `limit` calls at once to one provider; the rest wait their turn in order. */
export class CallLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

/** The call options a describe request carries: its cancellation and who hears of retries. */
export function requestCallOptions(request: DescribeRequest): Pick<CallOptions, 'signal' | 'onRetry'> {
  return {
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.onRetry ? { onRetry: request.onRetry } : {}),
  };
}

// The one interface every way of describing a photo goes through (issue 13): the on-device engine and the
// model providers (Ollama, OpenAI-compatible servers, Anthropic). Each provider is one file beside this one.
import { ProviderKind } from '../../../contract/api.js';
import type { PromptRequest } from '../captioning/prompt.js';

/** The kinds of model provider AltLens speaks to (declared once, in the contract). */
export { ProviderKind };

/** What a provider is asked for: short alt text, a longer description, or an answer to a question. */
export type ProviderTask = 'alt' | 'extended' | 'question';

/** A wait before the next try, said to the person while it lasts. */
export interface RetryNotice {
  /** Why the last try failed, in plain words ("rate limited", "the server had an error (503)"). */
  readonly reason: string;
  readonly waitMs: number;
  /** The try that comes after the wait, counted from 2. */
  readonly attempt: number;
}

export interface DescribeRequest {
  readonly task: ProviderTask;
  /** The photo's file. */
  readonly path: string;
  /** The person's question, for the `question` task. */
  readonly question?: string;
  /** The alt text's length limit in characters. */
  readonly maxLength?: number;
  /** The style and context of the prompt, as the on-device models get them (styled-caption.ts). */
  readonly style?: Omit<PromptRequest, 'task' | 'question' | 'maxLength'>;
  /**
   * The instruction, already built by the one prompt builder (the styled caption path builds it, and a
   * shorter retry's); when absent it is built here from the task, style and length limit.
   */
  readonly prompt?: string;
  /** Cancels the call (the queue's pause or cancel). */
  readonly signal?: AbortSignal;
  /** Hears the answer's pieces as they come (free-text answers: the question task). */
  readonly onToken?: (text: string) => void;
  /** Hears each wait before a retry. */
  readonly onRetry?: (notice: RetryNotice) => void;
}

/** Tokens a provider says it used for one call. */
export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface DescribeResult {
  /** The text the task asked for (alt text, the extended description, or the answer), cleaned. */
  readonly text: string;
  /** Parts of a structured answer, where the provider gave one (null when it was free text). */
  readonly altText: string | null;
  readonly extendedDescription: string | null;
  /** The text visible in the photo, as the model read it ('' when none). */
  readonly visibleText: string;
  /** The model stopped at its token limit before it ended its answer. */
  readonly stoppedAtTokenLimit: boolean;
  /** Tokens used, where the API reports them. */
  readonly usage: TokenUsage | null;
  /** The model that answered, as the provider names it. */
  readonly model: string;
  /** The photo left this machine for this answer. */
  readonly remote: boolean;
}

/** One way of describing photos. */
export interface DescriptionProvider {
  /** How results name where they came from: "ollama", "openai", "anthropic" or "on-device". */
  readonly kind: ProviderKind | 'on-device';
  /** Where photos go, for people: "Ollama at http://127.0.0.1:11434". */
  readonly label: string;
  /** Photos sent to it leave the AltLens process (to a server, local or not). */
  readonly remote: boolean;
  /** Photos it works on at once (the others wait their turn). */
  readonly concurrency: number;
  describe(request: DescribeRequest): Promise<DescribeResult>;
  /** The models it offers ("Test connection"). */
  listModels(signal?: AbortSignal): Promise<string[]>;
}

/** One clear reason per failure (issue 13 §3). */
export type FailureReason =
  | 'wrong-key'
  | 'unknown-model'
  | 'unreachable'
  | 'timed-out'
  | 'refused-content'
  | 'rate-limited'
  | 'server-error'
  | 'bad-request'
  | 'bad-answer'
  | 'cancelled';

/** A provider call failed; the message says why in plain words and never holds a key. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** How one provider is reached. */
export interface ProviderOptions {
  /** The API's base URL (for openai it includes the /v1). */
  readonly url: string;
  readonly model: string;
  /** The key, read from the environment or the key file (never from the library). */
  readonly key: string | null;
  /** Calls at once to it (default 1 for Ollama, 4 for remote APIs). */
  readonly concurrency?: number;
}

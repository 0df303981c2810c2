// `altlens caption --provider ...` and `altlens ask --provider ...`: the same style, prompt and clean-up as
// on this computer, the photo sent to the provider as a JPEG without metadata. With --store the alt text is
// stored as generated, needs review, its provenance naming the provider and model (the library holds no key).
import type { PromptRequest } from '../core/captioning/prompt.js';
import {
  captionWithProvider,
  type CaptionsProvider,
  type ProviderCaptionResult,
} from '../core/providers/provider-captions.js';
import type { CliIo } from './options.js';
import { retryNotices } from './provider-flags.js';

/** One photo's alt text from the provider, in the settings' style; waits before retries said on stderr. */
export async function captionThroughProvider(
  io: CliIo,
  { provider, origin }: CaptionsProvider,
  path: string,
  options: { ocr: boolean; request: PromptRequest },
): Promise<ProviderCaptionResult> {
  const result = await captionWithProvider(provider, origin, path, { ...options, onRetry: retryNotices(io) });
  if (result.stoppedAtTokenLimit) {
    io.err(
      `  ${path}: the model stopped at its token limit before it finished; the text may be incomplete.\n`,
    );
  }
  return result;
}

/** Answers a question about the photo through the provider (the answer streamed to stdout unless --json). */
export async function askThroughProvider(
  io: CliIo,
  { provider }: CaptionsProvider,
  path: string,
  question: string,
  json: boolean,
): Promise<void> {
  io.err(`Asking ${provider.label} (the photo is sent as a JPEG without metadata).\n`);
  const started = performance.now();
  const result = await provider.describe({
    task: 'question',
    path,
    question,
    onRetry: retryNotices(io),
  });
  const ms = Math.round(performance.now() - started);
  if (result.stoppedAtTokenLimit) {
    io.err('  The model stopped at its token limit before it finished; the answer may be incomplete.\n');
  }
  io.out(
    json
      ? `${JSON.stringify({ path, question: question.trim(), answer: result.text, model: result.model, device: provider.label, ms, remote: true, usage: result.usage })}\n`
      : `${result.text}\n`,
  );
}

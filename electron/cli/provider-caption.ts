// `altlens caption --provider ...` and `altlens ask --provider ...`: the same style, prompt and clean-up as
// on this computer, the photo sent to the provider as a JPEG without metadata. With --store the alt text is
// stored as generated, needs review, its provenance naming the provider and model (the library holds no key).
import { buildPrompt, type PromptRequest } from '../core/captioning/prompt.js';
import { altTextRequest, type StyleOptions } from '../core/captioning/styled-caption.js';
import {
  captionWithProvider,
  failsEveryPhoto,
  type CaptionsProvider,
  type ProviderCaptionResult,
} from '../core/providers/provider-captions.js';
import type { TokenUsage } from '../core/providers/provider.js';
import {
  captionAll,
  photoContext,
  type CaptionedLine,
  type HeldFiles,
  type OutputOptions,
} from './caption-output.js';
import type { CliIo } from './options.js';
import { retryNotices } from './provider-flags.js';

/** How `caption --provider` is asked to write, on top of how its results are printed and stored. */
export interface ProviderCaptionOptions extends OutputOptions {
  readonly note?: string;
  readonly ocr: boolean;
  readonly style: StyleOptions;
}

/**
 * `altlens caption --provider ...`: alt text (or with `--task extended` a longer description) for each
 * file from the provider, printed and with --store stored as on-device captions are; the tokens used in
 * all said at the end where the API reports them. A failure every photo would meet stops the run.
 */
export async function captionFilesThroughProvider(
  io: CliIo,
  chosen: CaptionsProvider,
  files: readonly string[],
  options: ProviderCaptionOptions,
  held: HeldFiles | null,
): Promise<void> {
  if (options.task === 'ocr') {
    throw new Error(
      '--provider reads the text in a photo with each alt text (ocrText); --task ocr is Florence-2 on this ' +
        'computer: leave out --provider, or --task.',
    );
  }
  const what = options.task === 'alt' ? 'Captioning' : 'Writing extended descriptions of';
  io.err(
    `${what} ${files.length} image(s) with ${chosen.provider.label}: each photo is sent there as a JPEG ` +
      'without metadata.\n',
  );
  const total = { inputTokens: 0, outputTokens: 0, reported: false };
  const count = (usage: TokenUsage | null) => {
    if (!usage) return;
    total.inputTokens += usage.inputTokens;
    total.outputTokens += usage.outputTokens;
    total.reported = true;
  };
  try {
    await captionAll(io, files, options, held, async (path) => {
      const request = altTextRequest(options.style, photoContext(held, path, options.note));
      try {
        const line =
          options.task === 'alt'
            ? await altTextLine(io, chosen, path, { ocr: options.ocr, request })
            : await extendedLine(io, chosen, path, request);
        count(line.usage ?? null);
        return line;
      } catch (error) {
        // A wrong key or a dead server would fail every photo: stop with its one line.
        if (failsEveryPhoto(error)) throw error;
        return { path, error: error instanceof Error ? error.message : String(error) };
      }
    });
  } finally {
    if (total.reported) {
      io.err(`Tokens used in all: ${total.inputTokens} in, ${total.outputTokens} out.\n`);
    }
  }
}

async function altTextLine(
  io: CliIo,
  chosen: CaptionsProvider,
  path: string,
  options: { ocr: boolean; request: PromptRequest },
): Promise<CaptionedLine> {
  const result = await captionThroughProvider(io, chosen, path, options);
  const { text, model, device, durationMs, ocrText, provenance } = result.caption;
  const made = { model, device, ms: durationMs, provenance: provenance ?? null, usage: result.usage };
  return { path, altText: text, ocrText, ...made };
}

/** A longer description in the same style and context, as the app's "Write extended description" asks. */
async function extendedLine(
  io: CliIo,
  { provider }: CaptionsProvider,
  path: string,
  request: PromptRequest,
): Promise<CaptionedLine> {
  const started = performance.now();
  const prompt = buildPrompt({ ...request, task: 'extended' });
  const result = await provider.describe({ task: 'extended', path, prompt, onRetry: retryNotices(io) });
  warnIfCut(io, path, result.stoppedAtTokenLimit);
  const ms = Math.round(performance.now() - started);
  const made = { model: result.model, device: provider.label, ms, provenance: null, usage: result.usage };
  return { path, altText: result.text, ocrText: '', ...made };
}

function warnIfCut(io: CliIo, path: string, cut: boolean): void {
  if (cut) {
    io.err(
      `  ${path}: the model stopped at its token limit before it finished; the text may be incomplete.\n`,
    );
  }
}

/** One photo's alt text from the provider, in the settings' style; waits before retries said on stderr. */
export async function captionThroughProvider(
  io: CliIo,
  { provider, origin }: CaptionsProvider,
  path: string,
  options: { ocr: boolean; request: PromptRequest },
): Promise<ProviderCaptionResult> {
  const result = await captionWithProvider(provider, origin, path, { ...options, onRetry: retryNotices(io) });
  warnIfCut(io, path, result.stoppedAtTokenLimit);
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

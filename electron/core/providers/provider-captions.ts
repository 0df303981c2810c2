// A model provider on the styled caption path (styled-caption.ts): the same prompt from the one prompt
// builder, the same shorter retry, cut and merge of the text found, as the on-device engine gets; the
// provider's visible text stands for the OCR text, and the provenance says where the photo went.
import type { CaptionProvenance } from '../../../contract/style.js';
import type { PromptRequest } from '../captioning/prompt.js';
import {
  captionInStyle,
  type Caption,
  type CaptionMaker,
  type StyledCaption,
} from '../captioning/styled-caption.js';
import type { ModelCaption } from '../library/store.js';
import {
  ProviderError,
  type DescribeRequest,
  type DescriptionProvider,
  type ProviderKind,
  type TokenUsage,
} from './provider.js';

/** A provider's caption: where it was made (the provider, for people), its model and the tokens it used. */
export interface ProviderCaption extends Caption {
  readonly device: string;
  readonly model: string;
  readonly usage: TokenUsage | null;
}

/** What a caller may hook into each call: cancelling it, hearing each wait before a retry. */
export type CallHooks = Pick<DescribeRequest, 'signal' | 'onRetry'>;

/** The provider as a caption maker for one photo: each call sends it with the prompt given. */
export function providerCaptioner(
  provider: DescriptionProvider,
  hooks: CallHooks = {},
): CaptionMaker<ProviderCaption> {
  // A shorter retry's tokens add to the first answer's: the usage returned is the photo's so far.
  let used: TokenUsage | null = null;
  return {
    async caption(path, { ocr, prompt }) {
      const started = performance.now();
      const result = await provider.describe({ task: 'alt', path, prompt, ...hooks });
      if (result.usage) {
        used = {
          inputTokens: (used?.inputTokens ?? 0) + result.usage.inputTokens,
          outputTokens: (used?.outputTokens ?? 0) + result.usage.outputTokens,
        };
      }
      return {
        caption: result.text,
        stoppedAtTokenLimit: result.stoppedAtTokenLimit,
        ocrText: ocr ? result.visibleText : '',
        ms: { decode: 0, ocr: 0, inference: Math.round(performance.now() - started) },
        device: provider.label,
        model: result.model,
        usage: used,
      };
    },
  };
}

/** Which provider made a caption: its kind, and the saved provider's name (null for a one-off). */
export interface CaptionOrigin {
  readonly kind: ProviderKind;
  readonly name: string | null;
}

/** A provider ready to make captions: what calls it, how provenance names it, the model it runs. */
export interface CaptionsProvider {
  readonly provider: DescriptionProvider;
  readonly origin: CaptionOrigin;
  readonly model: string;
}

/** The styled caption's provenance, marked as made by the provider: where the photo went, which model. */
export function markedRemote(
  caption: StyledCaption<ProviderCaption>,
  origin: CaptionOrigin,
): CaptionProvenance {
  const { kind, name } = origin;
  return {
    ...caption.provenance,
    remote: { kind, destination: caption.device, provider: name, model: caption.model },
  };
}

/** A provider's alt text for one photo, as the library stores it, and what the call reported. */
export interface ProviderCaptionResult {
  readonly caption: ModelCaption;
  readonly usage: TokenUsage | null;
  readonly stoppedAtTokenLimit: boolean;
}

/** A photo's alt text in the settings' style from a provider (saved, or given for once). */
export async function captionWithProvider(
  provider: DescriptionProvider,
  origin: CaptionOrigin,
  path: string,
  options: { ocr: boolean; request: PromptRequest } & CallHooks,
): Promise<ProviderCaptionResult> {
  const started = performance.now();
  const { ocr, request, ...hooks } = options;
  const result = await captionInStyle(providerCaptioner(provider, hooks), path, {
    ocr,
    request,
    prompted: true,
  });
  return {
    caption: {
      text: result.altText,
      model: result.model,
      device: result.device,
      durationMs: Math.round(performance.now() - started),
      ocrText: result.ocrText,
      provenance: markedRemote(result, origin),
    },
    usage: result.usage,
    stoppedAtTokenLimit: result.stoppedAtTokenLimit,
  };
}

/** A failure every photo sent to the provider would meet (a wrong key, an unknown model, a dead server). */
export function failsEveryPhoto(error: unknown): boolean {
  return (
    error instanceof ProviderError &&
    (error.reason === 'wrong-key' || error.reason === 'unknown-model' || error.reason === 'unreachable')
  );
}

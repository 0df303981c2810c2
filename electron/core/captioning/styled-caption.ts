// Alt text in the person's style, with the context they allow (issue 12): the prompt request for one photo
// from the settings, its folder and what its file already holds; the caption made with it (one retry asking
// for a shorter text when it is over the limit, then cut at a sentence end and flagged); and the record of
// what made it (provenance), stored with the description and shown in the review panel. Runs on the app
// side, so every model and provider gets the same prompt.
import { basename, dirname } from 'node:path';
import type { FoundMetadata } from '../../../contract/api.js';
import type { CaptionProvenance, FolderContext } from '../../../contract/style.js';
import { mergeTextIntoAltText } from '../ocr/alt-text-merge.js';
import type { Settings } from '../settings.js';
import { fitToLength } from './answer-cleaner.js';
import type { EngineCaption } from './caption-engine.js';
import { buildPrompt, lengthLimit, type PromptRequest } from './prompt.js';
import { contextEntries, DEFAULT_LANGUAGE, type PromptContext } from './prompt-context.js';

/** Metadata fields whose values may describe the photo (alt text already there is the description itself). */
const DESCRIBING_FIELDS = new Set([
  'Description',
  'ImageDescription',
  'Caption-Abstract',
  'ExtDescrAccessibility',
]);

/** What the person's settings and the photo's folder allow a prompt to carry about one photo. */
export interface PhotoContext {
  readonly path: string;
  /** The folder's context (none: no note, identity words not allowed). */
  readonly folder?: Pick<FolderContext, 'note' | 'allowIdentity'> | undefined;
  /** What the file's metadata held when it was read. */
  readonly found?: readonly FoundMetadata[] | undefined;
}

export type StyleOptions = Pick<
  Settings,
  'altTextMaxLength' | 'altTextLanguage' | 'contextFolderName' | 'contextFileName' | 'contextMetadata'
>;

/** The alt-text prompt request for one photo: the style settings and the context the person allows. */
export function altTextRequest(style: StyleOptions, photo: PhotoContext): PromptRequest {
  const context: PromptContext = {
    folderName: style.contextFolderName ? basename(dirname(photo.path)) : null,
    fileName: style.contextFileName ? basename(photo.path) : null,
    metadata: style.contextMetadata
      ? (photo.found ?? []).filter((entry) => DESCRIBING_FIELDS.has(entry.field))
      : [],
    note: photo.folder?.note ?? null,
  };
  return {
    task: 'alt',
    maxLength: style.altTextMaxLength,
    language: style.altTextLanguage,
    allowIdentity: photo.folder?.allowIdentity ?? false,
    context,
  };
}

/** What the styled path needs of a caption: the engine's (EngineCaption), or a provider's (provider-captions.ts). */
export type Caption = Pick<EngineCaption, 'caption' | 'stoppedAtTokenLimit' | 'ocrText' | 'ms'>;

/** What makes captions from a written prompt: the engine, or a model provider. */
export interface CaptionMaker<C extends Caption> {
  caption(
    path: string,
    options: {
      ocr: boolean;
      prompt: string;
      textReader?: 'paddle' | 'model';
      onToken?: (text: string) => void;
    },
  ): Promise<C>;
}

export type StyledCaption<C extends Caption = EngineCaption> = C & {
  /** The alt text: the model's answer within the limit, with the text found in the photo merged in. */
  readonly altText: string;
  readonly provenance: CaptionProvenance;
};

/**
 * Captions one photo with the prompt built from `request`. A prompted model whose answer is over the limit is
 * asked once more, for a shorter one; what is still over the limit is cut at a sentence end (or a word) and
 * flagged. A model that takes no prompt is not asked again: it would answer the same.
 */
export async function captionInStyle<C extends Caption>(
  engine: CaptionMaker<C>,
  path: string,
  options: {
    ocr: boolean;
    request: PromptRequest;
    prompted: boolean;
    /** Who reads the text in the photo: PaddleOCR, or the model where it can (Florence-2's <OCR>). */
    textReader?: 'paddle' | 'model';
    /** Hears the answer's pieces as they are written (a retry's pieces follow the first answer's). */
    onToken?: (text: string) => void;
  },
): Promise<StyledCaption<C>> {
  const { request, prompted, textReader, onToken } = options;
  const limit = lengthLimit(request.maxLength);
  const streaming = { ...(textReader ? { textReader } : {}), ...(onToken ? { onToken } : {}) };
  const first = await engine.caption(path, { ocr: options.ocr, prompt: buildPrompt(request), ...streaming });
  let result: C = first;
  let retriedShorter = false;
  const length = (text: string) => Array.from(text).length;
  if (prompted && length(first.caption) > limit) {
    retriedShorter = true;
    const prompt = buildPrompt({ ...request, tooLong: length(first.caption) });
    // The text in the photo was read the first time.
    const second = await engine.caption(path, { ocr: false, prompt, ...streaming });
    result = { ...second, ocrText: first.ocrText, ms: { ...second.ms, ocr: first.ms.ocr } };
  }
  const fitted = fitToLength(result.caption, limit);
  return {
    ...result,
    altText: mergeTextIntoAltText(fitted.text, result.ocrText, { targetLength: limit }),
    provenance: provenanceOf(request, { prompted, retriedShorter, cutToLength: fitted.cut }),
  };
}

/** The record of what made a description: the prompt request's settings and context, and what was done. */
export function provenanceOf(
  request: PromptRequest,
  made: Pick<CaptionProvenance, 'prompted' | 'retriedShorter' | 'cutToLength'>,
): CaptionProvenance {
  return {
    prompted: made.prompted,
    maxLength: lengthLimit(request.maxLength),
    language: request.language ?? DEFAULT_LANGUAGE,
    allowIdentity: request.allowIdentity ?? false,
    context: made.prompted && request.context ? contextEntries(request.context) : [],
    retriedShorter: made.retriedShorter,
    cutToLength: made.cutToLength,
  };
}

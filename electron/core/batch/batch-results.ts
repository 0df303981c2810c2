// A batch job's results taken back into the library (issue 13 §6, `altlens import-results FILE`): one JSON
// line per photo, `{id or path, altText, extendedDescription?, model?}`, each checked (zod) and cleaned by
// the one answer cleaner, cut to the length limit, and stored as generated, needs review — never approved,
// and never over a description a person wrote or approved (unqueued-results.ts keeps those). Provenance:
// the batch job's model, and the style settings and context of the photo's prompt (the manifest's).
import { resolve } from 'node:path';
import { z } from 'zod';
import { cleanAnswer, fitToLength } from '../captioning/answer-cleaner.js';
import { lengthLimit } from '../captioning/prompt.js';
import { altTextRequest, provenanceOf } from '../captioning/styled-caption.js';
import type { ImageDetail } from '../../../contract/api.js';
import type { Library } from '../library/library.js';
import type { ModelCaption } from '../library/store.js';
import { storeCaption } from '../library/unqueued-results.js';

/** How stored results name where they were made (the review panel shows it beside the model). */
export const BATCH_DEVICE = 'batch job';
/** A line longer than this is refused, not parsed. */
const MAX_LINE_LENGTH = 1_000_000;
/** Lines stored in one transaction. */
const CHUNK = 500;

/** One line of a results file. */
export const BatchResult = z
  .object({
    id: z.number().int().positive().optional(),
    path: z.string().min(1).optional(),
    altText: z.string().max(10_000),
    extendedDescription: z.string().max(20_000).nullable().optional(),
    model: z.string().trim().min(1).max(200).optional(),
  })
  .refine((line) => line.id !== undefined || line.path !== undefined, {
    message: 'give the photo\'s "id" (from the manifest) or its "path"',
  });
export type BatchResult = z.infer<typeof BatchResult>;

export interface ImportOutcome {
  /** Lines read (blank lines not counted). */
  readonly lines: number;
  /** Descriptions stored as generated, needs review. */
  readonly stored: number;
  /** Photos whose description a person wrote or approved: kept, the result not stored. */
  readonly kept: { line: number; path: string }[];
  /** Results for photos the library does not hold: reported, not stored. */
  readonly unknown: { line: number; photo: string }[];
  /** Lines that could not be read, each with why. */
  readonly bad: { line: number; message: string }[];
  /** The models the stored descriptions name. */
  readonly models: string[];
}

interface Ready {
  readonly line: number;
  readonly image: ImageDetail;
  readonly caption: ModelCaption;
}

/**
 * Reads the lines of a results file and stores each good one. `model` names the model for lines that do
 * not name their own.
 */
export async function importBatchResults(
  library: Library,
  lines: AsyncIterable<string>,
  options: { model?: string | undefined } = {},
): Promise<ImportOutcome> {
  const style = library.settings.read();
  const kept: ImportOutcome['kept'] = [];
  const unknown: ImportOutcome['unknown'] = [];
  const bad: ImportOutcome['bad'] = [];
  const models = new Set<string>();
  let stored = 0;
  let read = 0;
  let ready: Ready[] = [];
  const flush = () => {
    library.transaction(() => {
      for (const { line, image, caption } of ready) {
        if (storeCaption(library, image.id, caption, false)) {
          stored += 1;
          models.add(caption.model);
        } else kept.push({ line, path: image.path });
      }
    });
    ready = [];
  };
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') continue;
    read += 1;
    const parsed = readLine(library, text, number, options.model);
    if ('bad' in parsed) bad.push({ line: number, message: parsed.bad });
    else if ('unknown' in parsed) unknown.push({ line: number, photo: parsed.unknown });
    else {
      const { image, result, model } = parsed;
      const request = altTextRequest(style, {
        path: image.path,
        folder: library.folderContexts.ofImage(image.id),
        found: image.foundInFile,
      });
      const fitted = fitToLength(
        cleanAnswer(result.altText, { stoppedAtTokenLimit: false }),
        lengthLimit(request.maxLength),
      );
      if (fitted.text === '') {
        bad.push({ line: number, message: 'its "altText" is empty' });
        continue;
      }
      const extended = cleanAnswer(result.extendedDescription ?? '', { stoppedAtTokenLimit: false });
      ready.push({
        line: number,
        image,
        caption: {
          text: fitted.text,
          model,
          device: BATCH_DEVICE,
          durationMs: 0,
          ocrText: '',
          provenance: provenanceOf(request, {
            prompted: true,
            retriedShorter: false,
            cutToLength: fitted.cut,
          }),
          ...(extended === '' ? {} : { extDescription: extended }),
        },
      });
      if (ready.length >= CHUNK) flush();
    }
  }
  flush();
  return { lines: read, stored, kept, unknown, bad, models: [...models] };
}

type ReadLine =
  { bad: string } | { unknown: string } | { image: ImageDetail; result: BatchResult; model: string };

/** One line parsed, checked and matched to its photo. */
function readLine(library: Library, text: string, number: number, model: string | undefined): ReadLine {
  if (text.length > MAX_LINE_LENGTH) return { bad: `it is longer than ${MAX_LINE_LENGTH} characters` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { bad: `it is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = BatchResult.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? `"${issue.path.join('.')}": ` : '';
    return { bad: `${field}${issue?.message ?? 'not a result line'}` };
  }
  const result = parsed.data;
  const named = result.model ?? model;
  if (named === undefined)
    return { bad: 'it names no model: add "model" to the line, or give --model for the whole file' };
  const byId = result.id === undefined ? undefined : library.findImage(result.id);
  const byPath = result.path === undefined ? undefined : library.findImageByPath(resolve(result.path));
  if (result.id !== undefined && result.path !== undefined && byId && byId.path !== resolve(result.path))
    return { bad: `photo ${result.id} is ${byId.path}, not ${result.path}` };
  const image = byId ?? byPath;
  if (!image)
    return {
      unknown: result.id !== undefined ? `photo ${result.id}` : (result.path ?? `line ${number}`),
    };
  return { image, result, model: named };
}

// What `altlens caption` does with each photo's result, whoever made it (a model here or a provider): the
// line it prints (text or --json), and with --store the caption stored in the library as generated, needs
// review.
import { dirname } from 'node:path';
import type { CaptionProvenance } from '../../contract/style.js';
import type { Library } from '../core/library/library.js';
import { storeCaption } from '../core/library/unqueued-results.js';
import type { TokenUsage } from '../core/providers/provider.js';
import { addHint, openExistingLibrary } from './library-access.js';
import type { CliIo } from './options.js';
import { progressLine } from './progress.js';

/** What `--task` asks the model for: alt text, a longer description, or the text in the photo. */
export const TASKS = ['alt', 'extended', 'ocr'] as const;
export type Task = (typeof TASKS)[number];

/** The flags that say how results are printed and stored. */
export interface OutputOptions {
  readonly task: Task;
  readonly json?: boolean;
  readonly force?: boolean;
}

/** A library and the id in it of each file to caption (`--store`). */
export interface HeldFiles {
  readonly library: Library;
  readonly ids: ReadonlyMap<string, number>;
}

/** Captions the files one by one with `one` and prints each result; with a library, stores each caption in it. */
export async function captionAll(
  io: CliIo,
  files: readonly string[],
  options: OutputOptions,
  held: HeldFiles | null,
  one: (path: string) => Promise<CaptionLine>,
): Promise<void> {
  let failed = 0;
  let kept = 0;
  for (const [index, path] of files.entries()) {
    const line = await one(path);
    if ('error' in line) failed += 1;
    const stored = held && !('error' in line) ? store(held, line, options.force ?? false) : null;
    if (stored === false) kept += 1;
    io.out(
      options.json
        ? `${JSON.stringify(stored === null ? printed(line, options.task) : { ...printed(line, options.task), stored })}\n`
        : `${path}\t${'error' in line ? `error: ${line.error}` : line.altText}\n`,
    );
    if (stored === false)
      io.err(
        `  ${path}: not stored, it has a description a person wrote or approved (--force replaces it)\n`,
      );
    if (files.length > 1) io.err(progressLine(index + 1, files.length, io.errIsTerminal ?? false));
  }
  if (held) {
    const stored = files.length - failed - kept;
    io.err(
      `Stored ${stored} caption(s) in the library as generated, needs review; kept ${kept} a person wrote or approved.\n`,
    );
  }
  if (failed > 0) throw new Error(`${failed} of ${files.length} image(s) could not be captioned.`);
}

/** A result line as --json prints it: each task's text under its own name (the provenance is stored, not printed). */
function printed(line: CaptionLine, task: Task): object {
  if ('error' in line) return line;
  const { path, altText, ocrText, model, device, ms, usage } = line;
  const text =
    task === 'alt'
      ? { altText, ocrText }
      : task === 'extended'
        ? { extDescription: altText }
        : { ocrText: altText };
  const remote = usage === undefined ? {} : { remote: true, usage };
  return { path, ...text, model, device, ms, ...remote };
}

/**
 * The data dir's library, for `--store`: each file must be in it, or nothing is captioned (a caption that
 * could not be stored would be work lost).
 */
export function libraryHolding(dataDir: string | undefined, files: readonly string[]): HeldFiles {
  const library = openExistingLibrary(dataDir);
  const ids = new Map<string, number>();
  for (const path of files) {
    const id = library?.findImageByPath(path)?.id;
    if (id !== undefined) ids.set(path, id);
  }
  const outside = files.filter((path) => !ids.has(path));
  if (library && outside.length === 0) return { library, ids };
  library?.close();
  const [first] = outside;
  throw new Error(
    `${outside.length === 1 ? first : `${outside.length} of the ${files.length} images, ${first} first,`} ` +
      `${outside.length === 1 ? 'is' : 'are'} not in the library: add ${addHint(dirname(first ?? ''))}, ` +
      'or caption without --store.',
  );
}

/** Stores a caption made here as the photo's caption job's result; false when a person's text was kept. */
function store({ library, ids }: HeldFiles, line: CaptionedLine, force: boolean): boolean {
  const imageId = ids.get(line.path);
  if (imageId === undefined) throw new Error(`${line.path} is no longer in the library.`);
  return storeCaption(
    library,
    imageId,
    {
      text: line.altText,
      model: line.model,
      device: line.device,
      durationMs: line.ms,
      ocrText: line.ocrText,
      provenance: line.provenance ?? undefined,
    },
    force,
  );
}

/** The folder note and metadata a photo's prompt may carry: from the library with --store, --note over it. */
export function photoContext(held: HeldFiles | null, path: string, note: string | undefined) {
  const imageId = held?.ids.get(path);
  const folder = imageId === undefined ? undefined : held?.library.folderContexts.ofImage(imageId);
  const found = imageId === undefined ? undefined : held?.library.findImage(imageId)?.foundInFile;
  return {
    path,
    folder: { note: note ?? folder?.note ?? '', allowIdentity: folder?.allowIdentity ?? false },
    found,
  };
}

export interface CaptionedLine {
  path: string;
  /** The alt text, or with --task the task's text (the extended description, the text read). */
  altText: string;
  ocrText: string;
  model: string;
  device: string;
  ms: number;
  /** Stored with --store (alt text only); not printed. */
  provenance: CaptionProvenance | null;
  /** Tokens a provider said it used (--provider), printed where the API reports them. */
  usage?: TokenUsage | null;
}

export type CaptionLine = CaptionedLine | { path: string; error: string };

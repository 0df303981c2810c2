// The manifest of a batch job (issue 13 §6, `altlens export --format jsonl --for-batch`): one JSON line per
// photo that has no description yet, with what a job on a cluster (Ray Data, docs/ray-batch-example.py)
// needs to describe it as AltLens would — the prompt from the one prompt builder in the person's style and
// with the context they allow, and the photo as a provider gets it (a metadata-free JPEG of at most
// 1,536 px, photo.ts), written as its own file in a folder beside the manifest.
//
// Files rather than base64 in the lines: a manifest of a large archive stays small enough to read, split
// and hand out (Ray reads it in blocks), the JPEGs travel to the cluster's storage as they are, a third
// smaller than base64, and a job reads each one only when it describes it.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { buildPrompt, lengthLimit } from '../captioning/prompt.js';
import { altTextRequest } from '../captioning/styled-caption.js';
import type { Library } from '../library/library.js';
import { photoToSend } from '../providers/photo.js';

/** One photo of a manifest, as its line holds it. */
export interface ManifestLine {
  /** The photo's id in the library (what `altlens import-results` matches results by). */
  readonly id: number;
  /** Where the photo is on this machine. */
  readonly path: string;
  /** The JPEG to describe, relative to the manifest's folder ("batch-images/12.jpg"). */
  readonly image: string;
  readonly width: number;
  readonly height: number;
  /** The alt-text instruction, and the extended description's, in the person's style. */
  readonly prompt: string;
  readonly extendedPrompt: string;
  /** The alt text's length limit in characters (the import cuts longer text to it). */
  readonly maxLength: number;
}

export interface ManifestOptions {
  /** The manifest file to write. */
  readonly out: string;
  /** Only the photos under this added folder. */
  readonly folderPath?: string | undefined;
  /** Photos re-encoded at once. */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ManifestResult {
  readonly manifest: string;
  /** The folder of JPEGs beside it. */
  readonly imagesDir: string;
  readonly written: number;
  /** Photos that could not be read, each with why; they are left out of the manifest. */
  readonly failed: { path: string; error: string }[];
}

/** The folder of a manifest's JPEGs: "archive.jsonl" → "archive-images" beside it. */
export function imagesDirName(manifest: string): string {
  return `${basename(manifest, extname(manifest))}-images`;
}

/**
 * Writes the manifest of every photo without a description (in the folder, when one is given) and its
 * JPEGs. The manifest appears under its name only once it is whole; the JPEGs are named by photo id.
 */
export async function writeBatchManifest(
  library: Library,
  options: ManifestOptions,
): Promise<ManifestResult> {
  const manifest = resolve(options.out);
  const imagesName = imagesDirName(manifest);
  const imagesDir = join(dirname(manifest), imagesName);
  await mkdir(imagesDir, { recursive: true });
  const folderPath = options.folderPath === undefined ? undefined : resolve(options.folderPath);
  const images = [...library.eachImage({ status: 'pending', ...(folderPath ? { folderPath } : {}) })];
  const style = library.settings.read();
  const partial = `${manifest}.${process.pid}.partial`;
  const stream = createWriteStream(partial, { encoding: 'utf8' });
  const failed: ManifestResult['failed'] = [];
  let written = 0;
  let done = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < images.length; index = next++) {
      const image = images[index];
      if (!image) continue;
      try {
        // A camera raw or HEIC file is read through its embedded preview, as the caption engine reads it.
        const decodable = await library.decodable(image.path);
        const photo = await photoToSend(decodable.path);
        await writeFile(join(imagesDir, `${image.id}.jpg`), photo.jpeg);
        const request = altTextRequest(style, {
          path: image.path,
          folder: library.folderContexts.ofImage(image.id),
          found: image.foundInFile,
        });
        const line: ManifestLine = {
          id: image.id,
          path: image.path,
          image: `${imagesName}/${image.id}.jpg`,
          width: photo.width,
          height: photo.height,
          prompt: buildPrompt(request),
          extendedPrompt: buildPrompt({ ...request, task: 'extended' }),
          maxLength: lengthLimit(request.maxLength),
        };
        if (!stream.write(`${JSON.stringify(line)}\n`)) await once(stream, 'drain');
        written += 1;
      } catch (error) {
        failed.push({ path: image.path, error: error instanceof Error ? error.message : String(error) });
      }
      options.onProgress?.(++done, images.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency ?? 2 }, worker));
    await new Promise<void>((resolveEnd, reject) => {
      stream.once('error', reject);
      stream.end(resolveEnd);
    });
    await rename(partial, manifest);
  } catch (error) {
    stream.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  return { manifest, imagesDir, written, failed };
}

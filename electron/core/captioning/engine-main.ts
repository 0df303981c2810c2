// The caption engine process. It loads one model, keeps it loaded, and captions one image at a time.
// It runs apart from the app so that a native crash or an out-of-memory here fails a job, not the app.
// Each model family runs behind its adapter (./adapters/), chosen by config.json's `model_type`.
import { env, RawImage } from '@huggingface/transformers';
import { createOcrEngine, type OcrEngine } from '../ocr/ocr-engine.js';
import { describeImageError } from '../library/probe.js';
import type { DecodeSize, LoadedEmbedder, LoadedModel, LoadOptions } from './adapters/adapter.js';
import { adapterFor, embeddingAdapterFor } from './adapters/registry.js';
import { readEmbeddingFamily, readModelFamily, UnsupportedModelError } from './architectures.js';
import type { SkippedDevice } from './devices.js';
import type { FromEngine } from './engine-protocol.js';
import { ToEngine } from './engine-protocol.js';
import { decodeForModel, type RgbPixels } from './preprocess.js';
import { ANSWER_MAX_NEW_TOKENS, questionProblem } from './question.js';

// Models are loaded from folders on disk only; downloads happen in the app, where they can be verified.
env.allowRemoteModels = false;
env.allowLocalModels = true;

/** At most this many new tokens by task; generation stops there and says so. */
const MAX_NEW_TOKENS = { alt: 40, extended: 200, ocr: 200, question: ANSWER_MAX_NEW_TOKENS } as const;
/** What a model is asked on the blank image that proves a device works (its answer is dropped). */
const WARM_UP_PROMPT = 'Describe this photo.';

/** Why the loaded model cannot run this request, before anything is decoded or run; null when it can. */
function refusal(message: Extract<ToEngine, { type: 'caption' }>, tasks: readonly string[]): string | null {
  if (!tasks.includes(message.task)) {
    return message.task === 'question'
      ? 'This model cannot answer questions about photos.'
      : `This model cannot do the ${message.task} task.`;
  }
  return message.task === 'question' ? questionProblem(message.question ?? '') : null;
}

interface Loaded {
  readonly model: LoadedModel;
  readonly decodeSize: DecodeSize;
}

let model: Loaded | null = null;
let embedder: { readonly embedder: LoadedEmbedder; readonly decodeSize: DecodeSize } | null = null;
let ocr: Promise<OcrEngine> | null = null;
let work: Promise<void> = Promise.resolve();

/** Electron's utilityProcess talks through `process.parentPort`; a Node child through `process.send`. */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}
const parentPort = (process as { parentPort?: ParentPort }).parentPort;

function send(message: FromEngine): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

function onParentMessage(listener: (message: unknown) => void): void {
  if (parentPort) parentPort.on('message', (event) => listener(event.data));
  else process.on('message', listener);
}

/** The readable part of an error: its first line, without onnxruntime's source-location preamble. */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0]?.trim() ?? '';
  return line.replace(/^\S+\.(?:cc|cpp|h):\d+ .*? was false\.\s*/, '') || 'unknown error';
}

/** Loads the model on one device and proves it works there; the returned function makes it the one in use. */
interface Starter {
  readonly decodeSize: DecodeSize;
  start(options: LoadOptions): Promise<() => void>;
}

/** Loads a model, runs `warmUp` on it (disposing it if that fails) and returns it. */
async function loadAndWarm<T extends { dispose(): Promise<void> }>(
  load: () => Promise<T>,
  warmUp: (loaded: T) => Promise<unknown>,
): Promise<T> {
  const loaded = await load();
  try {
    // Some devices accept a session and fail on the first run: prove this one works before using it.
    await warmUp(loaded);
    return loaded;
  } catch (error) {
    await loaded.dispose().catch(() => undefined);
    throw error;
  }
}

/** How to start the folder's model for `purpose`; throws when the folder holds no such model. */
function starterFor(message: Extract<ToEngine, { type: 'load' }>): Starter {
  const { modelDir } = message;
  if (message.purpose === 'embed') {
    const adapter = embeddingAdapterFor(readEmbeddingFamily(modelDir));
    const decodeSize = adapter.decodeSize(modelDir);
    const blank = blankImage(decodeSize);
    return {
      decodeSize,
      async start(options) {
        const loaded = await loadAndWarm(
          () => adapter.load(modelDir, options),
          async (e) => Promise.all([e.embedImages([blank]), e.embedTexts([WARM_UP_PROMPT])]),
        );
        return () => (embedder = { embedder: loaded, decodeSize });
      },
    };
  }
  const adapter = adapterFor(readModelFamily(modelDir));
  const decodeSize = adapter.decodeSize(modelDir);
  return {
    decodeSize,
    async start(options) {
      const loaded = await loadAndWarm(
        () => adapter.load(modelDir, options),
        (m) => {
          const run = { task: m.tasks[0] ?? 'alt', prompt: WARM_UP_PROMPT, image: blankImage(decodeSize) };
          return m.run({ ...run, maxNewTokens: 2 }, () => undefined);
        },
      );
      return () => (model = { model: loaded, decodeSize });
    },
  };
}

async function load(message: Extract<ToEngine, { type: 'load' }>): Promise<void> {
  const started = performance.now();
  const skipped: SkippedDevice[] = [];
  let starter: Starter;
  try {
    starter = starterFor(message);
  } catch (error) {
    const reason =
      error instanceof UnsupportedModelError
        ? error.message
        : `${message.modelDir} is not a model folder (${firstLine(error)}).`;
    send({ type: 'load-failed', kind: 'model', skipped, message: reason });
    return;
  }
  for (const device of message.devices) {
    send({ type: 'trying', device });
    try {
      const use = await starter.start({ device, dtype: message.dtype, threads: message.threads });
      use();
      send({ type: 'loaded', device, skipped, ms: performance.now() - started });
      return;
    } catch (error) {
      skipped.push({ device, reason: firstLine(error) });
    }
  }
  send({
    type: 'load-failed',
    kind: 'devices',
    skipped,
    message: `The model ${message.modelId} could not be loaded on any device.`,
  });
}

function blankImage(size: { width: number; height: number }): RawImage {
  return new RawImage(new Uint8ClampedArray(size.width * size.height * 3), size.width, size.height, 3);
}

/** A decoded image, or why it could not be decoded; never a rejected promise (it may wait unobserved). */
type Decoded = { pixels: RgbPixels; ms: number } | { error: unknown; ms: number };

function startDecode(path: string, size: DecodeSize): Promise<Decoded> {
  const started = performance.now();
  return decodeForModel(path, size).then(
    (pixels) => ({ pixels, ms: performance.now() - started }),
    (error: unknown) => ({ error, ms: performance.now() - started }),
  );
}

async function caption(
  message: Extract<ToEngine, { type: 'caption' }>,
  decoding?: Promise<Decoded>,
): Promise<void> {
  const { requestId } = message;
  if (!model) {
    send({ type: 'failed', requestId, kind: 'engine', message: 'No model is loaded.' });
    return;
  }
  const refused = refusal(message, model.model.tasks);
  if (refused) {
    send({ type: 'failed', requestId, kind: 'request', message: refused });
    return;
  }
  const source = message.decodePath ?? message.path;
  const decoded = await (decoding ?? startDecode(source, model.decodeSize));
  if ('error' in decoded) {
    send({
      type: 'failed',
      requestId,
      kind: 'image',
      // In the scanner's words (the same reason the library shows for a file it could not read).
      message: describeImageError(decoded.error, message.path),
    });
    return;
  }
  const { pixels } = decoded;
  try {
    const t1 = performance.now();
    const image = new RawImage(new Uint8ClampedArray(pixels.data), pixels.width, pixels.height, 3);
    const ocrText = message.ocr ? await readText(message, model.model, image) : '';
    const t2 = performance.now();
    const { task, prompt } = message;
    const maxNewTokens = message.maxNewTokens ?? MAX_NEW_TOKENS[task];
    const result = await model.model.run({ task, prompt, image, maxNewTokens }, (text) =>
      send({ type: 'token', requestId, text }),
    );
    const t3 = performance.now();
    send({
      type: 'captioned',
      requestId,
      caption: result.text,
      stoppedAtTokenLimit: result.stoppedAtTokenLimit,
      ocrText,
      ms: { decode: decoded.ms, ocr: t2 - t1, inference: t3 - t2 },
    });
  } catch (error) {
    send({ type: 'failed', requestId, kind: 'engine', message: firstLine(error) });
  }
}

/**
 * The text in the photo: read by the loaded model when it is asked to and declares the `ocr` task
 * (Florence-2's <OCR>), else by PaddleOCR (loaded on first use, then kept).
 */
async function readText(
  message: Extract<ToEngine, { type: 'caption' }>,
  loaded: LoadedModel,
  image: RawImage,
): Promise<string> {
  if (message.textReader === 'model' && loaded.tasks.includes('ocr')) {
    const maxNewTokens = MAX_NEW_TOKENS.ocr;
    // Florence-2 is told its task by a task token, not a written prompt.
    return (await loaded.run({ task: 'ocr', prompt: '', image, maxNewTokens }, () => undefined)).text;
  }
  ocr ??= createOcrEngine();
  // A camera raw or HEIC file is read from its embedded preview, as it is decoded.
  return (await (await ocr).recognize(message.decodePath ?? message.path)).text;
}

/** Embeds photos: each decoded (a failure is that photo's result), the decoded ones run as one batch. */
async function embedImages(message: Extract<ToEngine, { type: 'embed-images' }>): Promise<void> {
  const { requestId } = message;
  if (!embedder) {
    send({ type: 'failed', requestId, kind: 'engine', message: 'No embedding model is loaded.' });
    return;
  }
  const started = performance.now();
  const { decodeSize } = embedder;
  const decoded = await Promise.all(
    message.images.map((image) => startDecode(image.decodePath ?? image.path, decodeSize)),
  );
  const images: RawImage[] = [];
  for (const item of decoded) {
    if ('pixels' in item) {
      const { data, width, height } = item.pixels;
      images.push(new RawImage(new Uint8ClampedArray(data), width, height, 3));
    }
  }
  try {
    const vectors = images.length > 0 ? await embedder.embedder.embedImages(images) : [];
    let next = 0;
    const results = decoded.map((item, index) =>
      'pixels' in item
        ? { vector: Array.from(vectors[next++] ?? []) }
        : { error: describeImageError(item.error, message.images[index]?.path ?? '') },
    );
    send({ type: 'embedded', requestId, results, ms: performance.now() - started });
  } catch (error) {
    send({ type: 'failed', requestId, kind: 'engine', message: firstLine(error) });
  }
}

async function embedTexts(message: Extract<ToEngine, { type: 'embed-texts' }>): Promise<void> {
  const { requestId } = message;
  if (!embedder) {
    send({ type: 'failed', requestId, kind: 'engine', message: 'No embedding model is loaded.' });
    return;
  }
  const started = performance.now();
  try {
    const vectors = await embedder.embedder.embedTexts(message.texts);
    const results = vectors.map((vector) => ({ vector: Array.from(vector) }));
    send({ type: 'embedded', requestId, results, ms: performance.now() - started });
  } catch (error) {
    send({ type: 'failed', requestId, kind: 'engine', message: firstLine(error) });
  }
}

onParentMessage((raw) => {
  const parsed = ToEngine.safeParse(raw);
  if (!parsed.success) return;
  const message = parsed.data;
  switch (message.type) {
    case 'load':
      work = work.then(() => load(message));
      return;
    case 'embed-images':
      work = work.then(() => embedImages(message));
      return;
    case 'embed-texts':
      work = work.then(() => embedTexts(message));
      return;
    case 'caption': {
      // Decoding starts at once, beside the running inference (the app keeps at most a couple of requests
      // in flight); OCR and inference run one request at a time, in order, on the loaded model.
      const decoding = model ? startDecode(message.decodePath ?? message.path, model.decodeSize) : undefined;
      work = work.then(() => caption(message, decoding));
    }
  }
});

// The app going away takes the engine with it.
process.on('disconnect', () => process.exit(0));

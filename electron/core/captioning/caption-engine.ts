import {
  EMBED_BATCH_MAX,
  FromEngine,
  type EnginePurpose,
  type StageTimes,
  type ToEngineInput,
} from './engine-protocol.js';
import { forkEngine, type EngineChannel, type EngineSpawner } from './engine-channel.js';
import {
  deviceCandidates,
  knownUnavailable,
  type Device,
  type DeviceChoice,
  type SkippedDevice,
} from './devices.js';
import { NoUsablePreviewError } from '../media/embedded-preview.js';
import type { DecodableImage } from '../media/renditions.js';
import { buildPrompt } from './prompt.js';
import { questionProblem } from './question.js';

export interface EngineSettings {
  /** A model folder transformers.js loads by absolute path. */
  readonly modelDir: string;
  /** How the model is named in results (a catalog id, or the folder). */
  readonly modelId: string;
  readonly device: DeviceChoice;
  readonly dtype: string | null;
  /** CPU threads for inference; null lets onnxruntime choose. */
  readonly threads: number | null;
  /**
   * What to decode for each photo (a camera raw's embedded preview: Library.decodable); without it the
   * photo's own file is decoded.
   */
  readonly images?: { decodable(path: string): Promise<DecodableImage> };
  /** What the model is loaded for (default `caption`); `embed` loads an embedding model (CLIP). */
  readonly purpose?: EnginePurpose;
}

export interface EngineStatus {
  readonly device: Device;
  /** Devices tried before, each with why it was not used. */
  readonly skipped: readonly SkippedDevice[];
  readonly loadMs: number;
}

export interface EngineCaption {
  readonly caption: string;
  /** The model was stopped at the token limit before it ended its answer. */
  readonly stoppedAtTokenLimit: boolean;
  readonly ocrText: string;
  readonly device: Device;
  readonly ms: StageTimes;
}

export interface EngineAnswer {
  /** The answer, cleaned (no preamble, markdown, wrapping quotes, or cut-off last sentence). */
  readonly answer: string;
  /** The model was stopped at the token limit before it ended its answer. */
  readonly stoppedAtTokenLimit: boolean;
  readonly device: Device;
  readonly ms: StageTimes;
}

/** What the engine is asked to do with one photo. */
type EngineRequest = Omit<Extract<ToEngineInput, { type: 'caption' }>, 'type' | 'requestId' | 'path'>;

/** A message that asks the engine for something, less its request id (filled in when it is sent). */
type Asking = ToEngineInput extends infer M
  ? M extends { requestId: number }
    ? Omit<M, 'requestId'>
    : never
  : never;
/** The engine's answer to one request. */
type Answer = Extract<FromEngine, { type: 'captioned' | 'embedded' }>;

/** A photo's embedding (length 1), or why the photo could not be embedded. */
export type ImageEmbedding = { readonly vector: Float32Array } | { readonly error: string };

/** The engine process died (a native crash, out of memory, killed): the job may be retried. */
export class EngineCrashedError extends Error {
  override name = 'EngineCrashedError';
}

/** This image cannot be captioned (not decodable, say): retrying will not help. */
export class ImageCaptionError extends Error {
  override name = 'ImageCaptionError';
}

/**
 * The request was refused before anything ran (an empty or overlong question, a task the model cannot
 * do); the message says why. Retrying the same request will not help.
 */
export class RequestRefusedError extends Error {
  override name = 'RequestRefusedError';
}

/** The model could not be loaded on any device. */
export class EngineLoadError extends Error {
  override name = 'EngineLoadError';
}

interface Running {
  readonly channel: EngineChannel;
  readonly status: Promise<EngineStatus>;
  readonly pending: Map<
    number,
    {
      path: string;
      /** What the engine was doing with the photo, for the message when it stops: "captioning". */
      doing: string;
      onToken?: (text: string) => void;
      resolve(answer: Answer): void;
      reject(error: Error): void;
    }
  >;
}

/**
 * The caption engine, run in its own process so that a native crash or an out-of-memory there fails a job,
 * not the app. It is started on first use, keeps its model loaded between images, and is started again
 * after a crash. A device that fails to start falls back to the next one, and the reason is kept.
 */
export class CaptionEngine {
  private running: Running | null = null;
  private nextRequestId = 1;
  /** Devices that crashed the engine while loading: not tried again by this engine. */
  private readonly crashedDevices: SkippedDevice[] = [];

  constructor(
    private readonly settings: EngineSettings,
    private readonly spawn: EngineSpawner = forkEngine,
  ) {}

  /** Starts the engine if needed and resolves once the model is loaded. */
  ready(): Promise<EngineStatus> {
    return this.ensureRunning().status;
  }

  /** The engine process's id, while one runs. */
  get pid(): number | undefined {
    return this.running?.channel.pid;
  }

  /**
   * Captions one image: alt text unless another task is asked for (`extended`, or `ocr`: the model's own
   * reading of the text); a task the model does not declare is refused with a RequestRefusedError.
   * `prompt` is the instruction buildPrompt made for this photo (default: the task's prompt with no
   * context). `onToken` hears the answer's pieces as the model generates them; `textReader: 'model'` reads
   * the text for `ocr` with the model where it can (Florence-2), else PaddleOCR does.
   */
  caption(
    path: string,
    options: {
      ocr: boolean;
      task?: 'alt' | 'extended' | 'ocr';
      prompt?: string;
      textReader?: 'paddle' | 'model';
      onToken?: (text: string) => void;
    },
  ): Promise<EngineCaption> {
    const { ocr, task = 'alt', textReader = 'paddle', onToken } = options;
    const prompt = options.prompt ?? buildPrompt({ task });
    return this.request(path, { ocr, task, textReader, prompt }, onToken);
  }

  /**
   * Answers a question about one photo (the model must declare the `question` task); `onToken` hears the
   * answer's pieces as they are generated. An empty or overlong question is refused here, before anything
   * runs, with a RequestRefusedError saying why.
   */
  async ask(
    path: string,
    question: string,
    options: { onToken?: (text: string) => void; maxNewTokens?: number } = {},
  ): Promise<EngineAnswer> {
    const problem = questionProblem(question);
    if (problem) throw new RequestRefusedError(problem);
    const asked = question.trim();
    const prompt = buildPrompt({ task: 'question', question: asked });
    const request = { ocr: false, task: 'question', question: asked, prompt } as const;
    const { caption, stoppedAtTokenLimit, device, ms } = await this.request(
      path,
      options.maxNewTokens === undefined ? request : { ...request, maxNewTokens: options.maxNewTokens },
      options.onToken,
    );
    return { answer: caption, stoppedAtTokenLimit, device, ms };
  }

  private async request(
    path: string,
    request: EngineRequest,
    onToken: ((text: string) => void) | undefined,
  ): Promise<EngineCaption> {
    const decodePath = await this.decodePath(path);
    const doing = request.task === 'question' ? 'answering a question about' : 'captioning';
    const asked = { type: 'caption', path, ...decodePath, ...request } as const;
    const { answer, device } = await this.call(asked, { path, doing, onToken });
    if (answer.type !== 'captioned')
      throw new EngineCrashedError(`The caption engine did not caption ${path}.`);
    const { caption, stoppedAtTokenLimit, ocrText, ms } = answer;
    return { caption, stoppedAtTokenLimit, ocrText, device, ms };
  }

  /**
   * Embeds photos with the loaded embedding model (`purpose: 'embed'`), in batches: one result per photo,
   * in order, a vector of length 1 or why that photo could not be embedded (not decodable, no usable preview).
   */
  async embedImages(paths: readonly string[]): Promise<ImageEmbedding[]> {
    const results: ImageEmbedding[] = [];
    for (let start = 0; start < paths.length; start += EMBED_BATCH_MAX) {
      const batch = paths.slice(start, start + EMBED_BATCH_MAX);
      const sources = await Promise.all(
        batch.map((path) =>
          this.decodePath(path).then(
            (decode) => ({ path, ...decode }),
            (error: unknown) => {
              if (error instanceof ImageCaptionError) return { error: error.message };
              throw error;
            },
          ),
        ),
      );
      const images = sources.filter((source) => 'path' in source);
      const vectors =
        images.length === 0 ? [] : await this.embedResults({ type: 'embed-images', images }, batch[0] ?? '');
      let next = 0;
      for (const source of sources) {
        results.push('error' in source ? source : (vectors[next++] ?? { error: 'No embedding came back.' }));
      }
    }
    return results;
  }

  /** Embeds texts with the loaded embedding model: one vector of length 1 per text, in order. */
  async embedTexts(texts: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += EMBED_BATCH_MAX) {
      const batch = texts.slice(start, start + EMBED_BATCH_MAX);
      for (const result of await this.embedResults({ type: 'embed-texts', texts: batch }, 'a text')) {
        if ('error' in result) throw new EngineCrashedError(result.error);
        vectors.push(result.vector);
      }
    }
    return vectors;
  }

  private async embedResults(asked: Asking, path: string): Promise<ImageEmbedding[]> {
    const { answer } = await this.call(asked, { path, doing: 'embedding' });
    if (answer.type !== 'embedded') throw new EngineCrashedError('The engine made no embeddings.');
    return answer.results.map((result) =>
      'vector' in result ? { vector: Float32Array.from(result.vector) } : result,
    );
  }

  /** Sends one request to the loaded model and waits for its answer. */
  private async call(
    asked: Asking,
    about: { path: string; doing: string; onToken?: (text: string) => void },
  ): Promise<{ answer: Answer; device: Device }> {
    // The engine may stop between loading and this request; start it again, a bounded number of times.
    for (let start = 0; start < 3; start += 1) {
      const running = this.ensureRunning();
      const { device } = await running.status;
      if (this.running !== running) continue;
      const requestId = this.nextRequestId++;
      const answer = await new Promise<Answer>((resolve, reject) => {
        running.pending.set(requestId, { ...about, resolve, reject });
        running.channel.send({ ...asked, requestId } as ToEngineInput);
      });
      return { answer, device };
    }
    throw new EngineCrashedError(
      `The engine kept stopping before it could finish ${about.doing} ${about.path}.`,
    );
  }

  /** Where the photo's pixels are, when not in its own file; a photo without a usable preview fails here. */
  private async decodePath(path: string): Promise<{ decodePath?: string }> {
    if (!this.settings.images) return {};
    try {
      const image = await this.settings.images.decodable(path);
      return image.path === path ? {} : { decodePath: image.path };
    } catch (error) {
      if (error instanceof NoUsablePreviewError) throw new ImageCaptionError(error.message);
      throw error;
    }
  }

  /** Stops the engine process. */
  close(): void {
    const running = this.running;
    this.running = null;
    running?.channel.kill();
  }

  private ensureRunning(): Running {
    if (this.running) return this.running;
    const channel = this.spawn();
    const pending: Running['pending'] = new Map();
    const preSkipped: SkippedDevice[] = [...this.crashedDevices];
    const devices = deviceCandidates(this.settings.device).filter((device) => {
      if (preSkipped.some((skipped) => skipped.device === device)) return false;
      const reason = knownUnavailable(device);
      if (reason) preSkipped.push({ device, reason });
      return reason === null;
    });

    let trying: Device | null = null;
    let settle: { resolve(status: EngineStatus): void; reject(error: Error): void } | null = null;
    const status = new Promise<EngineStatus>((resolve, reject) => (settle = { resolve, reject }));
    status.catch(() => undefined); // a failed load is reported to whoever awaits it, never unhandled

    const running: Running = { channel, status, pending };
    this.running = running;

    channel.onMessage((raw) => {
      const parsed = FromEngine.safeParse(raw);
      if (!parsed.success) return;
      const message = parsed.data;
      switch (message.type) {
        case 'trying':
          trying = message.device;
          break;
        case 'loaded':
          trying = null;
          settle?.resolve({
            device: message.device,
            skipped: [...preSkipped, ...message.skipped],
            loadMs: message.ms,
          });
          break;
        case 'load-failed':
          trying = null;
          // A folder that is no model AltLens runs is said in one line: no device was the reason.
          settle?.reject(
            new EngineLoadError(
              message.kind === 'model'
                ? message.message
                : describeLoadFailure([...preSkipped, ...message.skipped], message.message),
            ),
          );
          this.close();
          break;
        case 'token':
          pending.get(message.requestId)?.onToken?.(message.text);
          break;
        case 'captioned':
        case 'embedded':
        case 'failed': {
          const request = pending.get(message.requestId);
          if (!request) break;
          pending.delete(message.requestId);
          if (message.type !== 'failed') request.resolve(message);
          else if (message.kind === 'image') request.reject(new ImageCaptionError(message.message));
          else if (message.kind === 'request') request.reject(new RequestRefusedError(message.message));
          else request.reject(new EngineCrashedError(message.message));
          break;
        }
      }
    });

    channel.onExit(({ code, signal }) => {
      if (this.running === running) this.running = null;
      const how = signal ? `was stopped by ${signal}` : `exited with code ${code ?? 'unknown'}`;
      if (trying) {
        // A device that takes the whole process down while starting is skipped from now on.
        this.crashedDevices.push({ device: trying, reason: `the engine process ${how} while starting it.` });
        const next = this.ensureRunning();
        next.status.then(
          (loaded) => settle?.resolve(loaded),
          (error: unknown) => settle?.reject(error as Error),
        );
        return;
      }
      settle?.reject(new EngineLoadError(`The caption engine ${how} before the model was loaded.`));
      for (const request of pending.values()) {
        request.reject(
          new EngineCrashedError(`The caption engine ${how} while ${request.doing} ${request.path}.`),
        );
      }
      pending.clear();
    });

    channel.send({
      type: 'load',
      modelDir: this.settings.modelDir,
      modelId: this.settings.modelId,
      devices,
      dtype: this.settings.dtype,
      threads: this.settings.threads,
      purpose: this.settings.purpose ?? 'caption',
    });
    return running;
  }
}

function describeLoadFailure(skipped: readonly SkippedDevice[], message: string): string {
  const reasons = skipped.map(({ device, reason }) => `${device}: ${reason}`).join('; ');
  return reasons ? `${message} (${reasons})` : message;
}

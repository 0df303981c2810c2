import { z } from 'zod';
import {
  CaptionTask,
  type CaptionQueueStatus,
  type ImageDetail,
  type ModelTasks,
} from '../../../contract/api.js';
import { BatchCounts } from '../jobs/batch-counts.js';
import { captionJobKey } from '../jobs/job-keys.js';
import type { Job } from '../jobs/job-queue.js';
import type { Library } from '../library/library.js';
import { modelDisplayName } from '../models/model-name.js';
import type { Settings } from '../settings.js';
import { followsPrompts, readModelFamily } from './architectures.js';
import {
  CaptionEngine,
  EngineLoadError,
  ImageCaptionError,
  RequestRefusedError,
  type EngineAnswer,
  type EngineSettings,
} from './caption-engine.js';
import { ProviderError } from '../providers/provider.js';
import { captionWithProvider, failsEveryPhoto } from '../providers/provider-captions.js';
import type { OpenedProvider, SavedProviders } from '../providers/saved-providers.js';
import type { ModelCaption } from '../library/store.js';
import { buildPrompt, type PromptRequest } from './prompt.js';
import { altTextRequest, captionInStyle } from './styled-caption.js';
import { taskRefusal } from './tasks.js';

const CaptionJobPayload = z.object({ imageId: z.number().int().positive(), force: z.boolean() });

/** What the service needs of an engine; the real one is CaptionEngine (a process running the model). */
export type Engine = Pick<CaptionEngine, 'ready' | 'caption' | 'ask' | 'close'>;

export interface ResolvedModel {
  readonly dir: string;
  readonly id: string;
}

export interface CaptionServiceOptions {
  readonly library: Library;
  /** A catalog model id or a folder → the folder to load (throws a readable error if not installed). */
  readonly resolveModel: (model: string) => Promise<ResolvedModel>;
  /** The model's name for people (default: modelDisplayName, which cannot tell a test model by its id). */
  readonly nameModel?: (model: string) => Promise<string>;
  readonly createEngine?: (settings: EngineSettings) => Engine;
  /** The saved model providers; the one chosen in the settings makes the captions instead of the engine. */
  readonly providers?: SavedProviders;
  /** Settings for this run only (command-line flags), over the stored ones. */
  readonly overrides?: Partial<Pick<Settings, 'model' | 'device' | 'ocr' | 'threads'>>;
}

type EngineState = CaptionQueueStatus['engine'];

/**
 * Jobs handed to the engine at once: while one image is being captioned the next ones are already decoding
 * (the engine decodes ahead and runs inference one image at a time), so every core has work. Measured with
 * `npm run bench:caption` on 2 cores: the pipeline's own cost per 12 MP photo is 74 ms with 1, 30 ms with
 * 2 and 26–27 ms with 3.
 */
const PIPELINE_DEPTH = 3;

/**
 * Runs the caption jobs of a library through one engine process that keeps its model loaded. Jobs live in
 * SQLite (see JobQueue); this loop takes them in priority order, stores each result exactly once, and
 * says what it is doing through `captions.status` events.
 */
export class CaptionService {
  private engine: Promise<Engine> | null = null;
  private engineState: EngineState;
  private paused: boolean;
  /** Jobs handed to the engine, by job id, in the order they were taken. */
  private readonly batch: BatchCounts;
  private readonly inFlight = new Map<number, NonNullable<CaptionQueueStatus['current']>>();
  private wake: (() => void) | null = null;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private overrides: NonNullable<CaptionServiceOptions['overrides']>;
  /** The loaded model follows a written prompt (set when its engine starts). */
  private prompted = false;
  /** The saved provider chosen for the captions, as last opened, and what it was opened from. */
  private remote: { version: string; opened: Promise<OpenedProvider | null> } | null = null;
  /** Cancels the provider calls in flight (pause, cancel, stop); renewed after each use. */
  private calls = new AbortController();

  constructor(private readonly options: CaptionServiceOptions) {
    const { library } = options;
    this.overrides = { ...options.overrides };
    this.batch = new BatchCounts(library.queue, 'caption');
    const { model } = this.settings();
    this.engineState = {
      state: 'idle',
      model,
      modelName: modelDisplayName(model),
      device: null,
      skipped: [],
      message: null,
    };
    this.paused = library.queue.counts('caption').paused > 0;
    this.refreshModelName();
  }

  /** The settings in force: the stored ones, under this run's overrides. */
  settings(): Settings {
    return { ...this.options.library.settings.read(), ...this.overrides };
  }

  /** Stores changed settings; a new model or device takes effect from the next caption. */
  updateSettings(changes: Partial<Settings>): Settings {
    this.options.library.settings.write(changes);
    // A setting the person changes now wins over the same setting given on the command line.
    this.overrides = Object.fromEntries(Object.entries(this.overrides).filter(([key]) => !(key in changes)));
    if ('model' in changes || 'device' in changes || 'threads' in changes) this.restartEngine();
    return this.settings();
  }

  /** Drops the loaded engine (a new model was installed or chosen) and takes jobs again if it had failed. */
  restartEngine(): void {
    this.closeEngine();
    const failed = this.engineState.state === 'failed';
    this.engineState = this.idleState(this.settings().model);
    this.refreshModelName();
    if (failed) this.resume();
    else this.changed();
  }

  /** Nothing loaded; the model keeps the name it has (a new one is named by its id until its folder is read). */
  private idleState(model: string): EngineState {
    const modelName = model === this.engineState.model ? this.engineState.modelName : modelDisplayName(model);
    return { state: 'idle', model, modelName, device: null, skipped: [], message: null };
  }

  /** The model's full name (a test model is told by its folder) once it is known; says so if it changed. */
  private refreshModelName(): void {
    const { model } = this.engineState;
    void this.nameOf(model).then(
      (modelName) => {
        if (this.stopped || this.engineState.model !== model || this.engineState.modelName === modelName)
          return;
        this.engineState = { ...this.engineState, modelName };
        this.changed();
      },
      () => undefined,
    );
  }

  private nameOf(model: string): Promise<string> {
    return this.options.nameModel?.(model) ?? Promise.resolve(modelDisplayName(model));
  }

  /** Puts back jobs a killed process left running, then starts taking jobs. */
  start(): void {
    if (this.loop) return;
    const { library } = this.options;
    library.queue.recoverInterrupted('caption');
    // Folders added, captions queued by the library itself: look for work whenever the library changes.
    this.unsubscribe = library.events.subscribe((event) => {
      if (event.type === 'library.changed') this.notify();
    });
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abortCalls();
    this.unsubscribe?.();
    this.notify();
    await this.loop;
    this.closeEngine();
  }

  private closeEngine(): void {
    void this.engine?.then(
      (engine) => engine.close(),
      () => undefined,
    );
    this.engine = null;
  }

  /** Call after queueing jobs: wakes the loop if it is waiting. */
  notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Where the captions stand; counts cover the latest batch (see BatchCounts). */
  status(): CaptionQueueStatus {
    return {
      counts: this.batch.counts(),
      paused: this.paused,
      current: this.inFlight.values().next().value ?? null,
      engine: this.engineState,
    };
  }

  queue(imageIds: readonly number[], force: boolean): CaptionQueueStatus {
    this.options.library.queueCaptions(imageIds, { force, priority: force ? 1 : 0 });
    return this.changed();
  }

  prioritise(imageIds: readonly number[]): CaptionQueueStatus {
    this.options.library.queue.prioritise(imageIds.map(captionJobKey.of), 10);
    return this.changed();
  }

  pause(): CaptionQueueStatus {
    this.paused = true;
    this.options.library.queue.pauseAll('caption');
    this.abortCalls();
    return this.changed();
  }

  resume(): CaptionQueueStatus {
    this.paused = false;
    // A provider that failed is opened again: its key or server may have been put right.
    this.remote = null;
    this.options.library.queue.resumeAll('caption');
    if (this.engineState.state === 'failed')
      this.engineState = { ...this.engineState, state: 'idle', message: null };
    return this.changed();
  }

  cancel(): CaptionQueueStatus {
    this.options.library.queue.cancelAll('caption');
    this.abortCalls();
    return this.changed();
  }

  retry(): CaptionQueueStatus {
    this.options.library.queue.retryFailed('caption');
    return this.changed();
  }

  /** A photo being sent to a provider is called back (the on-device engine finishes the photo it has). */
  private abortCalls(): void {
    this.calls.abort();
    this.calls = new AbortController();
  }

  private changed(): CaptionQueueStatus {
    this.notify();
    const status = this.status();
    this.options.library.events.emit({ type: 'captions.status', status });
    return status;
  }

  private async run(): Promise<void> {
    const running = new Set<Promise<void>>();
    while (!this.stopped) {
      const room = !this.paused && running.size < PIPELINE_DEPTH;
      const job = room ? this.options.library.queue.claimNext('caption') : undefined;
      if (job) {
        this.batch.jobStarted();
        const done: Promise<void> = this.runJob(job).finally(() => {
          running.delete(done);
          this.notify();
        });
        running.add(done);
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    }
    await Promise.all(running);
  }

  private async runJob(job: Job): Promise<void> {
    const { library } = this.options;
    const payload = CaptionJobPayload.safeParse(job.payload);
    if (!payload.success) {
      library.queue.fail(job.id, 'The job is not a caption job this version understands.', {
        retryable: false,
      });
      return;
    }
    const { imageId, force } = payload.data;
    const image = library.findImage(imageId);
    if (!image) {
      library.queue.fail(job.id, 'The image is no longer in the library.', { retryable: false });
      return;
    }
    this.inFlight.set(job.id, { imageId, fileName: image.fileName });
    this.changed();
    try {
      const settings = this.settings();
      const request = altTextRequest(settings, {
        path: image.path,
        folder: library.folderContexts.ofImage(imageId),
        found: image.foundInFile,
      });
      library.recordCaption(
        job.id,
        imageId,
        await this.makeCaption(imageId, image.path, request, settings),
        force,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof ProviderError && error.reason === 'cancelled') {
        // Paused or cancelled while the provider worked: back in the queue (a cancelled job stays cancelled).
        library.queue.release(job.id);
      } else if (error instanceof EngineLoadError || failsEveryPhoto(error)) {
        // The model cannot run at all (or the provider cannot be used): keep the job, stop the queue, say why.
        library.queue.release(job.id);
        this.paused = true;
        this.engineState = { ...this.engineState, state: 'failed', message };
      } else {
        library.queue.fail(job.id, message, { retryable: !(error instanceof ImageCaptionError) });
      }
      library.events.emit({ type: 'library.changed', imageIds: [imageId] });
    } finally {
      this.inFlight.delete(job.id);
      this.changed();
    }
  }

  /**
   * One photo's alt text in the settings' style: through the saved provider chosen for the captions, else
   * through the on-device engine. The one place that chooses between them.
   */
  private async makeCaption(
    imageId: number,
    path: string,
    request: PromptRequest,
    settings: Settings,
  ): Promise<ModelCaption> {
    const remote = await this.chosenProvider();
    if (remote) {
      const { saved, provider } = remote;
      const origin = { kind: saved.kind, name: saved.name };
      const { signal } = this.calls;
      return (await captionWithProvider(provider, origin, path, { ocr: settings.ocr, request, signal }))
        .caption;
    }
    const engine = await this.ensureEngine();
    // The model that makes this caption, even if another is chosen while it runs.
    const { modelName } = this.engineState;
    const started = performance.now();
    const result = await captionInStyle(engine, path, {
      ocr: settings.ocr,
      request,
      prompted: this.prompted,
      textReader: settings.textReader === 'florence2' ? 'model' : 'paddle',
      // The caption builds up in the detail view of this photo as the model writes it.
      onToken: (text) =>
        this.options.library.events.emit({ type: 'caption.token', imageId, task: 'alt', text }),
    });
    const { altText: text, device, ocrText, provenance } = result;
    const durationMs = Math.round(performance.now() - started);
    return { text, model: modelName, device, durationMs, ocrText, provenance };
  }

  /** The saved provider chosen for the captions (opened again when it changes), or null for on-device. */
  private async chosenProvider(): Promise<OpenedProvider | null> {
    const { providers } = this.options;
    const chosen = providers?.chosen() ?? null;
    if (!providers || chosen === null) return null;
    const version = JSON.stringify([chosen, providers.find(chosen), providers.agreed(chosen)]);
    if (this.remote?.version !== version) {
      const opened = providers.forCaptions();
      opened.catch(() => undefined);
      this.remote = { version, opened };
    }
    const opened = await this.remote.opened.catch((error: unknown) => {
      this.remote = null;
      throw new EngineLoadError(error instanceof Error ? error.message : String(error));
    });
    if (opened) {
      const { saved, provider } = opened;
      this.engineState = {
        ...this.idleState(saved.model),
        state: 'ready',
        modelName: saved.model,
        device: provider.label,
      };
    }
    return opened;
  }

  /**
   * Answers a question about a photo with the engine the captions use (started if needed), between the
   * caption jobs; refused with a RequestRefusedError naming a model that can when this one cannot.
   */
  async ask(
    path: string,
    question: string,
    onToken: (text: string) => void,
  ): Promise<EngineAnswer & { modelName: string }> {
    const { engine, modelName } = await this.engineFor('question');
    return { ...(await engine.ask(path, question, { onToken })), modelName };
  }

  /**
   * Writes a longer description of a photo (the `extended` task) in the same style and with the same
   * context as its alt text; refused as `ask` is.
   */
  async describe(
    image: Pick<ImageDetail, 'id' | 'path' | 'foundInFile'>,
    onToken: (text: string) => void,
  ): Promise<{ text: string; stoppedAtTokenLimit: boolean; modelName: string }> {
    const { engine, modelName } = await this.engineFor('extended');
    const { library } = this.options;
    const style = altTextRequest(this.settings(), {
      path: image.path,
      folder: library.folderContexts.ofImage(image.id),
      found: image.foundInFile,
    });
    const prompt = buildPrompt({ ...style, task: 'extended' });
    const result = await engine.caption(image.path, { ocr: false, task: 'extended', prompt, onToken });
    return { text: result.caption, stoppedAtTokenLimit: result.stoppedAtTokenLimit, modelName };
  }

  /** What the chosen model can do (read from its folder; nothing is loaded), and why not the rest. */
  async tasks(): Promise<ModelTasks> {
    const { model } = this.settings();
    const modelName = await this.nameOf(model).catch(() => modelDisplayName(model));
    let tasks: readonly CaptionTask[] = [];
    let problem: string | null = null;
    try {
      tasks = readModelFamily((await this.options.resolveModel(model)).dir).tasks;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    const unavailable = CaptionTask.options
      .filter((task) => !tasks.includes(task))
      .map((task) => ({ task, reason: problem ?? taskRefusal(task, modelName, 'settings') }));
    return { model, modelName, tasks: [...tasks], unavailable };
  }

  /** The engine, once the chosen model is known to do `task`; else a RequestRefusedError naming one that can. */
  private async engineFor(task: CaptionTask): Promise<{ engine: Engine; modelName: string }> {
    // A model that cannot start (not installed, say) is the person's to fix: the request is refused.
    const engine = await this.ensureEngine().catch((error: unknown) => {
      throw error instanceof EngineLoadError ? new RequestRefusedError(error.message) : error;
    });
    const { model, modelName } = this.engineState;
    if (!readModelFamily((await this.options.resolveModel(model)).dir).tasks.includes(task)) {
      throw new RequestRefusedError(taskRefusal(task, modelName, 'settings'));
    }
    return { engine, modelName };
  }

  /** The engine, started once for all the jobs that ask for it at the same time. */
  private ensureEngine(): Promise<Engine> {
    if (!this.engine) {
      const starting = this.startEngine();
      this.engine = starting;
      starting.catch(() => {
        if (this.engine === starting) this.engine = null;
      });
    }
    return this.engine;
  }

  private async startEngine(): Promise<Engine> {
    const settings = this.settings();
    this.engineState = { ...this.idleState(settings.model), state: 'starting' };
    this.changed();
    try {
      const model = await this.options.resolveModel(settings.model);
      const modelName = await this.nameOf(settings.model);
      this.prompted = followsPrompts(model.dir);
      const create = this.options.createEngine ?? ((engineSettings) => new CaptionEngine(engineSettings));
      const engine = create({
        modelDir: model.dir,
        modelId: model.id,
        device: settings.device,
        dtype: null,
        threads: settings.threads,
        images: this.options.library,
      });
      const ready = await engine.ready().catch((error: unknown) => {
        engine.close();
        throw error;
      });
      this.engineState = {
        state: 'ready',
        model: model.id,
        modelName,
        device: ready.device,
        skipped: [...ready.skipped],
        message: null,
      };
      return engine;
    } catch (error) {
      throw error instanceof EngineLoadError
        ? error
        : new EngineLoadError(error instanceof Error ? error.message : String(error));
    }
  }
}

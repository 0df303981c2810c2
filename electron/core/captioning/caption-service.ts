import { z } from 'zod';
import {
  ON_DEVICE,
  type CaptionQueueStatus,
  type ImageDetail,
  type ModelTasks,
} from '../../../contract/api.js';
import { BatchCounts } from '../jobs/batch-counts.js';
import { captionJobKey } from '../jobs/job-keys.js';
import type { Job } from '../jobs/job-queue.js';
import type { Library } from '../library/library.js';
import type { Settings } from '../settings.js';
import { EngineLoadError, ImageCaptionError, RequestRefusedError } from './caption-engine.js';
import { EngineSlot, type EngineSlotOptions } from './engine-slot.js';
import { ProviderError } from '../providers/provider.js';
import {
  captionWithProvider,
  failsEveryPhoto,
  type CaptionsProvider,
} from '../providers/provider-captions.js';
import type { OpenedProvider, SavedProviders } from '../providers/saved-providers.js';
import type { ModelCaption } from '../library/store.js';
import { buildPrompt, type PromptRequest } from './prompt.js';
import { altTextRequest, captionInStyle } from './styled-caption.js';

const CaptionJobPayload = z.object({ imageId: z.number().int().positive(), force: z.boolean() });

export interface CaptionServiceOptions extends Pick<
  EngineSlotOptions,
  'resolveModel' | 'nameModel' | 'createEngine'
> {
  readonly library: Library;
  /** The saved model providers; the one chosen in the settings makes the captions instead of the engine. */
  readonly providers?: SavedProviders;
  /** A provider for this run only (command-line flags), over the one chosen in the settings until the
   * person chooses another there. */
  readonly provider?: CaptionsProvider;
  /** Settings for this run only (command-line flags), over the stored ones. */
  readonly overrides?: Partial<Pick<Settings, 'model' | 'device' | 'ocr' | 'threads'>>;
}

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
  private readonly engine: EngineSlot;
  private paused: boolean;
  /** Jobs handed to the engine, by job id, in the order they were taken. */
  private readonly batch: BatchCounts;
  private readonly inFlight = new Map<number, NonNullable<CaptionQueueStatus['current']>>();
  private wake: (() => void) | null = null;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private overrides: NonNullable<CaptionServiceOptions['overrides']>;
  /** The saved providers in use (the library's choice, folders' own), as last opened, by name. */
  private readonly remote = new Map<string, { version: string; opened: Promise<OpenedProvider> }>();
  /** This run's provider (command-line flags), and the saved choice it stands over. */
  private runProvider: { chosen: CaptionsProvider; over: string } | null;
  /** Jobs taken at once: PIPELINE_DEPTH, or more when the chosen provider takes more photos at once. */
  private depth = PIPELINE_DEPTH;
  /** Cancels the provider calls in flight (pause, cancel, stop); renewed after each use. */
  private calls = new AbortController();

  constructor(private readonly options: CaptionServiceOptions) {
    const { library } = options;
    this.overrides = { ...options.overrides };
    this.batch = new BatchCounts(library.queue, 'caption');
    this.engine = new EngineSlot({
      library,
      resolveModel: options.resolveModel,
      ...(options.nameModel ? { nameModel: options.nameModel } : {}),
      ...(options.createEngine ? { createEngine: options.createEngine } : {}),
      settings: () => this.settings(),
      changed: () => this.changed(),
    });
    this.paused = library.queue.counts('caption').paused > 0;
    this.runProvider = options.provider ? { chosen: options.provider, over: this.savedChoice() } : null;
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
    if (this.engine.restart().wasFailed) this.resume();
    else this.changed();
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
    this.engine.stop();
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
      engine: this.engine.state,
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
    this.remote.clear();
    this.options.library.queue.resumeAll('caption');
    this.engine.clearFailure();
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
      const room = !this.paused && running.size < this.depth;
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
      const folder = library.folderContexts.ofImage(imageId);
      const request = altTextRequest(settings, { path: image.path, folder, found: image.foundInFile });
      const remote = await this.chosenProvider(folder?.provider ?? null);
      library.recordCaption(
        job.id,
        imageId,
        await this.makeCaption(remote, imageId, image.path, request, settings),
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
        this.engine.fail(message);
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
    remote: CaptionsProvider | null,
    imageId: number,
    path: string,
    request: PromptRequest,
    settings: Settings,
  ): Promise<ModelCaption> {
    if (remote) {
      const { provider, origin } = remote;
      const { signal } = this.calls;
      return (await captionWithProvider(provider, origin, path, { ocr: settings.ocr, request, signal }))
        .caption;
    }
    const engine = await this.engine.ensure();
    // The model that makes this caption, even if another is chosen while it runs.
    const { modelName } = this.engine.state;
    const started = performance.now();
    const result = await captionInStyle(engine, path, {
      ocr: settings.ocr,
      request,
      prompted: this.engine.prompted,
      textReader: settings.textReader === 'florence2' ? 'model' : 'paddle',
      // The caption builds up in the detail view of this photo as the model writes it.
      onToken: (text) =>
        this.options.library.events.emit({ type: 'caption.token', imageId, task: 'alt', text }),
    });
    const { altText: text, device, ocrText, provenance } = result;
    const durationMs = Math.round(performance.now() - started);
    return { text, model: modelName, device, durationMs, ocrText, provenance };
  }

  /**
   * What makes a photo's captions, answers and descriptions: its folder's own choice where it has one (this
   * computer, or a saved provider), else this run's provider (command-line flags) unless the person has
   * chosen in the settings since, else the saved one chosen there; null for on-device. A saved provider is
   * opened again when it changes.
   */
  private async chosenProvider(folderChoice: string | null): Promise<CaptionsProvider | null> {
    const { providers } = this.options;
    if (folderChoice === ON_DEVICE) return this.inUse(null);
    // A folder naming a provider removed since is described as the library is.
    const ownChoice = folderChoice !== null && providers?.find(folderChoice) ? folderChoice : null;
    if (this.runProvider && this.runProvider.over !== this.savedChoice()) this.runProvider = null;
    if (this.runProvider && ownChoice === null) return this.inUse(this.runProvider.chosen);
    const name = ownChoice ?? providers?.chosen() ?? null;
    if (!providers || name === null) return this.inUse(null);
    const version = versionOf(providers, name);
    let cached = this.remote.get(name);
    if (cached?.version !== version) {
      const opened = providers.openAgreed(name);
      opened.catch(() => undefined);
      cached = { version, opened };
      this.remote.set(name, cached);
    }
    const opened = await cached.opened.catch((error: unknown) => {
      this.remote.delete(name);
      throw new EngineLoadError(error instanceof Error ? error.message : String(error));
    });
    return this.inUse(fromSaved(opened));
  }

  /** The library's choice as it stands (which provider, as saved, agreed to or not), to tell when it changes. */
  private savedChoice(): string {
    const { providers } = this.options;
    const chosen = providers?.chosen() ?? null;
    return !providers || chosen === null ? ON_DEVICE : versionOf(providers, chosen);
  }

  /**
   * The provider now making the captions stands in for the engine in the status; one that answers several
   * photos at once is kept busy: as many jobs run as it takes.
   */
  private inUse(chosen: CaptionsProvider | null): CaptionsProvider | null {
    if (chosen) this.engine.showProvider(chosen.model, chosen.provider.label);
    const depth = Math.max(PIPELINE_DEPTH, chosen?.provider.concurrency ?? 0);
    if (depth !== this.depth) {
      this.depth = depth;
      this.notify();
    }
    return chosen;
  }

  /**
   * Answers a question about a photo with what makes the captions: the chosen provider, else the engine
   * (started if needed, between the caption jobs); refused with a RequestRefusedError naming a model that
   * can when this one cannot, or saying why the provider gave no answer.
   */
  async ask(
    image: Pick<ImageDetail, 'id' | 'path'>,
    question: string,
    onToken: (text: string) => void,
  ): Promise<Answer> {
    const { path } = image;
    const remote = await this.providerForRequest(image.id);
    if (remote) {
      const result = await refusedOnFailure(
        remote.provider.describe({ task: 'question', path, question, onToken }),
      );
      const { text, stoppedAtTokenLimit, model } = result;
      return { answer: text, stoppedAtTokenLimit, device: remote.provider.label, modelName: model };
    }
    const { engine, modelName } = await this.engine.for('question');
    const { answer, stoppedAtTokenLimit, device } = await engine.ask(path, question, { onToken });
    return { answer, stoppedAtTokenLimit, device, modelName };
  }

  /**
   * Writes a longer description of a photo (the `extended` task) in the same style and with the same
   * context as its alt text, by the chosen provider or the engine; refused as `ask` is.
   */
  async describe(
    image: Pick<ImageDetail, 'id' | 'path' | 'foundInFile'>,
    onToken: (text: string) => void,
  ): Promise<{ text: string; stoppedAtTokenLimit: boolean; modelName: string }> {
    const { library } = this.options;
    const style = altTextRequest(this.settings(), {
      path: image.path,
      folder: library.folderContexts.ofImage(image.id),
      found: image.foundInFile,
    });
    const prompt = buildPrompt({ ...style, task: 'extended' });
    const remote = await this.providerForRequest(image.id);
    if (remote) {
      const request = { task: 'extended' as const, path: image.path, prompt, onToken };
      const { text, stoppedAtTokenLimit, model } = await refusedOnFailure(remote.provider.describe(request));
      return { text, stoppedAtTokenLimit, modelName: model };
    }
    const { engine, modelName } = await this.engine.for('extended');
    const result = await engine.caption(image.path, { ocr: false, task: 'extended', prompt, onToken });
    return { text: result.caption, stoppedAtTokenLimit: result.stoppedAtTokenLimit, modelName };
  }

  /**
   * What the chosen model can do (read from its folder; nothing is loaded), and why not the rest; a chosen
   * provider writes alt text and extended descriptions and answers questions.
   */
  async tasks(): Promise<ModelTasks> {
    const remote = await this.chosenProvider(null).catch(() => null);
    if (!remote) return this.engine.tasks();
    const { model, origin } = remote;
    const modelName = origin.name === null ? model : `${model} (provider ${origin.name})`;
    const reason =
      `${modelName} reads the text in a photo with each description; reading it on its own is done on ` +
      'this computer, by Florence-2.';
    return {
      model,
      modelName,
      tasks: ['alt', 'extended', 'question'],
      unavailable: [{ task: 'ocr', reason }],
    };
  }

  /** What answers a request a person makes now about a photo; a provider that cannot be opened is theirs to fix. */
  private providerForRequest(imageId: number): Promise<CaptionsProvider | null> {
    const folderChoice = this.options.library.folderContexts.ofImage(imageId)?.provider ?? null;
    return this.chosenProvider(folderChoice).catch((error: unknown) => {
      throw error instanceof EngineLoadError ? new RequestRefusedError(error.message) : error;
    });
  }
}

/** An answer to a person's question, and what gave it. */
export interface Answer {
  readonly answer: string;
  readonly stoppedAtTokenLimit: boolean;
  /** Where it was made: the engine's device, or the provider for people. */
  readonly device: string;
  readonly modelName: string;
}

/** A provider that gave no answer (a wrong key, a dead server, refused content) says why, as a refusal. */
async function refusedOnFailure<T>(call: Promise<T>): Promise<T> {
  return call.catch((error: unknown) => {
    throw error instanceof ProviderError ? new RequestRefusedError(error.message) : error;
  });
}

/** A saved provider as it stands (as saved, agreed to or not), to tell when it changes. */
function versionOf(providers: SavedProviders, name: string): string {
  return JSON.stringify([name, providers.find(name), providers.agreed(name)]);
}

function fromSaved({ saved, provider }: OpenedProvider): CaptionsProvider {
  return { provider, origin: { kind: saved.kind, name: saved.name }, model: saved.model };
}

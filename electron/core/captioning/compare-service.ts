import { randomUUID } from 'node:crypto';
import type {
  CompareCandidate,
  CompareOption,
  CompareResult,
  CompareRun,
  ImageDetail,
} from '../../../contract/api.js';
import { ApiError, badRequest, notFound } from '../api/errors.js';
import type { Library } from '../library/library.js';
import type { ModelStore } from '../models/model-store.js';
import type { Settings } from '../settings.js';
import type { CaptionProvenance } from '../../../contract/style.js';
import { followsPrompts, readModelFamily } from './architectures.js';
import { providerAnswer, providerOptions, type CompareProviders } from './compare-providers.js';
import type { PromptRequest } from './prompt.js';
import { altTextRequest, captionInStyle, type StyleOptions } from './styled-caption.js';
import {
  CaptionEngine,
  EngineLoadError,
  ImageCaptionError,
  RequestRefusedError,
  type EngineSettings,
} from './caption-engine.js';

/** What a comparison needs of an engine; the real one is CaptionEngine (a process running the model). */
export type CompareEngine = Pick<CaptionEngine, 'ready' | 'caption' | 'close'>;

export interface CompareServiceOptions {
  readonly library: Library;
  readonly models: Pick<ModelStore, 'list' | 'pathOf' | 'nameOf'>;
  /** Where and how the engines run: the settings the captions use. */
  readonly settings: () => Pick<Settings, 'device' | 'threads'> & StyleOptions;
  readonly createEngine?: (settings: EngineSettings) => CompareEngine;
  /** The saved model providers; those agreed to are offered beside the models. */
  readonly providers?: CompareProviders;
}

/** Finished comparisons kept for `pick` (the latest ones; older ones are run again). */
const KEPT_RUNS = 20;

/** A candidate on offer: an installed model (with its folder) or a saved provider (no folder). */
interface Offered extends CompareOption {
  readonly dir: string | null;
}

/** What made a finished answer, kept for `pick`. */
interface Made {
  readonly model: string;
  readonly provenance: CaptionProvenance | undefined;
}

/**
 * Compare: alt text for one photo from up to three installed models or saved providers, one after another,
 * each model in a short-lived engine process of its own (closed when it is done), so the background caption
 * queue and its engine go on untouched. Progress streams as `compare.progress` events; nothing is saved until a person
 * picks an answer.
 */
export class CompareService {
  private running: { imageId: number; fileName: string; done: Promise<unknown> } | null = null;
  /** The engine of the model running now, closed at once by `stop`. */
  private engine: CompareEngine | null = null;
  /** Calls back a provider's answer under way at `stop`. */
  private readonly calls = new AbortController();
  private stopped = false;
  private readonly finished = new Map<string, CompareRun>();
  /** What made each answer of a run (the model, its prompt's style and context), for `pick`, by run id. */
  private readonly made = new Map<string, Made[]>();

  constructor(private readonly options: CompareServiceOptions) {}

  /** The installed models that write alt text, by name, with their family; then the agreed providers. */
  async candidates(): Promise<CompareOption[]> {
    return (await this.offered()).map(({ candidate, name, family }) => ({ candidate, name, family }));
  }

  private async offered(): Promise<Offered[]> {
    const { providers } = this.options;
    const remote = providers ? await providerOptions(providers) : [];
    return [...(await this.installed()), ...remote.map((option) => ({ ...option, dir: null }))];
  }

  private async installed(): Promise<Offered[]> {
    const { models } = this.options;
    const found: Offered[] = [];
    for (const model of await models.list()) {
      if (model.kind === 'catalog' && !model.installed) continue;
      try {
        const dir = await models.pathOf(model.id);
        const family = readModelFamily(dir);
        if (!family.tasks.includes('alt')) continue;
        const name = await models.nameOf(model.id);
        found.push({ candidate: { kind: 'model', id: model.id }, name, family: family.name, dir });
      } catch {
        // A folder that cannot be read or run is no candidate; the Models view says what is wrong with it.
      }
    }
    return found;
  }

  /** Runs the candidates on the photo, one after another; resolves when each is done or has failed. */
  async run(imageId: number, candidates: readonly CompareCandidate[]): Promise<CompareRun> {
    const image = this.options.library.findImage(imageId);
    if (!image) throw notFound(`Photo ${imageId}`);
    if (this.stopped) throw badRequest('AltLens is closing; compare the models when it runs again.');
    if (this.running) {
      throw badRequest(
        `Another comparison is running (${this.running.fileName}); wait for it to finish, then try again.`,
      );
    }
    const done = this.compare(image, candidates);
    this.running = { imageId, fileName: image.fileName, done };
    try {
      return await done;
    } finally {
      this.running = null;
    }
  }

  /** Closes the engine of a comparison under way (its other models do not run) and waits for it to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.engine?.close();
    this.calls.abort();
    await this.running?.done.catch(() => undefined);
  }

  private async compare(
    image: { id: number; path: string; fileName: string },
    candidates: readonly CompareCandidate[],
  ): Promise<CompareRun> {
    const offered = await this.offered();
    const chosen = candidates.map((candidate) => {
      const match = offered.find(
        (option) => option.candidate.kind === candidate.kind && option.candidate.id === candidate.id,
      );
      if (!match) {
        const what =
          candidate.kind === 'model'
            ? 'an installed model that writes alt text'
            : 'a saved provider you agreed to send photos to';
        throw badRequest(
          `${candidate.id} is not ${what}; choose one of: ` +
            `${offered.map((option) => option.candidate.id).join(', ') || 'none is installed'}.`,
        );
      }
      return match;
    });
    const run: CompareRun = {
      runId: randomUUID(),
      imageId: image.id,
      results: chosen.map(({ candidate, name, family }) => waiting({ candidate, name, family })),
    };
    for (const [index, model] of chosen.entries()) {
      await this.runOne(run, index, model, image.path, image.fileName);
    }
    this.keep(run);
    return run;
  }

  /** Makes a finished answer the photo's description: from that model, to review. */
  pick(runId: string, index: number): ImageDetail {
    const run = this.finished.get(runId);
    if (!run) {
      throw new ApiError('not_found', 'That comparison is no longer kept; compare the models again.');
    }
    const result = run.results[index];
    if (!result) throw badRequest(`That comparison has no answer number ${index + 1}.`);
    if (result.state !== 'done' || result.text === '') {
      throw badRequest(`${result.name} gave no alt text in that comparison; pick another answer.`);
    }
    const made = this.made.get(runId)?.[index];
    return this.options.library.saveChosenCaption(run.imageId, {
      text: result.text,
      model: made?.model ?? result.name,
      device: result.device ?? 'cpu',
      durationMs: result.durationMs ?? 0,
      ocrText: '',
      provenance: made?.provenance,
    });
  }

  private async runOne(
    run: CompareRun,
    index: number,
    offered: Offered,
    path: string,
    fileName: string,
  ): Promise<void> {
    const update = (changes: Partial<CompareResult>) => {
      const result: CompareResult = { ...(run.results[index] as CompareResult), ...changes };
      run.results[index] = result;
      this.options.library.events.emit({
        type: 'compare.progress',
        runId: run.runId,
        imageId: run.imageId,
        index,
        result,
      });
    };
    if (this.stopped) {
      update({ state: 'failed', message: 'AltLens closed before this model ran.' });
      return;
    }
    // The same prompt, style and context as the background captions, so the answers compare fairly.
    const { library } = this.options;
    const settings = this.options.settings();
    const request = altTextRequest(settings, {
      path,
      folder: library.folderContexts.ofImage(run.imageId),
      found: library.findImage(run.imageId)?.foundInFile,
    });
    const answer =
      offered.dir === null
        ? await this.askProvider(offered.candidate.id, path, request, update)
        : await this.askModel(offered.dir, offered.candidate.id, path, request, update, fileName);
    if (!answer) return;
    const made = this.made.get(run.runId) ?? [];
    made[index] = { model: answer.model ?? offered.name, provenance: answer.provenance };
    this.made.set(run.runId, made);
  }

  /** A model's answer, in an engine process of its own; null (and marked failed) if it gave none. */
  private async askModel(
    dir: string,
    modelId: string,
    path: string,
    request: PromptRequest,
    update: (changes: Partial<CompareResult>) => void,
    fileName: string,
  ): Promise<{ model: string | null; provenance: CaptionProvenance } | null> {
    const { device, threads } = this.options.settings();
    const create = this.options.createEngine ?? ((settings) => new CaptionEngine(settings));
    update({ state: 'loading' });
    const started = performance.now();
    let engine: CompareEngine | null = null;
    let loaded = false;
    try {
      engine = create({ modelDir: dir, modelId, device, dtype: null, threads });
      this.engine = engine;
      const status = await engine.ready();
      loaded = true;
      const loadMs = Math.round(performance.now() - started);
      update({ state: 'writing', device: status.device, loadMs });
      let text = '';
      const writingStarted = performance.now();
      const caption = await captionInStyle(engine, path, {
        ocr: false,
        request,
        prompted: followsPrompts(dir),
        onToken: (piece) => {
          text += piece;
          update({ text });
        },
      });
      update({
        state: 'done',
        text: caption.altText,
        device: caption.device,
        durationMs: Math.round(performance.now() - writingStarted),
        stoppedAtTokenLimit: caption.stoppedAtTokenLimit,
      });
      return { model: null, provenance: caption.provenance };
    } catch (error) {
      const message = this.stopped
        ? 'AltLens closed before this model finished.'
        : failureMessage(error, loaded, fileName);
      update({ state: 'failed', text: '', message });
      return null;
    } finally {
      this.engine = null;
      engine?.close();
    }
  }

  /** A saved provider's answer; null (and marked failed, with the provider's own reason) if it gave none. */
  private async askProvider(
    name: string,
    path: string,
    request: PromptRequest,
    update: (changes: Partial<CompareResult>) => void,
  ): Promise<{ model: string; provenance: CaptionProvenance | undefined } | null> {
    const { providers } = this.options;
    update({ state: 'writing' });
    try {
      if (!providers) throw new Error('no saved providers here.');
      const { caption, stoppedAtTokenLimit } = await providerAnswer(
        providers,
        name,
        path,
        request,
        this.calls.signal,
      );
      const { text, device, durationMs, model, provenance } = caption;
      update({ state: 'done', text, device, durationMs, stoppedAtTokenLimit });
      return { model, provenance };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const message = this.stopped
        ? 'AltLens closed before this provider answered.'
        : `The provider ${name} gave no alt text: ${reason}`;
      update({ state: 'failed', text: '', message });
      return null;
    }
  }

  private keep(run: CompareRun): void {
    this.finished.set(run.runId, run);
    for (const runId of this.finished.keys()) {
      if (this.finished.size <= KEPT_RUNS) break;
      this.finished.delete(runId);
      this.made.delete(runId);
    }
  }
}

function waiting(option: CompareOption): CompareResult {
  return {
    ...option,
    state: 'waiting',
    text: '',
    message: null,
    device: null,
    loadMs: null,
    durationMs: null,
    stoppedAtTokenLimit: false,
  };
}

/** Why a model gave no alt text, in plain words, with what to do. */
function failureMessage(error: unknown, loaded: boolean, fileName: string): string {
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof EngineLoadError || !loaded) {
    return `The model could not be started: ${reason} Import or download it again, or choose another model.`;
  }
  if (error instanceof ImageCaptionError || error instanceof RequestRefusedError) {
    return `This model could not describe ${fileName}: ${reason}`;
  }
  return `The model stopped while describing ${fileName}: ${reason} Try again, or choose another model.`;
}

import { CaptionTask, type CaptionQueueStatus, type ModelTasks } from '../../../contract/api.js';
import type { Library } from '../library/library.js';
import { modelDisplayName } from '../models/model-name.js';
import type { Settings } from '../settings.js';
import { followsPrompts, readModelFamily } from './architectures.js';
import {
  CaptionEngine,
  EngineLoadError,
  RequestRefusedError,
  type EngineSettings,
} from './caption-engine.js';
import { taskRefusal } from './tasks.js';

/** What the captions need of an engine; the real one is CaptionEngine (a process running the model). */
export type Engine = Pick<CaptionEngine, 'ready' | 'caption' | 'ask' | 'close'>;

export type EngineState = CaptionQueueStatus['engine'];

export interface ResolvedModel {
  readonly dir: string;
  readonly id: string;
}

export interface EngineSlotOptions {
  readonly library: Library;
  /** A catalog model id or a folder → the folder to load (throws a readable error if not installed). */
  readonly resolveModel: (model: string) => Promise<ResolvedModel>;
  /** The model's name for people (default: modelDisplayName, which cannot tell a test model by its id). */
  readonly nameModel?: (model: string) => Promise<string>;
  readonly createEngine?: (settings: EngineSettings) => Engine;
  /** The settings in force when the engine starts. */
  readonly settings: () => Settings;
  /** Called whenever the state people see changed. */
  readonly changed: () => void;
}

/**
 * The one engine process of the captions, started when first needed and kept with its model loaded, and
 * the state people see of it (idle, starting, ready on a device, failed with the reason).
 */
export class EngineSlot {
  private engine: Promise<Engine> | null = null;
  private current: EngineState;
  private closed = false;
  /** The loaded model follows a written prompt (set when its engine starts). */
  private followsPrompts = false;

  constructor(private readonly options: EngineSlotOptions) {
    const { model } = options.settings();
    this.current = {
      state: 'idle',
      model,
      modelName: modelDisplayName(model),
      device: null,
      skipped: [],
      message: null,
    };
    this.refreshModelName();
  }

  get state(): EngineState {
    return this.current;
  }

  get prompted(): boolean {
    return this.followsPrompts;
  }

  /** The engine cannot run (or the chosen provider cannot be used): says why until the queue resumes. */
  fail(message: string): void {
    this.current = { ...this.current, state: 'failed', message };
  }

  /** Taking jobs again after a failure: the next job tries the engine again. */
  clearFailure(): void {
    if (this.current.state === 'failed') this.current = { ...this.current, state: 'idle', message: null };
  }

  /** The captions are made by a provider: its model and where it runs stand in for the engine's. */
  showProvider(model: string, label: string): void {
    this.current = { ...this.idleState(model), state: 'ready', modelName: model, device: label };
  }

  /** Drops the loaded engine (a new model was installed or chosen); says whether it had failed. */
  restart(): { wasFailed: boolean } {
    this.close();
    const wasFailed = this.current.state === 'failed';
    this.current = this.idleState(this.options.settings().model);
    this.refreshModelName();
    return { wasFailed };
  }

  /** Closes the engine for good. */
  stop(): void {
    this.closed = true;
    this.close();
  }

  /** The engine, started once for all the jobs that ask for it at the same time. */
  ensure(): Promise<Engine> {
    if (!this.engine) {
      const starting = this.start();
      this.engine = starting;
      starting.catch(() => {
        if (this.engine === starting) this.engine = null;
      });
    }
    return this.engine;
  }

  /** The engine, once the chosen model is known to do `task`; else a RequestRefusedError naming one that can. */
  async for(task: CaptionTask): Promise<{ engine: Engine; modelName: string }> {
    // A model that cannot start (not installed, say) is the person's to fix: the request is refused.
    const engine = await this.ensure().catch((error: unknown) => {
      throw error instanceof EngineLoadError ? new RequestRefusedError(error.message) : error;
    });
    const { model, modelName } = this.current;
    if (!readModelFamily((await this.options.resolveModel(model)).dir).tasks.includes(task)) {
      throw new RequestRefusedError(taskRefusal(task, modelName, 'settings'));
    }
    return { engine, modelName };
  }

  /** What the chosen model can do (read from its folder; nothing is loaded), and why not the rest. */
  async tasks(): Promise<ModelTasks> {
    const { model } = this.options.settings();
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

  private close(): void {
    void this.engine?.then(
      (engine) => engine.close(),
      () => undefined,
    );
    this.engine = null;
  }

  /** Nothing loaded; the model keeps the name it has (a new one is named by its id until its folder is read). */
  private idleState(model: string): EngineState {
    const modelName = model === this.current.model ? this.current.modelName : modelDisplayName(model);
    return { state: 'idle', model, modelName, device: null, skipped: [], message: null };
  }

  /** The model's full name (a test model is told by its folder) once it is known; says so if it changed. */
  private refreshModelName(): void {
    const { model } = this.current;
    void this.nameOf(model).then(
      (modelName) => {
        if (this.closed || this.current.model !== model || this.current.modelName === modelName) return;
        this.current = { ...this.current, modelName };
        this.options.changed();
      },
      () => undefined,
    );
  }

  private nameOf(model: string): Promise<string> {
    return this.options.nameModel?.(model) ?? Promise.resolve(modelDisplayName(model));
  }

  private async start(): Promise<Engine> {
    const settings = this.options.settings();
    this.current = { ...this.idleState(settings.model), state: 'starting' };
    this.options.changed();
    try {
      const model = await this.options.resolveModel(settings.model);
      const modelName = await this.nameOf(settings.model);
      this.followsPrompts = followsPrompts(model.dir);
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
      this.current = {
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

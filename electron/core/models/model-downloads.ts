import type { ModelDownloadState, ModelSummary } from '../../../contract/api.js';
import { catalog, findCatalogModel, type CatalogModel } from '../../../models/catalog.js';
import type { EventHub } from '../events.js';
import { ModelDownloadError } from './model-download-error.js';
import type { ModelStore } from './model-store.js';

/** How often, at most, download progress is pushed to the UI. */
const PROGRESS_INTERVAL_MS = 200;

/**
 * Model downloads started from the UI: one at a time per model, cancellable, progress pushed as
 * `models.download` events, the outcome (or the readable reason it failed) kept for whoever asks next.
 */
export class ModelDownloads {
  private readonly states = new Map<string, ModelDownloadState>();
  private readonly controllers = new Map<string, AbortController>();

  constructor(
    private readonly store: ModelStore,
    private readonly events: EventHub,
    private readonly options: {
      host?: string;
      onInstalled?: (modelId: string) => void;
      models?: readonly CatalogModel[];
    } = {},
  ) {}

  start(modelId: string): ModelDownloadState {
    const running = this.states.get(modelId);
    if (running?.state === 'running') return running;
    const controller = new AbortController();
    this.controllers.set(modelId, controller);
    let lastEmit = 0;
    this.update({
      modelId,
      state: 'running',
      bytesDone: 0,
      bytesTotal: 0,
      file: null,
      fileIndex: 0,
      fileCount: 0,
      message: null,
    });
    void this.store
      .download(modelId, {
        ...(this.options.host ? { host: this.options.host } : {}),
        signal: controller.signal,
        onProgress: (progress) => {
          const state = { ...this.stateOf(modelId), ...progress, state: 'running' as const };
          this.states.set(modelId, state);
          if (Date.now() - lastEmit >= PROGRESS_INTERVAL_MS) {
            lastEmit = Date.now();
            this.update(state);
          }
        },
      })
      .then(
        () => {
          const current = this.stateOf(modelId);
          this.update({
            ...current,
            state: 'done',
            bytesDone: current.bytesTotal,
            file: null,
            message: null,
          });
          this.options.onInstalled?.(modelId);
        },
        (error: unknown) => {
          const cancelled = error instanceof ModelDownloadError && error.kind === 'cancelled';
          const message = error instanceof Error ? error.message : String(error);
          this.update({ ...this.stateOf(modelId), state: cancelled ? 'cancelled' : 'failed', message });
        },
      )
      .finally(() => this.controllers.delete(modelId));
    return this.stateOf(modelId);
  }

  cancel(modelId: string): void {
    this.controllers.get(modelId)?.abort();
  }

  async list(activeModel: string): Promise<ModelSummary[]> {
    const models = this.options.models ?? catalog;
    return (await this.store.list()).map((stored): ModelSummary => {
      if (stored.kind === 'imported') {
        return {
          id: stored.id,
          displayName: stored.displayName,
          kind: 'imported',
          installed: true,
          isDefault: false,
          active: stored.id === activeModel,
          downloadBytes: null,
          licence: null,
        };
      }
      const entry = findCatalogModel(stored.id, models);
      return {
        id: stored.id,
        displayName: stored.displayName,
        kind: 'catalog',
        installed: stored.installed,
        isDefault: stored.isDefault,
        active: stored.id === activeModel,
        downloadBytes: entry ? downloadBytes(entry) : null,
        licence: entry?.licence.id ?? null,
      };
    });
  }

  private stateOf(modelId: string): ModelDownloadState {
    const state = this.states.get(modelId);
    if (!state) throw new Error(`no download of ${modelId}`);
    return state;
  }

  private update(state: ModelDownloadState): void {
    this.states.set(state.modelId, state);
    this.events.emit({ type: 'models.download', download: state });
  }
}

/** About how much the model's CPU download weighs, from the catalog (null if a size is unknown). */
function downloadBytes(model: CatalogModel): number | null {
  const option = model.dtypes[model.defaultDtype.cpu];
  if (!option) return null;
  let total = 0;
  for (const file of [...model.configFiles, ...option.files]) {
    const bytes = file.bytes ?? file.approxBytes;
    if (bytes === null) {
      if (file.optional || file.path.endsWith('.json')) continue; // small JSON files do not change the figure
      return null;
    }
    total += bytes;
  }
  return total;
}

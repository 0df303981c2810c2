import { join } from 'node:path';
import { createHandlers, type Handlers } from './api/handlers.js';
import { AskService } from './captioning/ask-service.js';
import { ExtendedDescriptionService } from './captioning/extended-service.js';
import { CaptionService, type CaptionServiceOptions } from './captioning/caption-service.js';
import { CompareService } from './captioning/compare-service.js';
import { Library } from './library/library.js';
import type { MetadataRepository } from './metadata/metadata-repository.js';
import { ModelDownloads } from './models/model-downloads.js';
import { ModelStore } from './models/model-store.js';
import { KeyFile } from './providers/keys.js';
import { SavedProviders } from './providers/saved-providers.js';
import { LibraryWatcher, type LibraryWatcherOptions } from './watching/library-watcher.js';
import { metadataWriter, writingRepository } from './writing/metadata-writer.js';
import { WriteService } from './writing/write-service.js';

export interface Core {
  readonly library: Library;
  readonly captions: CaptionService;
  readonly models: ModelStore;
  readonly metadata: MetadataRepository;
  readonly writes: WriteService;
  /** Watches every folder of the library while the core runs. */
  readonly watcher: LibraryWatcher;
  readonly handlers: Handlers;
  close(): Promise<void>;
}

export interface CoreOptions {
  readonly dataDir: string;
  readonly overrides?: CaptionServiceOptions['overrides'];
  readonly createEngine?: CaptionServiceOptions['createEngine'];
  /** A provider for the captions of this run only (`serve --provider`). */
  readonly provider?: CaptionServiceOptions['provider'];
  /** The model host (default: the Hugging Face hub; ALTLENS_MODEL_HOST overrides it). */
  readonly modelHost?: string;
  /** How the folders are watched (tests inject a watcher factory or shorter timings). */
  readonly watching?: LibraryWatcherOptions;
}

/** The core every host runs (Electron app, browser mode): the library, its caption jobs, the API. */
export function openCore(options: CoreOptions): Core {
  const metadata = writingRepository(options.dataDir);
  const library = Library.open(options.dataDir, { metadata, previews: metadata });
  const writes = new WriteService(library, metadataWriter(metadata));
  const models = new ModelStore(join(options.dataDir, 'models'));
  const providers = new SavedProviders(library.settings, KeyFile.inDataDir(options.dataDir));
  const captions = new CaptionService({
    library,
    resolveModel: async (model) => ({ dir: await models.pathOf(model), id: model }),
    nameModel: (model) => models.nameOf(model),
    providers,
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.createEngine ? { createEngine: options.createEngine } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  const modelHost = options.modelHost ?? process.env.ALTLENS_MODEL_HOST;
  const downloads = new ModelDownloads(models, library.events, {
    ...(modelHost ? { host: modelHost } : {}),
    // A model that just arrived may be the one the captions were waiting for.
    onInstalled: (modelId) => {
      if (modelId === captions.settings().model) captions.restartEngine();
    },
  });
  const compare = new CompareService({
    library,
    models,
    settings: () => captions.settings(),
    providers,
    ...(options.createEngine ? { createEngine: options.createEngine } : {}),
  });
  captions.start();
  writes.start();
  const watcher = new LibraryWatcher(library, options.watching);
  void watcher.start();
  return {
    library,
    captions,
    models,
    metadata,
    writes,
    watcher,
    handlers: createHandlers({
      library,
      captions,
      asks: new AskService(library, captions),
      extended: new ExtendedDescriptionService(library, captions),
      compare,
      downloads,
      models,
      writes,
      providers,
    }),
    close: async () => {
      // A scan of a big folder would hold the shutdown up: it stops between files.
      await library.stopScans();
      await Promise.all([watcher.stop(), captions.stop(), writes.stop(), compare.stop()]);
      library.close();
      await metadata.close();
    },
  };
}

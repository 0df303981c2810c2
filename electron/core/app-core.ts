import { join } from 'node:path';
import { createHandlers, type Handlers } from './api/handlers.js';
import { CaptionService, type CaptionServiceOptions } from './captioning/caption-service.js';
import { Library } from './library/library.js';
import { ModelStore } from './models/model-store.js';

export interface Core {
  readonly library: Library;
  readonly captions: CaptionService;
  readonly models: ModelStore;
  readonly handlers: Handlers;
  close(): Promise<void>;
}

export interface CoreOptions {
  readonly dataDir: string;
  readonly overrides?: CaptionServiceOptions['overrides'];
  readonly createEngine?: CaptionServiceOptions['createEngine'];
}

/** The core every host runs (Electron app, browser mode): the library, its caption jobs, the API. */
export function openCore(options: CoreOptions): Core {
  const library = Library.open(options.dataDir);
  const models = new ModelStore(join(options.dataDir, 'models'));
  const captions = new CaptionService({
    library,
    resolveModel: async (model) => ({ dir: await models.pathOf(model), id: model }),
    ...(options.createEngine ? { createEngine: options.createEngine } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  captions.start();
  return {
    library,
    captions,
    models,
    handlers: createHandlers(library, captions),
    close: async () => {
      await captions.stop();
      library.close();
    },
  };
}

import type { z } from 'zod';
import type { CallName, CallResult, calls } from '../../../contract/api.js';
import type { AskService } from '../captioning/ask-service.js';
import type { CaptionService } from '../captioning/caption-service.js';
import type { ExtendedDescriptionService } from '../captioning/extended-service.js';
import { browseFolder } from '../library/folder-browser.js';
import type { CompareService } from '../captioning/compare-service.js';
import { canonicalLanguage } from '../captioning/prompt-context.js';
import { toListFilter, type Library } from '../library/library.js';
import { createBatchHandlers } from './batch-calls.js';
import { createProviderHandlers } from './provider-calls.js';
import { badRequest } from './errors.js';
import type { ModelDownloads } from '../models/model-downloads.js';
import { ModelStoreError } from '../models/model-folder.js';
import type { ModelStore } from '../models/model-store.js';
import type { SavedProviders } from '../providers/saved-providers.js';
import type { WriteService } from '../writing/write-service.js';

export type Handler<N extends CallName> = (
  params: z.infer<(typeof calls)[N]['params']>,
) => Promise<CallResult<N>> | CallResult<N>;

/** The one typed map from call name to implementation. */
export type Handlers = { [N in CallName]: Handler<N> };

export interface Services {
  readonly library: Library;
  readonly captions: CaptionService;
  readonly asks: Pick<AskService, 'ask' | 'history'>;
  readonly extended: Pick<ExtendedDescriptionService, 'write'>;
  readonly compare: Pick<CompareService, 'candidates' | 'run' | 'pick'>;
  readonly downloads: ModelDownloads;
  readonly models: Pick<ModelStore, 'importFolder' | 'remove' | 'checkChoice'>;
  readonly writes: Pick<WriteService, 'queue' | 'undo' | 'status' | 'pause' | 'resume' | 'cancel'>;
  readonly providers: SavedProviders;
}

/** A model store's refusal (not a model folder, not installed) is the person's to fix: a bad request. */
async function asked<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw error instanceof ModelStoreError ? badRequest(error.message) : error;
  }
}

export function createHandlers(services: Services): Handlers {
  const { library, captions, asks, extended, compare, downloads, models, writes } = services;
  const appSettings = () => {
    const { captionOnAdd, model, device, ocr, autoWrite, theme, textReader, ...settings } =
      captions.settings();
    const { altTextMaxLength, altTextLanguage, contextFolderName, contextFileName, contextMetadata } =
      settings;
    const style = { altTextMaxLength, altTextLanguage, contextFolderName, contextFileName, contextMetadata };
    return { captionOnAdd, model, device, ocr, autoWrite, theme, textReader, ...style };
  };
  return {
    ...createBatchHandlers({ library, captions, writes }),
    ...createProviderHandlers(services.providers, undefined, (name) =>
      library.folderContexts.forgetProvider(name),
    ),
    'folders.add': ({ path }) => library.addFolder(path),
    'folders.list': () => library.folders(),
    'folders.tree': () => library.folderTree(),
    'folders.browse': ({ path }) => browseFolder(path ?? null),
    'folders.context': ({ folderId }) => library.folderContexts.of(folderId),
    'folders.updateContext': ({ folderId, ...changes }) => {
      try {
        if (changes.provider !== undefined) services.providers.checkFolderChoice(changes.provider);
      } catch (error) {
        throw badRequest(error instanceof Error ? error.message : String(error));
      }
      return library.folderContexts.update(folderId, changes);
    },
    'images.list': (params) => library.listImages(params),
    'images.ids': (filter) => ({ ids: library.imageIds(toListFilter(filter)) }),
    'images.get': ({ id }) => library.getImage(id),
    'images.ask': ({ imageId, question }) => asks.ask(imageId, question),
    'images.questions': ({ imageId }) => asks.history(imageId),
    'images.extended': ({ imageId }) => extended.write(imageId),
    'compare.options': () => compare.candidates(),
    'compare.run': ({ imageId, candidates }) => compare.run(imageId, candidates),
    'compare.pick': ({ runId, index }) => compare.pick(runId, index),
    'images.removeMissing': (target) => library.removeMissing(target),
    'images.search': (params) => library.search(params),
    'images.neighbours': ({ id, ...filter }) => library.neighbours(id, toListFilter(filter)),
    'images.failures': ({ job, limit }) => library.failures(job, limit),
    'descriptions.save': ({ imageId, text, extDescription, decorative }) =>
      library.saveDescription(imageId, text, { extDescription, decorative }),
    'descriptions.approve': ({ imageId }) => {
      const approved = library.approve(imageId);
      if (!captions.settings().autoWrite) return approved;
      // Written at once: the answer already says the write is queued.
      writes.queue({ imageIds: [imageId] });
      return library.getImage(imageId);
    },
    'metadata.write': (target) => writes.queue(target),
    'metadata.undo': ({ imageId }) => writes.undo(imageId),
    'writes.status': () => writes.status(),
    'writes.pause': () => writes.pause(),
    'writes.resume': () => writes.resume(),
    'writes.cancel': () => writes.cancel(),
    'folders.updateWriteSettings': ({ folderId, ...changes }) =>
      library.updateWriteSettings(folderId, changes),
    'captions.prioritise': ({ imageIds }) => captions.prioritise(imageIds),
    'captions.status': () => captions.status(),
    'captions.pause': () => captions.pause(),
    'captions.resume': () => captions.resume(),
    'captions.cancel': () => captions.cancel(),
    'captions.retry': () => captions.retry(),
    'models.tasks': () => captions.tasks(),
    'models.list': () => downloads.list(captions.settings().model),
    'models.download': ({ modelId }) => downloads.start(modelId),
    'models.cancelDownload': ({ modelId }) => {
      downloads.cancel(modelId);
      return {};
    },
    'models.import': async ({ path }) => {
      await asked(models.importFolder(path));
      return downloads.list(captions.settings().model);
    },
    'models.remove': async ({ modelId }) => {
      await asked(models.remove(modelId));
      // The captions were using it: the engine says why it cannot start until another is chosen.
      if (modelId === captions.settings().model) captions.restartEngine();
      return downloads.list(captions.settings().model);
    },
    'settings.get': appSettings,
    'settings.update': async ({ model, altTextLanguage, ...changes }) => {
      // The contract checks the types; a model must also be one AltLens can run, not any path.
      const chosen = model === undefined ? {} : { model: await asked(models.checkChoice(model)) };
      const language =
        altTextLanguage === undefined ? {} : { altTextLanguage: canonicalLanguage(altTextLanguage) ?? 'en' };
      captions.updateSettings({ ...changes, ...chosen, ...language });
      return appSettings();
    },
  };
}

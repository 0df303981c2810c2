import type { z } from 'zod';
import type { CallName, CallResult, calls } from '../../../contract/api.js';
import type { CaptionService } from '../captioning/caption-service.js';
import type { Library } from '../library/library.js';
import type { ModelDownloads } from '../models/model-downloads.js';
import type { WriteService } from '../writing/write-service.js';

export type Handler<N extends CallName> = (
  params: z.infer<(typeof calls)[N]['params']>,
) => Promise<CallResult<N>> | CallResult<N>;

/** The one typed map from call name to implementation. */
export type Handlers = { [N in CallName]: Handler<N> };

export interface Services {
  readonly library: Library;
  readonly captions: CaptionService;
  readonly downloads: ModelDownloads;
  readonly writes: Pick<WriteService, 'queue' | 'undo'>;
}

export function createHandlers({ library, captions, downloads, writes }: Services): Handlers {
  const appSettings = () => {
    const { captionOnAdd, model, device, ocr } = captions.settings();
    return { captionOnAdd, model, device, ocr };
  };
  return {
    'folders.add': ({ path }) => library.addFolder(path),
    'folders.list': () => library.folders(),
    'images.list': ({ status }) => library.listImages({ status }),
    'images.get': ({ id }) => library.getImage(id),
    'images.search': (params) => library.search(params),
    'descriptions.save': ({ imageId, text, extDescription, decorative }) =>
      library.saveDescription(imageId, text, { extDescription, decorative }),
    'descriptions.approve': ({ imageId }) => library.approve(imageId),
    'metadata.write': (target) => writes.queue(target),
    'metadata.undo': ({ imageId }) => writes.undo(imageId),
    'folders.updateWriteSettings': ({ folderId, ...changes }) =>
      library.updateWriteSettings(folderId, changes),
    'captions.queue': ({ imageIds, force }) => captions.queue(imageIds, force),
    'captions.prioritise': ({ imageIds }) => captions.prioritise(imageIds),
    'captions.status': () => captions.status(),
    'captions.pause': () => captions.pause(),
    'captions.resume': () => captions.resume(),
    'captions.cancel': () => captions.cancel(),
    'captions.retry': () => captions.retry(),
    'models.list': () => downloads.list(captions.settings().model),
    'models.download': ({ modelId }) => downloads.start(modelId),
    'models.cancelDownload': ({ modelId }) => {
      downloads.cancel(modelId);
      return {};
    },
    'settings.get': appSettings,
    'settings.update': (changes) => {
      captions.updateSettings(changes);
      return appSettings();
    },
  };
}

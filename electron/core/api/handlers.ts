import type { z } from 'zod';
import type { CallName, CallResult, calls } from '../../../contract/api.js';
import type { Library } from '../library/library.js';

export type Handler<N extends CallName> = (
  params: z.infer<(typeof calls)[N]['params']>,
) => Promise<CallResult<N>> | CallResult<N>;

/** The one typed map from call name to implementation. */
export type Handlers = { [N in CallName]: Handler<N> };

export function createHandlers(library: Library): Handlers {
  return {
    'folders.add': ({ path }) => library.addFolder(path),
    'folders.list': () => library.folders(),
    'images.list': ({ status }) => library.listImages({ status }),
    'images.get': ({ id }) => library.getImage(id),
    'descriptions.save': ({ imageId, text }) => library.saveDescription(imageId, text),
  };
}

import type { Selection, Skipped } from '../../../contract/api.js';
import type { CaptionService } from '../captioning/caption-service.js';
import { toCsv, toExportRow, toJson } from '../library/export.js';
import { toListFilter, type Library } from '../library/library.js';
import { writeRefusal, type WriteService } from '../writing/write-service.js';
import type { Handlers } from './handlers.js';

type BatchCall =
  | 'descriptions.approveMany'
  | 'descriptions.countHumanWritten'
  | 'metadata.writeMany'
  | 'images.export'
  | 'captions.queue';

interface BatchServices {
  readonly library: Library;
  readonly captions: CaptionService;
  readonly writes: Pick<WriteService, 'queue'>;
}

/** A selection's filter (search words and filters) in the library's terms; ids are kept as they are. */
function resolve(library: Library, selection: Selection): number[] {
  return library.selectionIds(
    'imageIds' in selection ? selection : { filter: toListFilter(selection.filter) },
  );
}

/** The calls that act on many photos at once: these ids, or every photo a search and its filters hold. */
export function createBatchHandlers({ library, captions, writes }: BatchServices): Pick<Handlers, BatchCall> {
  return {
    'descriptions.approveMany': (selection) => {
      const { approvedIds, skipped } = library.approveMany(resolve(library, selection));
      // With auto-write on, approving is writing: the same as approving one photo.
      if (approvedIds.length > 0 && captions.settings().autoWrite) writes.queue({ imageIds: approvedIds });
      return { approved: approvedIds.length, skipped };
    },
    'descriptions.countHumanWritten': (selection) => {
      const ids = resolve(library, selection);
      const count = ids.filter((id) => {
        const source = library.findImage(id)?.descriptionSource;
        return source === 'human' || source === 'imported';
      }).length;
      return { count };
    },
    'metadata.writeMany': (selection) => {
      const writable: number[] = [];
      const skipped: Skipped = [];
      for (const imageId of resolve(library, selection)) {
        const image = library.findImage(imageId);
        const reason = image ? writeRefusal(image) : 'not in the library';
        if (reason) skipped.push({ imageId, reason });
        else writable.push(imageId);
      }
      if (writable.length > 0) writes.queue({ imageIds: writable });
      return { queued: writable.length, skipped };
    },
    'images.export': ({ selection, format }) => {
      const images = resolve(library, selection).flatMap((id) => library.findImage(id) ?? []);
      images.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      const rows = images.map(toExportRow);
      return format === 'csv'
        ? { fileName: 'altlens-export.csv', mimeType: 'text/csv', content: toCsv(rows) }
        : { fileName: 'altlens-export.json', mimeType: 'application/json', content: toJson(rows) };
    },
    'captions.queue': ({ force, ...selection }) => captions.queue(resolve(library, selection), force),
  };
}

import type { RefObject } from 'react';
import { SelectablePhotoGrid } from '../batch/SelectablePhotoGrid';
import type { CaptionQueue } from '../captions/useCaptionQueue';
import { captionsWaitForModel } from '../models/model-text';
import type { Models } from '../models/useModels';
import type { Library } from './useLibrary';
import { LibrarySidebar } from './LibrarySidebar';
import { LibraryStatusBar } from './LibraryStatusBar';
import { ModelNotice } from './ModelNotice';
import { SearchForm } from './SearchForm';
import { SortPicker } from './SortPicker';
import { ThumbnailSizePicker } from './ThumbnailSizePicker';
import { THUMBNAIL_SIZES, useThumbnailSize } from './useThumbnailSize';
import { countText, matchText } from './status-text';
import { useFolderList } from './useFolderCall';
import { isActive } from './useSearch';
import { useWriteQueue } from './useWriteQueue';

interface Props {
  library: Library;
  queue: CaptionQueue;
  models: Models;
  onOpen: (id: number) => void;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** Whether the library is the view on screen (it stays mounted under the others). */
  isShown: boolean;
}

export function LibraryView({ library, queue, models, onOpen, headingRef, isShown }: Props) {
  const { loaded, filters, count } = library;
  const writes = useWriteQueue();
  const folders = useFolderList();
  const [thumbnailSize, setThumbnailSize] = useThumbnailSize();
  const searching = isActive(filters);
  const status =
    searching && loaded && library.answered ? matchText(library.total, library.answered.query) : '';
  return (
    <div className="library-layout">
      <LibrarySidebar filters={filters} onChange={library.setFilters} folders={folders} />
      <section className="library-main" aria-labelledby="library-heading">
        <h2 id="library-heading" ref={headingRef} tabIndex={-1}>
          Library{count !== null && <span className="count"> ({countText(count, 'photo', 'photos')})</span>}
        </h2>
        <ModelNotice models={models} queue={queue} isShown={isShown} focusAfter={headingRef} />
        <div className="library-toolbar">
          <SearchForm filters={filters} onChange={library.setFilters} />
          <SortPicker filters={filters} onChange={library.setFilters} />
          <ThumbnailSizePicker size={thumbnailSize} onChange={setThumbnailSize} />
        </div>
        <p role="status" className="status-message">
          {status}
        </p>
        <p role="alert" className="error-message">
          {library.error}
        </p>
        {loaded ? (
          <SelectablePhotoGrid
            filters={filters}
            total={library.total}
            isShown={isShown}
            loaded={loaded}
            showPage={library.showPage}
            currentImageId={queue.status?.current?.imageId ?? null}
            waitingForModel={captionsWaitForModel(models.list, queue.status)}
            onOpen={onOpen}
            minCardWidth={THUMBNAIL_SIZES[thumbnailSize]}
            emptyText={searching ? 'No photos match. Change the search or clear the filters.' : undefined}
          />
        ) : (
          <p>{searching ? 'Searching…' : 'Loading the library…'}</p>
        )}
        <LibraryStatusBar queue={queue} writes={writes} />
      </section>
    </div>
  );
}

import { useEffect, useRef, useState, type Ref } from 'react';
import { Button } from 'react-aria-components';
import type { CaptionQueue } from '../captions/useCaptionQueue';
import type { Library } from './useLibrary';
import { AddFolderForm } from './AddFolderForm';
import { PhotoGrid } from './PhotoGrid';
import { SearchForm } from './SearchForm';
import { countText, matchText } from './status-text';
import { useFolderList } from './useFolderList';
import { isActive, noFilters, useSearch } from './useSearch';
import { useWriteQueue } from './useWriteQueue';
import { WriteAllPanel } from './WriteAllPanel';

interface Props {
  library: Library;
  queue: CaptionQueue;
  onOpen: (id: number) => void;
  headingRef: Ref<HTMLHeadingElement>;
}

export function LibraryView({ library, queue, onOpen, headingRef }: Props) {
  const { images, error } = library;
  const writes = useWriteQueue();
  const folders = useFolderList();
  const [filters, setFilters] = useState(noFilters);
  const searching = isActive(filters);
  const results = useSearch(filters);
  const shown = searching ? results.images : images;
  const resultsRef = useRef<HTMLDivElement>(null);
  // After "Show more", focus moves to the first photo that was added (the button may be gone).
  const focusAfter = useRef<number | null>(null);
  useEffect(() => {
    const first = focusAfter.current === null ? undefined : results.images?.[focusAfter.current];
    if (!first) return;
    focusAfter.current = null;
    resultsRef.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(String(first.id))}"]`)?.focus();
  }, [results.images]);

  const status =
    searching && results.images && results.answered
      ? matchText(results.total, results.images.length, results.answered.query)
      : '';
  return (
    <>
      <section className="panel" aria-labelledby="add-folder-heading">
        <h2 id="add-folder-heading">Add a folder</h2>
        <AddFolderForm />
      </section>
      <WriteAllPanel images={images} status={writes} />
      <section className="panel" aria-labelledby="library-heading">
        <h2 id="library-heading" ref={headingRef} tabIndex={-1}>
          Library{images && <span className="count"> ({countText(images.length, 'photo', 'photos')})</span>}
        </h2>
        <SearchForm filters={filters} folders={folders} onChange={setFilters} />
        <p role="status" className="status-message">
          {status}
        </p>
        <p role="alert" className="error-message">
          {searching ? results.error : error}
        </p>
        <div ref={resultsRef}>
          {shown ? (
            <PhotoGrid
              images={shown}
              currentImageId={queue.status?.current?.imageId ?? null}
              onOpen={onOpen}
              emptyText={searching ? 'No photos match. Change the search or clear the filters.' : undefined}
            />
          ) : (
            <p>{searching ? 'Searching…' : 'Loading the library…'}</p>
          )}
        </div>
        {searching && results.images && results.images.length < results.total && (
          <Button
            className="button show-more"
            isDisabled={results.loadingMore}
            onPress={() => {
              focusAfter.current = results.images?.length ?? null;
              results.showMore();
            }}
          >
            Show more
          </Button>
        )}
      </section>
    </>
  );
}

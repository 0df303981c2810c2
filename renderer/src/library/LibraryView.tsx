import type { Ref } from 'react';
import { CaptionQueuePanel } from '../captions/CaptionQueuePanel';
import type { CaptionQueue } from '../captions/useCaptionQueue';
import type { Models } from '../models/useModels';
import type { Library } from './useLibrary';
import { AddFolderForm } from './AddFolderForm';
import { PhotoGrid } from './PhotoGrid';
import { countText } from './status-text';
import { useWriteQueue } from './useWriteQueue';
import { WriteAllPanel } from './WriteAllPanel';

interface Props {
  library: Library;
  queue: CaptionQueue;
  models: Models;
  onOpen: (id: number) => void;
  headingRef: Ref<HTMLHeadingElement>;
}

export function LibraryView({ library, queue, models, onOpen, headingRef }: Props) {
  const { images, error } = library;
  const writes = useWriteQueue();
  return (
    <>
      <section className="panel" aria-labelledby="add-folder-heading">
        <h2 id="add-folder-heading">Add a folder</h2>
        <AddFolderForm />
      </section>
      <CaptionQueuePanel queue={queue} models={models} />
      <WriteAllPanel images={images} status={writes} />
      <section className="panel" aria-labelledby="library-heading">
        <h2 id="library-heading" ref={headingRef} tabIndex={-1}>
          Library{images && <span className="count"> ({countText(images.length, 'photo', 'photos')})</span>}
        </h2>
        <p role="alert" className="error-message">
          {error}
        </p>
        {images ? (
          <PhotoGrid
            images={images}
            currentImageId={queue.status?.current?.imageId ?? null}
            onOpen={onOpen}
          />
        ) : (
          <p>Loading the library…</p>
        )}
      </section>
    </>
  );
}

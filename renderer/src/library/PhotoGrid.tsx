import {
  Collection,
  GridLayout,
  GridList,
  GridListItem,
  GridListLoadMoreItem,
  Size,
  Virtualizer,
  type Selection,
} from 'react-aria-components';
import type { Ref } from 'react';
import type { ImageSummary } from '../../../contract/api';
import { useApi } from '../api/ApiContext';
import { CheckboxField } from '../app/CheckboxField';
import { captionJobText, effectiveJob, photoName, statusText, writeJobText } from './status-text';
import { Thumbnail } from './Thumbnail';

interface Props {
  /** The photos loaded so far; more are asked for (`onLoadMore`) as the grid scrolls towards the end. */
  images: ImageSummary[];
  onLoadMore: () => void;
  loadingMore: boolean;
  /** The image being captioned now, if any. */
  currentImageId: number | null;
  onOpen: (id: number) => void;
  /** Said when there are no photos (the default suits the whole library). */
  emptyText?: string | undefined;
  /** The selected photos' ids, or "all" (every photo the list holds, loaded or not). */
  selectedKeys: Selection;
  onSelectionChange: (keys: Selection) => void;
  gridRef?: Ref<HTMLDivElement>;
}

/** Cards at least 13rem wide; their height is measured (rows take their tallest card's). */
const layoutOptions = { minItemSize: new Size(208, 300), minSpace: new Size(16, 16) };

/**
 * The photos, virtualised: only the cards in view (and the focused one) are in the page, however many photos
 * there are. Arrow keys move in two dimensions; Home and End go to the first and last loaded photo. Space
 * (or a card's checkbox) selects, Shift+arrows extend the selection, Ctrl+A selects the loaded photos and
 * Escape clears. While nothing is selected, Enter (or a click) opens a photo and typing a name jumps to it;
 * while photos are selected, Enter and a click select too, and Shift+letters are the selection's shortcuts.
 */
export function PhotoGrid({
  images,
  onLoadMore,
  loadingMore,
  currentImageId,
  onOpen,
  emptyText,
  selectedKeys,
  onSelectionChange,
  gridRef,
}: Props) {
  const api = useApi();
  const selecting = selectedKeys === 'all' || selectedKeys.size > 0;
  return (
    <Virtualizer layout={GridLayout} layoutOptions={layoutOptions}>
      <GridList
        ref={gridRef}
        aria-label="Photos"
        layout="grid"
        className="photo-grid"
        selectionMode="multiple"
        selectedKeys={selectedKeys}
        onSelectionChange={onSelectionChange}
        disallowTypeAhead={selecting}
        onAction={(key) => onOpen(Number(key))}
        renderEmptyState={() => (
          <p className="empty-state">{emptyText ?? 'No photos yet. Add a folder to begin.'}</p>
        )}
      >
        <Collection items={images} dependencies={[currentImageId]}>
          {(image) => {
            const job = effectiveJob(image, currentImageId);
            const status = statusText[image.status];
            const jobText = captionJobText(job);
            const writeText = writeJobText(image.writeJob);
            const note = image.status === 'failed' ? image.error : image.altText;
            return (
              <GridListItem
                id={image.id}
                textValue={photoName({ ...image, captionJob: job })}
                className="photo"
              >
                <Thumbnail src={image.hasThumbnail ? api.mediaUrl('thumbnail', image.id) : null} />
                <CheckboxField slot="selection">Select</CheckboxField>
                <p className="photo-name">{image.fileName}</p>
                <p className="badge" data-status={image.status}>
                  {status}
                </p>
                {jobText && (
                  <p className="photo-job" data-state={job?.state}>
                    {jobText}
                  </p>
                )}
                {writeText && (
                  <p className="photo-job" data-state={image.writeJob?.state}>
                    {writeText}
                  </p>
                )}
                {image.decorative && !note && <p className="photo-alt">Decorative: no alt text needed.</p>}
                {note && <p className="photo-alt">{note}</p>}
              </GridListItem>
            );
          }}
        </Collection>
        <GridListLoadMoreItem onLoadMore={onLoadMore} isLoading={loadingMore} className="grid-loader">
          Loading more photos…
        </GridListLoadMoreItem>
      </GridList>
    </Virtualizer>
  );
}

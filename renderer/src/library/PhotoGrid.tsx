import {
  Collection,
  GridLayout,
  GridList,
  GridListItem,
  Size,
  Virtualizer,
  type Selection,
} from 'react-aria-components';
import { useMemo, useState, type RefObject } from 'react';
import { CheckboxField } from '../app/CheckboxField';
import { CardInPage } from './CardInPage';
import { gridItems, type GridItem, type ImagePages } from './image-pages';
import { captionJobText, effectiveJob, photoName, statusText, writeJobText } from './status-text';
import { Thumbnail } from './Thumbnail';

interface Props {
  /** Every photo of the list by id (the grid has a card for each), and the pages of them loaded. */
  loaded: ImagePages;
  /** Said for each card in the page while it is (see `SearchResults.showPage`). */
  showPage: (page: number) => () => void;
  /** The image being captioned now, if any. */
  currentImageId: number | null;
  /** Queued captions wait for a model (none is installed, or none can start): the cards say so. */
  waitingForModel: boolean;
  onOpen: (id: number) => void;
  /** Said when there are no photos (the default suits the whole library). */
  emptyText?: string | undefined;
  /** The selected photos' ids, or "all" (every photo the list holds, loaded or not). */
  selectedKeys: Selection;
  onSelectionChange: (keys: Selection) => void;
  gridRef: RefObject<HTMLDivElement | null>;
  /** The narrowest a card may be, in CSS pixels (the thumbnail size chosen). */
  minCardWidth: number;
}

/**
 * The photos, virtualised: a card for every photo of the list, but only the cards in view (and the focused
 * one) are in the page, and only their pages are loaded; a card whose page has not arrived says so until it
 * has. The scroll bar spans the whole list. Arrow keys move in two dimensions; Home and End go to the first
 * and last photo. Space (or a card's checkbox) selects, Shift+arrows extend the selection, Ctrl+A selects the
 * loaded photos and Escape clears. While nothing is selected, Enter (or a click) opens a photo and typing a
 * name jumps to it; while photos are selected, Enter and a click select too, and Shift+letters are the
 * selection's shortcuts.
 */
export function PhotoGrid({
  loaded,
  showPage,
  currentImageId,
  waitingForModel,
  onOpen,
  emptyText,
  selectedKeys,
  onSelectionChange,
  gridRef,
  minCardWidth,
}: Props) {
  // Cards at least minCardWidth wide; their height is measured (rows take their tallest card's).
  const layoutOptions = useMemo(
    () => ({ minItemSize: new Size(minCardWidth, 300), minSpace: new Size(16, 16) }),
    [minCardWidth],
  );
  const selecting = selectedKeys === 'all' || selectedKeys.size > 0;
  const items = useGridItems(loaded, currentImageId);
  return (
    <Virtualizer layout={GridLayout} layoutOptions={layoutOptions}>
      <GridList
        ref={gridRef}
        aria-label="Photos"
        layout="grid"
        className="photo-grid"
        selectionMode="multiple"
        disabledBehavior="selection"
        selectedKeys={selectedKeys}
        onSelectionChange={onSelectionChange}
        disallowTypeAhead={selecting}
        onAction={(key) => {
          if (typeof key === 'number') onOpen(key);
        }}
        renderEmptyState={() => (
          <p className="empty-state">{emptyText ?? 'No photos yet. Add a folder to begin.'}</p>
        )}
      >
        <Collection items={items} dependencies={[waitingForModel]}>
          {(item) => {
            if (!item.image) {
              return (
                <GridListItem id={item.id} textValue={`Photo ${item.index + 1}, loading`} className="photo">
                  <CardInPage index={item.index} showPage={showPage} />
                  <div className="thumb thumb-placeholder" aria-hidden="true" />
                  <p className="photo-name">Loading…</p>
                </GridListItem>
              );
            }
            const image = item.image;
            const job = effectiveJob(image, item.current ? image.id : null);
            const status = statusText[image.status];
            const jobText = captionJobText(job, waitingForModel);
            const writeText = writeJobText(image.writeJob);
            const note = image.status === 'failed' ? image.error : image.altText;
            return (
              <GridListItem
                id={image.id}
                textValue={photoName({ ...image, captionJob: job }, waitingForModel)}
                className="photo"
              >
                <CardInPage index={item.index} showPage={showPage} />
                <Thumbnail imageId={image.hasThumbnail ? image.id : null} />
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
      </GridList>
    </Virtualizer>
  );
}

/** The grid's cards, the unchanged ones kept from the last render (the grid renders only those that changed). */
function useGridItems(loaded: ImagePages, currentImageId: number | null): GridItem[] {
  const [made, setMade] = useState(() => ({
    loaded,
    currentImageId,
    items: gridItems([], loaded, currentImageId),
  }));
  if (made.loaded === loaded && made.currentImageId === currentImageId) return made.items;
  const next = { loaded, currentImageId, items: gridItems(made.items, loaded, currentImageId) };
  setMade(next);
  return next.items;
}

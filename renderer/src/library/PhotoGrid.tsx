import { GridList, GridListItem } from 'react-aria-components';
import type { ImageSummary } from '../../../contract/api';
import { useApi } from '../api/ApiContext';
import { captionJobText, effectiveJob, photoName, statusText, writeJobText } from './status-text';
import { Thumbnail } from './Thumbnail';

interface Props {
  images: ImageSummary[];
  /** The image being captioned now, if any. */
  currentImageId: number | null;
  onOpen: (id: number) => void;
  /** Said when there are no photos (the default suits the whole library). */
  emptyText?: string | undefined;
}

/** Every photo in the library; Enter (or a click) opens one. Arrow keys move in two dimensions. */
export function PhotoGrid({ images, currentImageId, onOpen, emptyText }: Props) {
  const api = useApi();
  return (
    <GridList
      aria-label="Photos"
      layout="grid"
      className="photo-grid"
      items={images}
      dependencies={[currentImageId]}
      onAction={(key) => onOpen(Number(key))}
      renderEmptyState={() => (
        <p className="empty-state">{emptyText ?? 'No photos yet. Add a folder to begin.'}</p>
      )}
    >
      {(image) => {
        const job = effectiveJob(image, currentImageId);
        const status = statusText[image.status];
        const jobText = captionJobText(job);
        const writeText = writeJobText(image.writeJob);
        const note = image.status === 'failed' ? image.error : image.altText;
        return (
          <GridListItem id={image.id} textValue={photoName({ ...image, captionJob: job })} className="photo">
            <Thumbnail src={image.hasThumbnail ? api.mediaUrl('thumbnail', image.id) : null} />
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
    </GridList>
  );
}

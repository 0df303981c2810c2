import { GridList, GridListItem } from 'react-aria-components';
import type { ImageSummary } from '../../../contract/api';
import { useApi } from '../api/ApiContext';
import { statusText } from './status-text';
import { Thumbnail } from './Thumbnail';

interface Props {
  images: ImageSummary[];
  onOpen: (id: number) => void;
}

/** Every photo in the library; Enter (or a click) opens one. Arrow keys move in two dimensions. */
export function PhotoGrid({ images, onOpen }: Props) {
  const api = useApi();
  return (
    <GridList
      aria-label="Photos"
      layout="grid"
      className="photo-grid"
      items={images}
      onAction={(key) => onOpen(Number(key))}
      renderEmptyState={() => <p className="empty-state">No photos yet. Add a folder to begin.</p>}
    >
      {(image) => {
        const status = statusText[image.status];
        const note = image.status === 'failed' ? image.error : image.altText;
        return (
          <GridListItem id={image.id} textValue={`${image.fileName}, ${status}`} className="photo">
            <Thumbnail src={image.hasThumbnail ? api.mediaUrl('thumbnail', image.id) : null} />
            <p className="photo-name">{image.fileName}</p>
            <p className="badge" data-status={image.status}>
              {status}
            </p>
            {note && <p className="photo-alt">{note}</p>}
          </GridListItem>
        );
      }}
    </GridList>
  );
}

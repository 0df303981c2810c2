import { useEffect, useState } from 'react';
import type { ImageSummary } from '../../../contract/api';
import { useApi } from '../api/ApiContext';
import { routeHref } from '../app/useRoute';
import { statusText } from '../library/status-text';
import { Thumbnail } from '../library/Thumbnail';
import { fetchPage, type SearchFilters } from '../library/useSearch';
import type { ReviewPlace } from './review-order';

/** Photos shown around the one open: this many before it, as many after. */
const AROUND = 4;

interface Props {
  place: ReviewPlace;
  filters: SearchFilters;
  currentId: number;
}

/**
 * The photos around the open one in the list Review walks (the library's search and filters), as small
 * thumbnails: links named by file name and status, the open one marked as the current page.
 */
export function Filmstrip({ place, filters, currentId }: Props) {
  const api = useApi();
  const [images, setImages] = useState<ImageSummary[]>([]);
  const { position, total } = place;

  useEffect(() => {
    if (position === null) return;
    let current = true;
    const offset = Math.max(0, Math.min(total - (2 * AROUND + 1), position - 1 - AROUND));
    fetchPage(api, filters, offset, 2 * AROUND + 1).then(
      (page) => {
        if (current) setImages(page.images);
      },
      () => undefined, // previous / next still work; the filmstrip is a view of the same list
    );
    return () => {
      current = false;
    };
  }, [api, filters, position, total]);

  if (position === null || images.length < 2) return null;
  return (
    <nav aria-label="Filmstrip" className="filmstrip">
      <ul>
        {images.map((image) => (
          <li key={image.id}>
            <a
              href={routeHref({ name: 'review', id: image.id })}
              aria-current={image.id === currentId ? 'page' : undefined}
              className="filmstrip-item"
            >
              <Thumbnail imageId={image.hasThumbnail ? image.id : null} />
              <span className="visually-hidden">
                {image.fileName}, {statusText[image.status]}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

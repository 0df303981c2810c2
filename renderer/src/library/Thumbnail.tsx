import { useMediaUrl } from '../api/useMediaUrl';

interface Props {
  /** The photo whose thumbnail to show; null when it has none. */
  imageId: number | null;
}

/**
 * A photo's thumbnail, or a placeholder when there is none (or it fails to load). Decorative: the grid item
 * that holds it already carries the photo's name and status.
 */
export function Thumbnail({ imageId }: Props) {
  const media = useMediaUrl('thumbnail', imageId);
  if (imageId === null || media.failed) {
    return (
      <div className="thumb thumb-placeholder" aria-hidden="true">
        No preview
      </div>
    );
  }
  return (
    <div className="thumb">
      {media.src && <img src={media.src} alt="" loading="lazy" decoding="async" onError={media.onError} />}
    </div>
  );
}

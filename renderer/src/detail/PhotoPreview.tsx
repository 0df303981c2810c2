import type { ImageDetail } from '../../../contract/api';
import { useMediaUrl } from '../api/useMediaUrl';

/** The photo as large as the view allows, named by its alt text (or its file name while it has none). */
export function PhotoPreview({ image }: { image: ImageDetail }) {
  const media = useMediaUrl('preview', image.id);
  if (media.failed) {
    return <p className="failed-note">The preview of {image.fileName} cannot be shown.</p>;
  }
  if (!media.src) return null;
  return (
    <img
      className="preview"
      src={media.src}
      alt={image.altText || `Preview of ${image.fileName}`}
      onError={media.onError}
    />
  );
}

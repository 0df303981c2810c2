import { useState } from 'react';

interface Props {
  src: string | null;
}

/**
 * A photo's thumbnail, or a placeholder when there is none (or it fails to load). Decorative: the grid item
 * that holds it already carries the photo's name and status.
 */
export function Thumbnail({ src }: Props) {
  const [failed, setFailed] = useState(false);
  if (!src || failed) {
    return (
      <div className="thumb thumb-placeholder" aria-hidden="true">
        No preview
      </div>
    );
  }
  return (
    <div className="thumb">
      <img src={src} alt="" loading="lazy" decoding="async" onError={() => setFailed(true)} />
    </div>
  );
}

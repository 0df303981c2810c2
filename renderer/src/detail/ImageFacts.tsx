import type { ImageDetail } from '../../../contract/api';
import { statusText } from '../library/status-text';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit] ?? 'GB'}`;
}

/** What is known about the file, as a description list. */
export function ImageFacts({ image }: { image: ImageDetail }) {
  const size =
    image.width !== null && image.height !== null ? `${image.width} × ${image.height} pixels` : 'Unknown';
  return (
    <dl className="facts">
      <div>
        <dt>Status</dt>
        <dd>{statusText[image.status]}</dd>
      </div>
      <div>
        <dt>Format</dt>
        <dd>{image.format.toUpperCase()}</dd>
      </div>
      <div>
        <dt>Dimensions</dt>
        <dd>{size}</dd>
      </div>
      {image.fromEmbeddedPreview && (
        <div>
          <dt>Shown from</dt>
          <dd>The embedded preview in the file (it is what is shown and captioned)</dd>
        </div>
      )}
      <div>
        <dt>File size</dt>
        <dd>{formatBytes(image.size)}</dd>
      </div>
      <div>
        <dt>Path</dt>
        <dd className="path">{image.path}</dd>
      </div>
    </dl>
  );
}

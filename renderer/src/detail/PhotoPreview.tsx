import { useRef, useState, type PointerEvent } from 'react';
import { Label, Radio, RadioGroup } from 'react-aria-components';
import type { ImageDetail } from '../../../contract/api';
import { useMediaUrl } from '../api/useMediaUrl';

type Zoom = 'fit' | 'actual';

/**
 * The photo as large as the view allows, named by its alt text (or its file name while it has none), with
 * a zoom: Fit, or 100 % in a box that pans with the arrow keys (it is focusable) and by dragging.
 */
export function PhotoPreview({ image }: { image: ImageDetail }) {
  const media = useMediaUrl('preview', image.id);
  const [zoom, setZoom] = useState<Zoom>('fit');
  if (media.failed) {
    return <p className="failed-note">The preview of {image.fileName} cannot be shown.</p>;
  }
  if (!media.src) return null;
  const alt = image.altText || `Preview of ${image.fileName}`;
  return (
    <div className="photo-preview">
      <RadioGroup
        className="chip-group zoom-choice"
        orientation="horizontal"
        value={zoom}
        onChange={(value) => setZoom(value === 'actual' ? 'actual' : 'fit')}
      >
        <Label className="group-label">Zoom</Label>
        <Radio value="fit" className="chip">
          Fit
        </Radio>
        <Radio value="actual" className="chip">
          100 %
        </Radio>
      </RadioGroup>
      {zoom === 'fit' ? (
        <img className="preview" src={media.src} alt={alt} onError={media.onError} />
      ) : (
        <PannedPhoto src={media.src} alt={alt} onError={media.onError} />
      )}
    </div>
  );
}

/** The photo at 100 % in a scroll box: arrow keys pan it once the box has focus, and so does dragging. */
function PannedPhoto({ src, alt, onError }: { src: string; alt: string; onError: () => void }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number; left: number; top: number } | null>(null);

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    const box = boxRef.current;
    if (!box || event.button !== 0) return;
    drag.current = { x: event.clientX, y: event.clientY, left: box.scrollLeft, top: box.scrollTop };
    box.setPointerCapture(event.pointerId);
  }
  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const box = boxRef.current;
    const start = drag.current;
    if (!box || !start) return;
    box.scrollLeft = start.left - (event.clientX - start.x);
    box.scrollTop = start.top - (event.clientY - start.y);
  }
  function onPointerUp(event: PointerEvent<HTMLDivElement>) {
    drag.current = null;
    boxRef.current?.releasePointerCapture(event.pointerId);
  }

  return (
    <div
      ref={boxRef}
      className="preview-panned"
      // A scroll box takes focus so that the arrow keys pan it (WCAG 2.1.1, axe scrollable-region-focusable).
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      role="region"
      // Its arrow keys pan the photo: they are not Review's previous / next (see ARROW_WIDGET).
      data-pans=""
      aria-label="Photo at 100 %: arrow keys or dragging move it"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    >
      <img src={src} alt={alt} onError={onError} draggable={false} />
    </div>
  );
}

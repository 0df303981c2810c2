import { useEffect } from 'react';
import type { CaptionQueueStatus, ImageSummary } from '../../../contract/api';
import { routeHref, type Route } from '../app/useRoute';
import { useViewHeading } from '../app/useViewHeading';
import { ImageDetail } from '../detail/ImageDetail';
import { useShortcut } from '../shortcuts/ShortcutContext';
import { firstToReview, neighbours } from './review-order';
import { ReviewNav } from './ReviewNav';

interface Props {
  /** null: open the photo that most needs review. */
  id: number | null;
  /** The list review walks through (null until loaded). */
  images: ImageSummary[] | null;
  currentImageId: number | null;
  onNavigate: (route: Route) => void;
  onBack: () => void;
  onSaved: () => void;
  onQueueStatus: (status: CaptionQueueStatus) => void;
}

/** One photo, large, to review and describe, with previous / next through the library. */
export function ReviewView({
  id,
  images,
  currentImageId,
  onNavigate,
  onBack,
  onSaved,
  onQueueStatus,
}: Props) {
  const place = id !== null && images ? neighbours(images, id) : null;
  const go = (target: number | null) => {
    if (target !== null) onNavigate({ name: 'review', id: target });
  };
  useShortcut('review.next', () => go(place?.next ?? null));
  useShortcut('review.previous', () => go(place?.previous ?? null));

  if (id === null) return <ReviewStart images={images} />;
  return (
    <ImageDetail
      key={id}
      id={id}
      currentImageId={currentImageId}
      onBack={onBack}
      onSaved={onSaved}
      onQueueStatus={onQueueStatus}
      navigation={place && images ? <ReviewNav place={place} total={images.length} onGo={go} /> : null}
    />
  );
}

/** Review opened without a photo: goes to the one that most needs a person, or says there is none. */
function ReviewStart({ images }: { images: ImageSummary[] | null }) {
  const first = images ? firstToReview(images) : undefined;
  const headingRef = useViewHeading('Review');
  useEffect(() => {
    // Replaces the address, so Back does not return to this stop on the way.
    if (first) window.location.replace(routeHref({ name: 'review', id: first.id }));
  }, [first]);
  return (
    <div className="view">
      <h2 ref={headingRef} tabIndex={-1}>
        Review
      </h2>
      <p>
        {images === null || first
          ? 'Finding the first photo to review…'
          : 'No photos to review yet. Add a folder in the library.'}
      </p>
    </div>
  );
}

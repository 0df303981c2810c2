import { useEffect } from 'react';
import type { CaptionQueueStatus } from '../../../contract/api';
import { routeHref, type Route } from '../app/useRoute';
import { useViewHeading } from '../app/useViewHeading';
import { ImageDetail } from '../detail/ImageDetail';
import { isActive, type SearchFilters } from '../library/useSearch';
import { useShortcut } from '../shortcuts/ShortcutContext';
import { Filmstrip } from './Filmstrip';
import { ReviewNav } from './ReviewNav';
import { useFirstToReview } from './useFirstToReview';
import { usePlaceInList } from './usePlaceInList';

interface Props {
  /** null: open the photo that most needs review. */
  id: number | null;
  /** The library's search and filters: review walks the list the person came from. */
  filters: SearchFilters;
  currentImageId: number | null;
  /** Queued captions wait for a model (none is installed, or none can start). */
  waitingForModel: boolean;
  onNavigate: (route: Route) => void;
  onBack: () => void;
  onSaved: () => void;
  onQueueStatus: (status: CaptionQueueStatus) => void;
}

/** One photo, large, to review and describe, with previous / next through the library's current list. */
export function ReviewView({
  id,
  filters,
  currentImageId,
  waitingForModel,
  onNavigate,
  onBack,
  onSaved,
  onQueueStatus,
}: Props) {
  const place = usePlaceInList(id, filters);
  const go = (target: number | null) => {
    if (target !== null) onNavigate({ name: 'review', id: target });
  };
  useShortcut('review.next', () => go(place?.nextId ?? null));
  useShortcut('review.previous', () => go(place?.previousId ?? null));

  if (id === null) return <ReviewStart filters={filters} />;
  const nextId = place?.nextId ?? null;
  return (
    <ImageDetail
      key={id}
      id={id}
      currentImageId={currentImageId}
      waitingForModel={waitingForModel}
      onBack={onBack}
      onSaved={onSaved}
      onQueueStatus={onQueueStatus}
      navigation={
        place ? (
          <>
            <ReviewNav place={place} filters={filters} onGo={go} />
            <Filmstrip place={place} filters={filters} currentId={id} />
          </>
        ) : null
      }
      onNext={nextId !== null ? () => go(nextId) : undefined}
    />
  );
}

/** Review opened without a photo: goes to the one that most needs a person, or says there is none. */
function ReviewStart({ filters }: { filters: SearchFilters }) {
  const first = useFirstToReview(filters);
  const headingRef = useViewHeading('Review');
  useEffect(() => {
    // Replaces the address, so Back does not return to this stop on the way.
    if (first) window.location.replace(routeHref({ name: 'review', id: first }));
  }, [first]);
  return (
    <div className="view">
      <h2 ref={headingRef} tabIndex={-1}>
        Review
      </h2>
      <p>
        {first !== null
          ? 'Finding the first photo to review…'
          : isActive(filters)
            ? "No photos match the library's search and filters."
            : 'No photos to review yet. Add a folder in the library.'}
      </p>
    </div>
  );
}

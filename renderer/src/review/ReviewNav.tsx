import { Button } from 'react-aria-components';
import type { SearchFilters } from '../library/useSearch';
import { placeText, type ReviewPlace } from './review-order';

interface Props {
  place: ReviewPlace;
  /** The library's search and filters: the list previous and next walk. */
  filters: SearchFilters;
  onGo: (id: number) => void;
}

/** Where this photo is in the list, and the previous and next photos (also J / K or ← / →). */
export function ReviewNav({ place, filters, onGo }: Props) {
  const { previousId, nextId } = place;
  return (
    <nav aria-label="Photos to review" className="review-nav">
      <p className="review-place">{placeText(place, filters)}</p>
      <Button
        className="button"
        isDisabled={previousId === null}
        onPress={() => previousId !== null && onGo(previousId)}
      >
        <span aria-hidden="true">← </span>Previous photo
      </Button>
      <Button className="button" isDisabled={nextId === null} onPress={() => nextId !== null && onGo(nextId)}>
        Next photo<span aria-hidden="true"> →</span>
      </Button>
    </nav>
  );
}

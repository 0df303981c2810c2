import { Button } from 'react-aria-components';
import type { Neighbours } from './review-order';

interface Props {
  place: Neighbours;
  total: number;
  onGo: (id: number) => void;
}

/** Where this photo is in the list, and the previous and next photos (also J / K or ← / →). */
export function ReviewNav({ place, total, onGo }: Props) {
  const { previous, next, index } = place;
  return (
    <nav aria-label="Photos to review" className="review-nav">
      <p className="review-place">{index >= 0 ? `Photo ${index + 1} of ${total}` : 'Not in the list'}</p>
      <Button
        className="button"
        isDisabled={previous === null}
        onPress={() => previous !== null && onGo(previous)}
      >
        <span aria-hidden="true">← </span>Previous photo
      </Button>
      <Button className="button" isDisabled={next === null} onPress={() => next !== null && onGo(next)}>
        Next photo<span aria-hidden="true"> →</span>
      </Button>
    </nav>
  );
}

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import type { GridItem } from './image-pages';
import { pageOf } from './image-pages';

/** What a card does as it comes into the page and leaves it (the same functions for the grid's life). */
export interface CardEvents {
  /** Says the card's page is in view until the returned function is called. */
  showPage: (page: number) => () => void;
  /** The card is in the page: it takes the focus its slot had when its photo arrived. */
  shown: (item: GridItem) => void;
  /** The card is leaving the page: a slot with focus hands it to the photo that takes its place. */
  leaving: (item: GridItem) => void;
}

/**
 * A slot's key is not its photo's, so when the photo arrives the focused slot goes and the photo's card comes:
 * focus follows, as if the card had been there all along.
 */
export function useCardEvents(
  gridRef: RefObject<HTMLDivElement | null>,
  showPage: (page: number) => () => void,
): CardEvents {
  // The place of the slot that had focus as it left, until a photo's card takes that place.
  const handedOver = useRef<number | null>(null);
  const shown = useCallback(
    (item: GridItem) => {
      if (handedOver.current !== item.index || !item.image) return;
      handedOver.current = null;
      gridRef.current?.querySelector<HTMLElement>(`[data-key="${item.id}"]`)?.focus();
    },
    [gridRef],
  );
  const leaving = useCallback((item: GridItem) => {
    if (!item.image && document.activeElement?.getAttribute('data-key') === item.id) {
      handedOver.current = item.index;
    }
  }, []);
  return useMemo(() => ({ showPage, shown, leaving }), [showPage, shown, leaving]);
}

/** Nothing to see: tells the list and the grid that a card is in the page, while it is. */
export function CardInPage({ item, events }: { item: GridItem; events: CardEvents }) {
  const page = pageOf(item.index);
  const { showPage, shown, leaving } = events;
  useEffect(() => showPage(page), [page, showPage]);
  // Before the browser paints, and (as it leaves) while the card is still in the page.
  useLayoutEffect(() => {
    shown(item);
    return () => leaving(item);
  }, [item, shown, leaving]);
  return null;
}

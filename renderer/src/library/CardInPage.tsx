import { useEffect } from 'react';
import { pageOf } from './image-pages';

/** Nothing to see: tells the list that a card of this place is in the page, while it is. */
export function CardInPage({ index, showPage }: { index: number; showPage: (page: number) => () => void }) {
  const page = pageOf(index);
  useEffect(() => showPage(page), [page, showPage]);
  return null;
}

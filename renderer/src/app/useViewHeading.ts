import { useEffect, useRef, type RefObject } from 'react';

/**
 * A view's heading: focused when the view opens (so a screen reader says where the person is, and Tab
 * starts from there), and the window's title set to it.
 */
export function useViewHeading(title: string): RefObject<HTMLHeadingElement | null> {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  useEffect(() => {
    document.title = `${title} – AltLens`;
  }, [title]);
  return ref;
}

import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * Keeps keyboard focus from falling to the page when the focused control inside `container` goes away (a
 * button that only shows while it applies): focus moves to `fallback` instead.
 */
export function useFocusRescue(
  container: RefObject<HTMLElement | null>,
  fallback: RefObject<HTMLElement | null>,
): void {
  const last = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const onFocusIn = (event: FocusEvent) => {
      if (event.target instanceof HTMLElement) last.current = event.target;
    };
    element.addEventListener('focusin', onFocusIn);
    return () => element.removeEventListener('focusin', onFocusIn);
  }, [container]);

  // Runs after every render of the container's owner: that is when a control can have gone.
  useLayoutEffect(() => {
    const element = last.current;
    if (!element || element.isConnected) return;
    last.current = null;
    const active = document.activeElement;
    if (active === null || active === document.body) fallback.current?.focus();
  });
}

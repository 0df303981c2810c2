import { useCallback, useState } from 'react';

/**
 * A piece of view state kept in this browser (or the desktop app's window) between runs, under `key`:
 * read once, checked with `parse` (anything else gives `fallback`), written on each change. Storage that
 * is refused (a private window) keeps the state for this run only.
 */
export function useStoredState<T>(
  key: string,
  parse: (stored: unknown) => T | null,
  fallback: T,
): [T, (next: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const stored = window.localStorage.getItem(key);
      return (stored === null ? null : parse(JSON.parse(stored))) ?? fallback;
    } catch {
      return fallback;
    }
  });
  const update = useCallback(
    (next: T) => {
      setValue(next);
      try {
        window.localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // not kept: the choice still holds for this run
      }
    },
    [key],
  );
  return [value, update];
}

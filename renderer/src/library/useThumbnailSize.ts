import { useCallback, useState } from 'react';

export const THUMBNAIL_SIZES = { small: 160, medium: 208, large: 320 } as const;
export type ThumbnailSize = keyof typeof THUMBNAIL_SIZES;

const KEY = 'altlens.thumbnailSize';

function isSize(value: string | null): value is ThumbnailSize {
  return value !== null && Object.hasOwn(THUMBNAIL_SIZES, value);
}

function stored(): ThumbnailSize {
  try {
    const value = window.localStorage.getItem(KEY);
    return isSize(value) ? value : 'medium';
  } catch {
    return 'medium'; // storage refused (a private window): the default
  }
}

/** The grid's card size, kept in this browser (or the desktop app's window) between runs. */
export function useThumbnailSize(): [ThumbnailSize, (size: ThumbnailSize) => void] {
  const [size, setSize] = useState(stored);
  const choose = useCallback((next: ThumbnailSize) => {
    setSize(next);
    try {
      window.localStorage.setItem(KEY, next);
    } catch {
      // not kept: the choice still holds for this run
    }
  }, []);
  return [size, choose];
}

import { useStoredState } from '../app/useStoredState';

export const THUMBNAIL_SIZES = { small: 160, medium: 208, large: 320 } as const;
export type ThumbnailSize = keyof typeof THUMBNAIL_SIZES;

function parseSize(value: unknown): ThumbnailSize | null {
  return typeof value === 'string' && Object.hasOwn(THUMBNAIL_SIZES, value) ? (value as ThumbnailSize) : null;
}

/** The grid's card size, kept between runs. */
export function useThumbnailSize(): [ThumbnailSize, (size: ThumbnailSize) => void] {
  return useStoredState('altlens.thumbnailSize', parseSize, 'medium');
}

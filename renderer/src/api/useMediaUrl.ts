import { useCallback, useEffect, useState } from 'react';
import type { MediaKind } from '../../../contract/api';
import { useApi } from './ApiContext';

interface Media {
  readonly key: string;
  /** null once the image could not be loaded. */
  readonly src: string | null;
}

export interface MediaUrl {
  /** The address to show, or null while it is being made or once the image failed to load. */
  readonly src: string | null;
  readonly failed: boolean;
  /** For the `<img>`'s onError. */
  readonly onError: () => void;
}

/**
 * An image's media address for an `<img>` (null `id`: none). Addresses are signed for a while in browser
 * mode, so one that fails to load is signed again once: it may have expired while a lazy image waited to be
 * scrolled into view. If the new address is the same, the image itself is at fault: `failed`.
 */
export function useMediaUrl(kind: MediaKind, id: number | null): MediaUrl {
  const api = useApi();
  const key = id === null ? null : `${kind}/${id}`;
  const [media, setMedia] = useState<Media | null>(null);

  useEffect(() => {
    if (id === null || key === null) return;
    let live = true;
    api.mediaUrl(kind, id).then(
      (src) => live && setMedia({ key, src }),
      () => live && setMedia({ key, src: null }),
    );
    return () => {
      live = false;
    };
  }, [api, kind, id, key]);

  const current = media?.key === key ? media : null;
  const failedSrc = current?.src ?? null;
  const onError = useCallback(() => {
    if (id === null || key === null) return;
    const settle = (src: string | null) =>
      setMedia((shown) => (shown?.key === key ? { key, src: src === failedSrc ? null : src } : shown));
    api.mediaUrl(kind, id).then(settle, () => settle(null));
  }, [api, kind, id, key, failedSrc]);

  return { src: current?.src ?? null, failed: current !== null && current.src === null, onError };
}

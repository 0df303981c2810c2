import type { ImageDetail } from '../../../contract/api';
import type { ApiClient } from '../api/client';

/** The extended description with `addition` after what it held, a blank line between; nothing is lost. */
export function appendToExtended(existing: string | null, addition: string): string {
  const before = existing?.trim() ?? '';
  const added = addition.trim();
  if (!before) return added;
  if (!added) return before;
  return `${before}\n\n${added}`;
}

/**
 * Adds `addition` to the photo's extended description, saved as an edit. The photo is read again first, so
 * that alt text made while the model was writing (a caption that came in) is kept, not overwritten.
 */
export async function addToExtendedDescription(
  api: ApiClient,
  imageId: number,
  addition: string,
): Promise<ImageDetail> {
  const current = await api.call('images.get', { id: imageId });
  return api.call('descriptions.save', {
    imageId,
    text: current.altText ?? '',
    extDescription: appendToExtended(current.extDescription, addition),
  });
}

import type { Folder, FolderWatch } from '../../../contract/api';
import { countText } from './status-text';

/** How a folder is watched, in words: "watching", "polling: <why>", "not watched: <why>". */
export function watchText(watch: FolderWatch): string {
  const mode = { watching: 'watching', polling: 'polling', 'not-watched': 'not watched' }[watch.mode];
  return watch.reason ? `${mode}: ${watch.reason}` : mode;
}

/** A folder's facts on one line, e.g. "12 photos, 2 missing, watching". */
export function folderFactsText(folder: Pick<Folder, 'imageCount' | 'missingCount' | 'watch'>): string {
  const missing = folder.missingCount > 0 ? `${folder.missingCount} missing` : null;
  return [countText(folder.imageCount, 'photo', 'photos'), missing, watchText(folder.watch)]
    .filter(Boolean)
    .join(', ');
}

/** What removing a folder's missing photos did. */
export function removedText(removed: number): string {
  return removed === 0
    ? 'No photos were removed: their files are back.'
    : `Removed ${countText(removed, 'missing photo', 'missing photos')} from the library.`;
}

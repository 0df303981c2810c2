import type { Skipped } from '../../../contract/api';
import { countText } from '../library/status-text';
import { isActive, type SearchFilters } from '../library/useSearch';

/** "2 skipped: no alt text", or with counts when the reasons differ: "3 skipped: no alt text (2), …". */
export function skippedText(skipped: Skipped): string {
  if (skipped.length === 0) return '';
  const byReason = new Map<string, number>();
  for (const { reason } of skipped) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  const reasons =
    byReason.size === 1
      ? [...byReason.keys()]
      : [...byReason].map(([reason, count]) => `${reason} (${count})`);
  return `${skipped.length} skipped: ${reasons.join(', ')}`;
}

/** One sentence: what was done, then what was skipped and why. */
function resultText(done: string, skipped: Skipped): string {
  return skipped.length === 0 ? `${done}.` : `${done}; ${skippedText(skipped)}.`;
}

export function approvedText({ approved, skipped }: { approved: number; skipped: Skipped }): string {
  return resultText(`Approved ${countText(approved, 'photo', 'photos')}`, skipped);
}

export function writeQueuedText({ queued, skipped }: { queued: number; skipped: Skipped }): string {
  return resultText(`Writing the alt text of ${countText(queued, 'photo', 'photos')}`, skipped);
}

export function regeneratingText(count: number): string {
  return `New captions queued for ${countText(count, 'photo', 'photos')}.`;
}

/** "340 photos", or "340 matching photos" when the library shows a search or filters. */
function listText(count: number, filters: SearchFilters): string {
  return isActive(filters)
    ? countText(count, 'matching photo', 'matching photos')
    : countText(count, 'photo', 'photos');
}

/** "3 photos selected", or "All 340 matching photos selected". */
export function selectionText(count: number, allMatching: boolean, filters: SearchFilters): string {
  return allMatching
    ? `All ${listText(count, filters)} selected`
    : `${countText(count, 'photo', 'photos')} selected`;
}

/** The button that widens the selection past the loaded photos. */
export function selectAllText(total: number, filters: SearchFilters): string {
  return `Select all ${listText(total, filters)}`;
}

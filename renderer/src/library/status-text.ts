import type { ImageStatus } from '../../../contract/api';

/** How each status is said, in words: the status is never shown by colour alone. */
export const statusText: Record<ImageStatus, string> = {
  pending: 'no description yet',
  edited: 'described',
  failed: 'could not be read',
  'needs-review': 'generated, needs review',
  approved: 'approved',
  written: 'written to file',
};

export function countText(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

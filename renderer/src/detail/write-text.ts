import type { ImageDetail } from '../../../contract/api';

/** "a", "a and b", "a, b and c". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

export function timeText(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Where and when the alt text was last written: "Written to /photos/harbour.jpg at 3 May 2026, 14:02:11." */
export function writtenText(lastWrite: NonNullable<ImageDetail['lastWrite']>, time = timeText): string {
  const where = lastWrite.writtenTo.length > 0 ? listText(lastWrite.writtenTo) : 'the file';
  return `Written to ${where} at ${time(lastWrite.at)}.`;
}

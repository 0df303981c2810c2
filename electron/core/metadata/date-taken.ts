import { valueAt, type TagSnapshot } from './tag-snapshot.js';

/**
 * Where a photo's capture date is looked for, in order: the camera's EXIF date (the moment the shutter
 * fired, else the moment the file was made), each with its EXIF offset tag and fraction of a second; then
 * the dates in XMP (the file's own, or a sidecar's: Lightroom and digiKam keep them there for raw files).
 */
const CANDIDATES: readonly { date: string; offset?: string; subSec?: string }[] = [
  {
    date: 'ExifIFD:DateTimeOriginal',
    offset: 'ExifIFD:OffsetTimeOriginal',
    subSec: 'ExifIFD:SubSecTimeOriginal',
  },
  {
    date: 'ExifIFD:CreateDate',
    offset: 'ExifIFD:OffsetTimeDigitized',
    subSec: 'ExifIFD:SubSecTimeDigitized',
  },
  { date: 'XMP-exif:DateTimeOriginal' },
  { date: 'XMP-photoshop:DateCreated' },
];

/** exiftool's form of a date: `2024:03:05 14:22:10.123+01:00`; the time, fraction and offset optional. */
const DATE =
  /^(\d{4}):(\d{2}):(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const OFFSET = /^(Z|[+-]\d{2}:?\d{2})$/;

/**
 * When the photo was taken, in ms since the epoch, from the tags of the photo and then of its sidecars (in
 * the order given); null when none holds a usable date (absent, blank, or a camera's `0000:00:00 00:00:00`).
 *
 * Time zone: a date with an offset (its own, as XMP dates carry, or EXIF's OffsetTimeOriginal /
 * OffsetTimeDigitized) is read in that offset. EXIF dates without one are the camera's clock, in no stated
 * zone: they are read as this computer's local time, which is what the person who took them most likely
 * means (and what other photo managers show).
 */
export function dateTaken(snapshots: readonly TagSnapshot[]): number | null {
  for (const candidate of CANDIDATES) {
    for (const snapshot of snapshots) {
      const value = valueAt(snapshot, candidate.date);
      if (value === null) continue;
      const offset = candidate.offset ? valueAt(snapshot, candidate.offset) : null;
      const subSec = candidate.subSec ? valueAt(snapshot, candidate.subSec) : null;
      const ms = parseDate(value.trim(), offset?.trim() ?? null, subSec?.trim() ?? null);
      if (ms !== null) return ms;
    }
  }
  return null;
}

/** One exiftool date as epoch ms (see dateTaken for the time zone), or null when it is not a real date. */
export function parseDate(value: string, offsetTag: string | null, subSecTag: string | null): number | null {
  const match = DATE.exec(value);
  if (!match) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0));
  if (year === undefined || month === undefined || day === undefined) return null;
  if (
    year < 1800 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59 ||
    second > 60
  )
    return null;
  const fraction = match[7] ?? (subSecTag !== null && /^\d+$/.test(subSecTag) ? subSecTag : '');
  const ms = fraction === '' ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const offset = match[8] ?? (offsetTag !== null && OFFSET.test(offsetTag) ? offsetTag : null);
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // A day that does not exist (31 April) comes back as another: not a date.
  if (new Date(wallClock).getUTCDate() !== day) return null;
  if (offset !== null) return wallClock - offsetMinutes(offset) * 60_000;
  return new Date(year, month - 1, day, hour, minute, second, ms).getTime();
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const digits = offset.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

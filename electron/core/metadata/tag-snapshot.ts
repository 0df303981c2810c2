import type { ExifTool } from 'exiftool-vendored';
import { basename } from 'node:path';
import { z } from 'zod';
import { isContainerChange, type ContainerImage } from './image-container.js';

/**
 * Every tag exiftool reads from one file, keyed `Group1:TagName` (e.g. `XMP-dc:Description-fr`,
 * `IFD0:ImageDescription`, `IPTC:Caption-Abstract`), each value as a string (lists as JSON).
 */
export type TagSnapshot = Readonly<Record<string, string>>;

/**
 * A full read: every tag (`-a -all`, no `-fast`, so trailers are read too), by family-1 group, numbers quoted
 * so that a value reads back exactly as written (`1.50` stays `1.50`). No composite tags (`-e`, and no MWG):
 * they are derived from the tags read here, and cost a third of a read. With `imageHash`, also the SHA-256
 * of the image data (`File:ImageDataHash`, which exiftool computes only when asked by name).
 */
const FULL_READ_ARGS: readonly string[] = ['-a', '-G1', '-e', '-api', 'StructFormat=JSONQ', '-all'];
/** Added to a full read when the image data hash is wanted (it reads all the image data: slow for raw). */
const HASH_ARGS: readonly string[] = ['-api', 'ImageHashType=SHA256', '-ImageDataHash'];
/**
 * A read of the XMP alone, with exiftool's warnings, in the same form as a full read; `-fast`: not scanning a
 * JPEG past its image data for trailers (most of a read's cost), which hold no XMP. Enough after a write that
 * changed no byte of the file outside its XMP segments (image-hash.ts, `onlyXmpDiffers`), and only then.
 */
const XMP_READ_ARGS: readonly string[] = [
  '-fast',
  '-a',
  '-G1',
  '-e',
  '-api',
  'StructFormat=JSONQ',
  '-XMP:all',
  '-ExifTool:Warning',
];

const rawTags = z.record(z.string(), z.unknown());

/** How to read a file: in full (with `imageHash`, also its image data hash), or with `xmpOnly` its XMP alone. */
export interface SnapshotOptions {
  readonly imageHash?: boolean;
  readonly xmpOnly?: boolean;
}

/** exiftool's arguments for a read (before `-json` and the file name). */
export function snapshotReadArgs(options: SnapshotOptions = {}): readonly string[] {
  if (options.xmpOnly) return XMP_READ_ARGS;
  return options.imageHash ? [...FULL_READ_ARGS, ...HASH_ARGS] : FULL_READ_ARGS;
}

export async function readSnapshot(
  exiftool: ExifTool,
  path: string,
  options: SnapshotOptions = {},
): Promise<TagSnapshot> {
  const readArgs = [...snapshotReadArgs(options)];
  return toSnapshot(await exiftool.readRaw(path, { readArgs, useMWG: false, ignoreMinorErrors: false }));
}

/** The snapshot of what exiftool read (one file's object of its `-json` output). */
export function toSnapshot(read: unknown): TagSnapshot {
  const raw = rawTags.parse(read);
  const snapshot: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    // Tags only (`Group:Name`): not SourceFile, nor the `errors`/`warnings` lists exiftool-vendored adds
    // (exiftool's own warnings are the `ExifTool:Warning` tag).
    if (!key.includes(':') || value === undefined || value === null) continue;
    snapshot[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return snapshot;
}

/** The value at `key`; a language suffix (`-en-US`) is matched without regard to case. */
export function valueAt(snapshot: TagSnapshot, key: string): string | null {
  const exact = snapshot[key];
  if (exact !== undefined) return exact;
  const lower = key.toLowerCase();
  for (const [other, value] of Object.entries(snapshot)) if (other.toLowerCase() === lower) return value;
  return null;
}

export const IMAGE_DATA_HASH = 'File:ImageDataHash';

/** The XMP tags of a snapshot, and exiftool's warnings: what a read with `xmpOnly` holds. */
export function xmpPart(snapshot: TagSnapshot): TagSnapshot {
  return Object.fromEntries(
    Object.entries(snapshot).filter(([key]) => key.startsWith('XMP-') || key.startsWith('ExifTool:Warning')),
  );
}

/** Warnings exiftool reported while reading (`ExifTool:Warning`), one entry per message. */
export function warningsOf(snapshot: TagSnapshot): string[] {
  return Object.entries(snapshot)
    .filter(([key]) => /^ExifTool:Warning\b/.test(key))
    .map(([, value]) => value);
}

/**
 * Groups left out of the before/after comparison, each for a reason:
 * - `System`: the file system's view (size, access/inode-change/modify dates, permissions). The size must
 *   change; the modification time is checked separately, to the microsecond, against the one recorded.
 * - `ExifTool`: exiftool's own version and its warnings; warnings are checked separately (a new one fails).
 */
const IGNORED_GROUPS = new Set(['System', 'ExifTool']);

/**
 * Tags exiftool itself changes on any metadata write, observed on every sample format (JPEG, TIFF, PNG, WebP,
 * GIF, HEIC, CR2, DNG) with exiftool 13.59. Kept tight: a tag is only here for a reason.
 */
const EXIFTOOL_MAINTAINED = new Set([
  // exiftool stamps XMP it writes with its own name and version ("Image::ExifTool 13.59").
  'XMP-x:XMPToolkit',
  // Extended XMP (JPEG): the GUID is the MD5 of the extended part; exiftool recomputes it, or drops it when
  // the XMP fits in the main segment again (the properties themselves stay and are compared).
  'XMP-xmpNote:HasExtendedXMP',
]);

/**
 * Pointers to where image data sits inside the file: they move when the metadata before them grows. The data
 * they point to is covered by `ImageDataHash`. Observed: TIFF/DNG/CR2 strip and tile offsets, DNG/CR2
 * preview and JpgFromRaw starts, CR2 thumbnail offset, JPEG MPF second image, HEIC media data offset.
 */
const DATA_POINTERS = new Set([
  'StripOffsets',
  'TileOffsets',
  'ThumbnailOffset',
  'PreviewImageStart',
  'JpgFromRawStart',
  'OtherImageStart',
  'MPImageStart',
  'MediaDataOffset',
]);

function isMaintainedByExiftool(key: string): boolean {
  if (EXIFTOOL_MAINTAINED.has(key)) return true;
  const tag = key.slice(key.indexOf(':') + 1);
  return DATA_POINTERS.has(tag);
}

export interface SnapshotChange {
  readonly key: string;
  readonly before: string | null;
  readonly after: string | null;
}

/**
 * Tags exiftool adds when a write creates a metadata block the file did not have, each only allowed to
 * appear (absent before), and only when that block is written (and to disappear again with the block):
 * - a new EXIF IFD0 (writing `EXIF:ImageDescription` into a file without EXIF) gets the byte order and the
 *   tags EXIF requires: resolution, resolution unit, YCbCr positioning (JPEG).
 * - a new IPTC envelope record (writing `IPTC:CodedCharacterSet`) gets its required record version, and
 *   loses it again when `CodedCharacterSet` is deleted (the undo of a write that added it).
 */
const CREATED_WITH_BLOCK: Record<'EXIF' | 'IPTC', ReadonlySet<string>> = {
  EXIF: new Set([
    'File:ExifByteOrder',
    'IFD0:XResolution',
    'IFD0:YResolution',
    'IFD0:ResolutionUnit',
    'IFD0:YCbCrPositioning',
  ]),
  IPTC: new Set(['IPTC:EnvelopeRecordVersion']),
};

/**
 * Hashes of the IPTC block that change whenever IPTC is written: exiftool computes `CurrentIPTCDigest` on
 * every read, and updates Photoshop's `IPTCDigest` (in APP13 and in XMP) when it was current.
 */
const IPTC_DIGESTS = new Set(['File:CurrentIPTCDigest', 'Photoshop:IPTCDigest', 'XMP-photoshop:IPTCDigest']);

/** A written tag: the name it was written under (`EXIF:ImageDescription`) and the key it reads back as. */
export interface WrittenTag {
  readonly name: string;
  readonly readKey: string;
  /** null: the tag was deleted (an undo). */
  readonly value: string | null;
}

/**
 * Tags that differ between two reads of the same file, other than the tags written (compared exactly
 * elsewhere), the ignored groups, the tags exiftool maintains itself, and those it must add or update because
 * of what was written (see CREATED_WITH_BLOCK and IPTC_DIGESTS).
 */
export function unexpectedChanges(
  before: TagSnapshot,
  after: TagSnapshot,
  written: readonly WrittenTag[],
): SnapshotChange[] {
  const writtenKeys = new Set(written.map((tag) => tag.readKey.toLowerCase()));
  const writes = (family: string) => written.some((tag) => tag.name.startsWith(`${family}:`));
  const hadExif = Object.keys(before).some((key) => key.startsWith('IFD0:'));
  const charset = written.find((tag) => tag.name === 'IPTC:CodedCharacterSet');
  const created = new Set<string>([
    ...(writes('EXIF') && !hadExif ? CREATED_WITH_BLOCK.EXIF : []),
    ...(charset && charset.value !== null ? CREATED_WITH_BLOCK.IPTC : []),
  ]);
  // The undo of a write that made the EXIF block: deleting its last tag removes the block, and the tags
  // exiftool added with it.
  const deletesExif = written.some((tag) => tag.name.startsWith('EXIF:') && tag.value === null);
  const exifGone = !Object.keys(after).some((key) => key.startsWith('IFD0:'));
  const removed = new Set<string>([
    ...(charset && charset.value === null ? CREATED_WITH_BLOCK.IPTC : []),
    ...(deletesExif && exifGone ? CREATED_WITH_BLOCK.EXIF : []),
  ]);
  const changes: SnapshotChange[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const group = key.slice(0, key.indexOf(':'));
    if (IGNORED_GROUPS.has(group) || isMaintainedByExiftool(key) || writtenKeys.has(key.toLowerCase()))
      continue;
    if (writes('IPTC') && IPTC_DIGESTS.has(key)) continue;
    const was = before[key] ?? null;
    const now = after[key] ?? null;
    if (was === now || (was === null && created.has(key)) || (now === null && removed.has(key))) continue;
    changes.push({ key, before: was, after: now });
  }
  return changes;
}

/** `IPTC:City "Montréal" → "Montr?al"`, shortened for an error message. */
export function describeChange({ key, before, after }: SnapshotChange): string {
  const show = (value: string | null) =>
    value === null ? '(absent)' : JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${key} ${show(before)} → ${show(after)}`;
}

/**
 * What is wrong with a file's tags after a write, from reads before and after it: a written value that does
 * not read back exactly, another tag that changed, a new warning. null: nothing.
 */
export function problemAfter(
  change: { readonly path: string; readonly tags: readonly WrittenTag[] },
  before: TagSnapshot | null,
  after: TagSnapshot,
  container: ContainerChange | null = null,
): string | null {
  const name = basename(change.path);
  for (const tag of change.tags) {
    const value = valueAt(after, tag.readKey);
    if (value !== tag.value)
      return `${tag.name} in ${name} reads back as ${JSON.stringify(value)}, not ${JSON.stringify(tag.value)}.`;
  }
  if (!before) return null;
  const changed = unexpectedChanges(before, after, change.tags).filter(
    (changed) => !(container && isContainerChange(changed, container.before, container.after, after)),
  );
  if (changed.length > 0)
    return `Other tags in ${name} changed: ${changed.slice(0, 5).map(describeChange).join('; ')}.`;
  const warned = new Set(warningsOf(before).map(normalizeWarning));
  const fresh = warningsOf(after).filter((warning) => !warned.has(normalizeWarning(warning)));
  if (fresh.length > 0) return `${name} reads with a new warning after the write: ${fresh.join('; ')}`;
  return null;
}

/** A JPEG XL or WebP taken apart before a write and after it (null: it no longer parses). */
export interface ContainerChange {
  readonly before: ContainerImage;
  readonly after: ContainerImage | null;
}

/** A warning without the file name exiftool appends, `[minor]`, counts and its closing remark `(fixed)`. */
export function normalizeWarning(warning: string): string {
  return warning
    .replace(/^warning:\s*/i, '')
    .replace(/ - (?:\/|[A-Za-z]:\\).*$/, '')
    .replace(/^\[minor\]\s*/i, '')
    .replace(/\s*\[x\d+\]$/, '')
    .replace(/\s*\([^()]*\)$/, '')
    .trim();
}

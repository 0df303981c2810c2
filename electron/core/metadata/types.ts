import { z } from 'zod';

/** The fields AltLens reads alt text and descriptions from (DESIGN §4). */
export type MetadataField =
  'AltTextAccessibility' | 'ExtDescrAccessibility' | 'Description' | 'ImageDescription' | 'Caption-Abstract';

/** One value found in a file or a sidecar. Values that disagree are all listed, never hidden. */
export interface FoundValue {
  readonly field: MetadataField;
  /** The language of a language alternative (`x-default`, `fr`…); `x-default` for fields without one. */
  readonly lang: string;
  readonly value: string;
  /** The image or sidecar path the value was read from. */
  readonly source: string;
}

export interface MetadataRead {
  /** `XMP-iptcCore:AltTextAccessibility`, preferring x-default and the place AltLens writes to. */
  readonly altText: string | null;
  readonly extDescription: string | null;
  /** `XMP-dc:Description`, else `EXIF:ImageDescription`, else `IPTC:Caption-Abstract`. */
  readonly description: string | null;
  readonly found: readonly FoundValue[];
}

export interface MetadataValues {
  readonly altText: string;
  /** Written only when there is one (a non-empty text). */
  readonly extDescription?: string | null;
  /** For the description fields (when `descriptionFields` is on); the alt text when not given. */
  readonly description?: string | null;
}

export type WriteTarget = 'auto' | 'file' | 'sidecar' | 'both';
export type SidecarNaming = 'basename' | 'ext';

export interface WritePolicy {
  /** `auto`: in the file for formats made to hold metadata, in a sidecar for camera raw. */
  readonly target: WriteTarget;
  /** `basename`: `photo.xmp` (Lightroom, Capture One); `ext`: `photo.cr2.xmp` (darktable, digiKam). */
  readonly sidecarNaming: SidecarNaming;
  /** Also write `XMP-dc:Description`, `EXIF:ImageDescription` and (where IPTC exists) `IPTC:Caption-Abstract`. */
  readonly descriptionFields: boolean;
  /** The language of the text (e.g. `en`): written as that language alternative besides x-default. */
  readonly language?: string | null;
}

/** The image file as it was when its metadata was read: a write refuses if it changed since. */
export interface ExpectedFile {
  readonly size: number;
  readonly mtimeMs: number;
}

/** What one write changed, with the previous values of every tag written, so that it can be undone. */
export interface WriteRecord {
  readonly imagePath: string;
  /** The image and/or sidecar paths written. */
  readonly writtenTo: string[];
  /** By file path: whether the file existed before, and each written tag's previous value (null: absent). */
  readonly previous: Record<string, { existed: boolean; values: Record<string, string | null> }>;
  /** Every tag written (by exiftool tag name, e.g. `XMP-iptcCore:AltTextAccessibility-x-default`). */
  readonly written: Record<string, string>;
  /** When the write finished (ms since the epoch). */
  readonly at: number;
  /**
   * Warnings exiftool gave that restate a problem the file already had before the write (e.g. a PNG's text
   * chunks after the image data, which exiftool moves): tolerated, but recorded so they are never silent.
   */
  readonly warnings: string[];
}

/** A WriteRecord as stored (JSON): parse it back before `undo`. */
export const writeRecordSchema = z.object({
  imagePath: z.string(),
  writtenTo: z.array(z.string()),
  previous: z.record(
    z.string(),
    z.object({ existed: z.boolean(), values: z.record(z.string(), z.string().nullable()) }),
  ),
  written: z.record(z.string(), z.string()),
  at: z.number(),
  warnings: z.array(z.string()).default([]),
});

export function parseWriteRecord(value: unknown): WriteRecord {
  return writeRecordSchema.parse(value);
}

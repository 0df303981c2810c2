import { readFile } from 'node:fs/promises';
import { JXL_CONTAINER } from './jxl-codestream.js';
import type { SnapshotChange, TagSnapshot } from './tag-snapshot.js';
import { WEBP_CONTAINER } from './webp-chunks.js';

/**
 * A file whose container (the boxes or chunks around the picture) a metadata write may change, taken apart:
 * JPEG XL and WebP. Some such files have no place for metadata (`plain`): a bare JPEG XL codestream, a simple
 * WebP (no VP8X chunk). exiftool then changes the container to write them — puts the codestream into an ISO
 * BMFF container, adds a VP8X chunk — and the tags that describe the container change with it. A write is
 * accepted only when the image data is the same before and after, byte for byte, and every tag that changed
 * besides the written ones is one that the container's change explains (see {@link ContainerFormat}).
 */
export interface ContainerParts {
  /** The container has no place for metadata: a write must change it. */
  readonly plain: boolean;
  /** What must be the same after a write, byte for byte, in order: the image data, and what describes it. */
  readonly imageData: readonly Buffer[];
}

/** The rules of one container format. */
export interface ContainerFormat {
  /** The format's name in a message: "JPEG XL". */
  readonly name: string;
  /** What {@link ContainerParts.imageData} is, in a message: "its JPEG XL codestream". */
  readonly imageDataName: string;
  /** The file's parts; null when these bytes are not of this format, or do not parse. */
  parts(bytes: Buffer): ContainerParts | null;
  /** exiftool's arguments (beside the usual) to write into a plain file. */
  readonly plainWriteArgs: readonly string[];
  /** Whether a warning of a write into a plain file is exiftool saying it changed the container. */
  isContainerWarning(warning: string): boolean;
  /** Whether a changed tag is one the container's change explains (`after`: every tag after the write). */
  isContainerChange(
    change: SnapshotChange,
    before: ContainerParts,
    after: ContainerParts,
    tags: TagSnapshot,
  ): boolean;
  /** What the write record notes once a plain file got its container and its image data was unchanged. */
  readonly containedNote: string;
}

/** A file's parts, with the rules of its format. */
export interface ContainerImage extends ContainerParts {
  readonly format: ContainerFormat;
}

/** The container formats, by exiftool's FileTypeExtension (lower case, placement.ts `fileTypeOf`). */
const FORMATS: Readonly<Record<string, ContainerFormat>> = { jxl: JXL_CONTAINER, webp: WEBP_CONTAINER };

/**
 * The file at `path` taken apart as the container format `type` says (a file type, or the format of a
 * reading before); null when `type` is not a container format (nothing is read), or the file cannot be
 * read, is not of that format, or does not parse.
 */
export async function readContainerImage(
  path: string,
  type: string | ContainerFormat,
): Promise<ContainerImage | null> {
  const format = typeof type === 'string' ? FORMATS[type] : type;
  if (!format) return null;
  try {
    const parts = format.parts(await readFile(path));
    return parts && { ...parts, format };
  } catch {
    return null;
  }
}

/** exiftool's arguments (beside the usual) for a write into this file. */
export function containerWriteArgs(image: ContainerImage | null): readonly string[] {
  return image?.plain ? image.format.plainWriteArgs : [];
}

/**
 * Whether a warning of a write is exiftool saying it changed the container of a plain file: accepted once
 * the image data is found unchanged ({@link imageDataProblem}).
 */
export function isContainerWarning(image: ContainerImage | null, warning: string): boolean {
  return image?.plain === true && image.format.isContainerWarning(warning);
}

/** Whether a tag that changed in a write is one that the change of the file's container explains. */
export function isContainerChange(
  change: SnapshotChange,
  before: ContainerImage | null,
  after: ContainerImage | null,
  tags: TagSnapshot,
): boolean {
  return before !== null && after !== null && before.format.isContainerChange(change, before, after, tags);
}

/** Why the image data of a file after a write is not the one before; null: it is, byte for byte. */
export function imageDataProblem(
  name: string,
  before: ContainerImage,
  after: ContainerImage | null,
): string | null {
  const { format } = before;
  if (!after) return `${name} is no longer a ${format.name} file that AltLens can take apart.`;
  const same =
    after.imageData.length === before.imageData.length &&
    before.imageData.every((piece, index) => after.imageData[index]?.equals(piece) === true);
  if (!same)
    return `The image data of ${name} changed (${format.imageDataName} is not the same, byte for byte).`;
  return null;
}

/** What the write record notes for a plain file that got its container (null: the container stayed). */
export function containerNote(before: ContainerImage | null, after: ContainerImage | null): string | null {
  return before?.plain === true && after?.plain === false ? before.format.containedNote : null;
}

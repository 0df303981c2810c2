import { statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { SidecarNaming } from './types.js';

/**
 * Formats whose metadata AltLens writes into the file itself (DESIGN §4), by exiftool's FileTypeExtension.
 * Everything else, camera raw above all (CR2, CR3, NEF, ARW, RAF, ORF, RW2…), gets an XMP sidecar.
 */
const IN_FILE = new Set([
  'jpg',
  'jpeg',
  'tif',
  'tiff',
  'png',
  'webp',
  'heic',
  'heif',
  'avif',
  'jxl',
  'gif',
  'dng',
]);

/** In-file formats that can hold EXIF (GIF holds XMP but no EXIF). */
const NO_EXIF = new Set(['gif']);

/** The lower-case type exiftool saw (`jpg`, `cr2`…), or the path's extension when it reported none. */
export function fileTypeOf(path: string, fileTypeExtension: string | null): string {
  return (fileTypeExtension ?? extname(path).slice(1)).toLowerCase();
}

export function writesInFile(fileType: string): boolean {
  return IN_FILE.has(fileType);
}

export function holdsExif(fileType: string): boolean {
  return writesInFile(fileType) && !NO_EXIF.has(fileType);
}

/** Both names a sidecar may have: `photo.xmp` (basename) and `photo.cr2.xmp` (ext). */
export function sidecarNames(imagePath: string): Record<SidecarNaming, string> {
  const ext = extname(imagePath);
  const stem = basename(imagePath, ext);
  return {
    basename: join(dirname(imagePath), `${stem}.xmp`),
    ext: `${imagePath}.xmp`,
  };
}

/** The sidecars that exist for an image, under either name (lower- or upper-case `.xmp`). */
export function existingSidecars(imagePath: string): string[] {
  const names = sidecarNames(imagePath);
  const candidates = [names.basename, names.ext].flatMap((path) => [path, path.replace(/\.xmp$/, '.XMP')]);
  const seen = new Set<string>();
  return [...new Set(candidates)].filter((path) => {
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info?.isFile()) return false;
    // On a case-insensitive disk `photo.xmp` and `photo.XMP` are one file: list it once.
    const id = `${info.dev}:${info.ino}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

import { extname } from 'node:path';

/** Formats sharp can decode (given a libvips with the codec), by lower-case extension. */
const decodable: Record<string, string> = {
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.jpe': 'jpeg',
  '.png': 'png',
  '.webp': 'webp',
  '.tif': 'tiff',
  '.tiff': 'tiff',
  '.heic': 'heif',
  '.heif': 'heif',
  '.avif': 'avif',
  '.gif': 'gif',
};

/** Camera raw formats: listed in the library; their alt text goes to an XMP sidecar (DESIGN §4). */
const cameraRaw: Record<string, string> = {
  '.dng': 'dng',
  '.cr2': 'cr2',
  '.cr3': 'cr3',
  '.crw': 'crw',
  '.nef': 'nef',
  '.nrw': 'nrw',
  '.arw': 'arw',
  '.srf': 'srf',
  '.sr2': 'sr2',
  '.raf': 'raf',
  '.orf': 'orf',
  '.rw2': 'rw2',
  '.pef': 'pef',
  '.srw': 'srw',
  '.x3f': 'x3f',
  '.3fr': '3fr',
  '.iiq': 'iiq',
  '.rwl': 'rwl',
};

export interface FormatInfo {
  readonly format: string;
  readonly raw: boolean;
}

/** The format a file's extension names, or null when AltLens does not handle that kind of file. */
export function formatOf(path: string): FormatInfo | null {
  const ext = extname(path).toLowerCase();
  const decoded = decodable[ext];
  if (decoded) return { format: decoded, raw: false };
  const raw = cameraRaw[ext];
  if (raw) return { format: raw, raw: true };
  return null;
}

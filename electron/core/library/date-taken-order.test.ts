import { ExifTool } from 'exiftool-vendored';
import { utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetadataRepository } from '../metadata/metadata-repository.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { Library } from './library.js';

let tagger: ExifTool;
let metadata: MetadataRepository;
let library: Library;
let photos: string;

/** Writes these tags into a file with exiftool (the file's own copy replaced, as a camera app would). */
async function tag(path: string, tags: Record<string, string>): Promise<void> {
  const args = Object.entries(tags).map(([name, value]) => `-${name}=${value}`);
  await tagger.write(path, {}, { writeArgs: [...args, '-overwrite_original'] });
}

/** Sets a file's modification time (seconds since the epoch). */
function touch(path: string, seconds: number): void {
  utimesSync(path, seconds, seconds);
}

const names = (sort: 'taken' | 'name', descending = false) =>
  library.listImages({ folderPath: photos, sort, descending }).images.map((image) => basename(image.path));

beforeAll(async () => {
  tagger = new ExifTool({ maxProcs: 1, useMWG: false });
  metadata = new MetadataRepository();
  library = Library.open(tempDir('taken-data'), { metadata });
  library.settings.write({ captionOnAdd: false });
  photos = tempDir('taken-photos');
  // Name order a b c d e; file dates (mtime) in yet another order; dates taken in a third.
  const file = (name: string) => join(photos, name);
  for (const name of ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg']) await writeImage(file(name));
  await tag(file('a.jpg'), {
    'ExifIFD:DateTimeOriginal': '2023:06:01 12:00:00',
    'ExifIFD:OffsetTimeOriginal': '+00:00',
  });
  // No DateTimeOriginal: its CreateDate is used. Noon in UTC-10 is 22:00 UTC: after a's, before e's.
  await tag(file('b.jpg'), {
    'ExifIFD:CreateDate': '2023:06:01 12:00:00',
    'ExifIFD:OffsetTimeDigitized': '-10:00',
  });
  // The date only in an XMP sidecar (as Lightroom keeps it).
  writeFileSync(file('c.xmp'), '');
  await tag(file('c.xmp'), { 'XMP-photoshop:DateCreated': '2001:01:01 00:00:00+00:00' });
  await tag(file('e.jpg'), {
    'ExifIFD:DateTimeOriginal': '2023:06:02 00:00:00',
    'ExifIFD:OffsetTimeOriginal': 'Z',
  });
  // d says nothing: its file date (1 Jan 2010) places it.
  touch(file('a.jpg'), Date.UTC(2000, 0, 1) / 1000);
  touch(file('b.jpg'), Date.UTC(2030, 0, 1) / 1000);
  touch(file('c.jpg'), Date.UTC(2029, 0, 1) / 1000);
  touch(file('d.jpg'), Date.UTC(2010, 0, 1) / 1000);
  touch(file('e.jpg'), Date.UTC(1999, 0, 1) / 1000);
  await library.addFolder(photos);
});

afterAll(async () => {
  library.close();
  await metadata.close();
  await tagger.end();
});

describe('date taken from the scan’s metadata read (real JPEGs tagged by exiftool, real SQLite)', () => {
  it('sort=taken orders by the camera’s date (else the sidecar’s, else the file date), not by name or mtime', () => {
    expect(names('name')).toEqual(['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg']);
    expect(names('taken')).toEqual(['c.jpg', 'd.jpg', 'a.jpg', 'b.jpg', 'e.jpg']);
    expect(names('taken', true)).toEqual(['e.jpg', 'b.jpg', 'a.jpg', 'd.jpg', 'c.jpg']);
  });

  it('a rescan reads the date again when the file changed', async () => {
    await tag(join(photos, 'e.jpg'), { 'ExifIFD:DateTimeOriginal': '1990:01:01 00:00:00' });
    await library.rescanFolder(photos);
    expect(names('taken')).toEqual(['e.jpg', 'c.jpg', 'd.jpg', 'a.jpg', 'b.jpg']);
  });
});

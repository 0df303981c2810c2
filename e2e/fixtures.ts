import { test as base } from '@playwright/test';
import { ExifTool } from 'exiftool-vendored';
import type { ServeProcess } from './altlens-server.js';
import { makePhotoFolder } from './photos.js';

export { expect } from '@playwright/test';

/** The tag AltLens writes alt text into, as exiftool names it. */
export const ALT_TEXT_TAG = 'XMP-iptcCore:AltTextAccessibility';

/** Playwright's `test` with an `exiftool` for the specs that read or prepare files' metadata. */
export const test = base.extend<Record<never, never>, { exiftool: ExifTool }>({
  exiftool: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's needs from this pattern: none
    async ({}, use) => {
      const exiftool = new ExifTool();
      await use(exiftool);
      await exiftool.end();
    },
    { scope: 'worker' },
  ],
});

/** The alt text in the file as exiftool reads it, by its family-1 group (undefined: absent). */
export async function altTextInFile(exiftool: ExifTool, path: string): Promise<unknown> {
  const tags: Record<string, unknown> = await exiftool.readRaw(path, {
    readArgs: ['-a', '-G1', `-${ALT_TEXT_TAG}`],
  });
  return tags[ALT_TEXT_TAG];
}

/**
 * Adds the sample folder (harbour.jpg, meadow.png, notes.jpg, sunset.webp) to the server's library and saves
 * these descriptions, by file name. Resolves with the folder's path.
 */
export async function addSampleLibrary(server: ServeProcess, texts: Record<string, string>): Promise<string> {
  const photos = await makePhotoFolder();
  await server.call('folders.add', { path: photos });
  const { images } = await server.call('images.list', {});
  for (const [fileName, text] of Object.entries(texts)) {
    const image = images.find((candidate) => candidate.fileName === fileName);
    if (!image) throw new Error(`${fileName} is not in the library`);
    await server.call('descriptions.save', { imageId: image.id, text });
  }
  return photos;
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `altlens-e2e-${prefix}-`));
}

/** A folder of real photos made with sharp, plus one file that only pretends to be a JPEG. */
export async function makePhotoFolder(): Promise<string> {
  const dir = tempDir('photos');
  const colours: [string, string][] = [
    ['harbour.jpg', '#2060c0'],
    ['meadow.png', '#30a040'],
    ['sunset.webp', '#e07020'],
  ];
  for (const [name, background] of colours) {
    const image = sharp({ create: { width: 640, height: 427, channels: 3, background } });
    await image.toFile(join(dir, name));
  }
  writeFileSync(join(dir, 'notes.jpg'), 'shopping list: bread, tea');
  return dir;
}

import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

const WIDTH = 64;
const HEIGHT = 48;
/** Images made at once (libvips encodes on its own threads). */
const CONCURRENCY = 4;

/** Where photo `index` of a set goes: `folder-0003/photo-000312.jpg`, `perFolder` photos a folder. */
export function smallPhotoPath(root: string, index: number, perFolder: number): string {
  const folder = `folder-${String(Math.floor(index / perFolder)).padStart(4, '0')}`;
  return join(root, folder, `photo-${String(index).padStart(6, '0')}.jpg`);
}

/**
 * A 64×48 JPEG unlike every other: a colour from the index, and the index's bits drawn as light and dark
 * blocks, so no two photos share their pixels (or their content hash).
 */
export function makeSmallPhoto(index: number): Promise<Buffer> {
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3);
  const hue = [(index * 37) % 256, (index * 91) % 256, (index * 53) % 256];
  for (let y = 0; y < HEIGHT; y += 1) {
    for (let x = 0; x < WIDTH; x += 1) {
      const bit = (Math.floor(x / 8) + 8 * Math.floor(y / 8)) % 24;
      const light = ((index >> bit) & 1) === 1 ? 80 : 0;
      for (let c = 0; c < 3; c += 1) pixels[(y * WIDTH + x) * 3 + c] = Math.min(255, (hue[c] ?? 0) + light);
    }
  }
  return sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/**
 * Makes sure photos 0 … count−1 exist under `root` (see `smallPhotoPath`); those already there are kept,
 * so a set can be cached between runs. A photo is written under a temporary name and then renamed, so an
 * interrupted run never leaves half a file. Returns the paths, in order.
 */
export async function ensureSmallPhotos(
  root: string,
  count: number,
  perFolder: number,
  onProgress: (done: number) => void = () => undefined,
): Promise<string[]> {
  const paths = Array.from({ length: count }, (_, index) => smallPhotoPath(root, index, perFolder));
  for (let folder = 0; folder * perFolder < count; folder += 1) {
    await mkdir(join(smallPhotoPath(root, folder * perFolder, perFolder), '..'), { recursive: true });
  }
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const path = paths[index] as string;
      if (!existsSync(path)) {
        await writeFile(`${path}.partial`, await makeSmallPhoto(index));
        await rename(`${path}.partial`, path);
      }
      onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return paths;
}

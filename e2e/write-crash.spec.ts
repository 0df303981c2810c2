import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { Library } from '../electron/core/library/library.js';
import { childrenOf, startProcess, stillRunningAfter } from '../electron/core/testing/processes.js';
import { altlensBin } from './altlens-server.js';
import { altTextInFile, expect, test } from './fixtures.js';
import { tempDir } from './photos.js';

const PHOTOS = 40;

const altlens = (...args: string[]) =>
  spawnSync(process.execPath, [altlensBin, ...args], { encoding: 'utf8' });

interface Photo {
  readonly path: string;
  readonly text: string;
  /** The SHA-256 of its decoded pixels: a metadata write never changes them. */
  readonly pixels: string;
}

async function pixelsOf(path: string): Promise<string> {
  return createHash('sha256')
    .update(await sharp(path).raw().toBuffer())
    .digest('hex');
}

/** A library of PHOTOS real JPEGs (every fourth a large one), each with approved alt text. */
async function approvedLibrary(): Promise<{ dataDir: string; folder: string; photos: Photo[] }> {
  const folder = tempDir('crash-photos');
  const dataDir = tempDir('crash-data');
  for (let index = 0; index < PHOTOS; index++) {
    const [width, height] = index % 4 === 0 ? [2400, 1600] : [640, 480];
    await sharp({
      create: {
        width,
        height,
        channels: 3,
        background: '#406080',
        noise: { type: 'gaussian', mean: 120, sigma: 40 },
      },
    })
      .jpeg()
      .toFile(join(folder, `photo-${String(index).padStart(2, '0')}.jpg`));
  }
  const library = Library.open(dataDir);
  try {
    library.settings.write({ captionOnAdd: false });
    await library.addFolder(folder);
    const photos: Photo[] = [];
    for (const image of library.listImages({ limit: PHOTOS }).images) {
      const text = `Photo ${image.fileName}: a grey-blue field of noise, café 🙂.`;
      library.saveDescription(image.id, text);
      library.approve(image.id);
      photos.push({ path: image.path, text, pixels: await pixelsOf(image.path) });
    }
    return { dataDir, folder, photos };
  } finally {
    library.close();
  }
}

// The kill lands while the next writes are under way, at a different point of each (reading, hashing,
// exiftool writing, verifying, recording): after the Nth photo is reported written, two more are in flight.
for (const after of [1, 4, 9, 17, 28]) {
  test(`kill -9 of altlens write-approved after ${after} of ${PHOTOS} writes: the next run settles and finishes`, async ({
    exiftool,
  }) => {
    test.setTimeout(180_000);
    const { dataDir, folder, photos } = await approvedLibrary();

    const first = startProcess(process.execPath, [altlensBin, 'write-approved', '--data-dir', dataDir]);
    // Two writes may end together, and be reported in one line.
    await first.line(/^Written (\d+)\/\d+$/, ([, written]) => Number(written) >= after);
    const children = first.child.pid === undefined ? [] : childrenOf(first.child.pid);
    await first.kill9();
    if (process.platform === 'linux') expect(children.length).toBeGreaterThan(0);
    expect(await stillRunningAfter(children)).toEqual([]);

    const rerun = altlens('write-approved', '--data-dir', dataDir);
    expect(rerun.stdout).not.toContain('changed since it was read');
    expect(rerun.stdout).toMatch(/^Written: \d+, failed: 0\.\n$/);
    expect(rerun.status).toBe(0);

    const listed = JSON.parse(altlens('list', '--json', '--data-dir', dataDir).stdout) as {
      path: string;
      status: string;
    }[];
    expect(listed.filter((row) => row.status !== 'written')).toEqual([]);
    expect(listed).toHaveLength(PHOTOS);
    for (const photo of photos) {
      expect(await altTextInFile(exiftool, photo.path)).toBe(photo.text);
      expect(await pixelsOf(photo.path)).toBe(photo.pixels);
    }
    expect(readdirSync(folder).filter((name) => !name.endsWith('.jpg'))).toEqual([]);
    const library = Library.open(dataDir);
    expect(library.writeIntents.pending()).toEqual([]);
    library.close();
    expect(readdirSync(join(dataDir, 'write-backups'), { recursive: true })).toEqual([]);

    // Every write has an undo that works: the first run's, those in flight at the kill, the rerun's.
    for (const photo of [photos[0], photos[after], photos[after + 1], photos.at(-1)]) {
      if (!photo) continue;
      const undo = altlens('undo', photo.path, '--data-dir', dataDir);
      expect(undo.stderr).toBe('');
      expect(undo.status).toBe(0);
      expect(await altTextInFile(exiftool, photo.path)).toBeUndefined();
      expect(await pixelsOf(photo.path)).toBe(photo.pixels);
    }
  });
}

import fc from 'fast-check';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../../contract/api.js';
import { writeTinyCaptioner } from '../../../models/test-model/tiny-captioner.js';
import { dispatch } from '../api/dispatch.js';
import { openCore, type Core } from '../app-core.js';
import { SAMPLES_DIR } from '../metadata/test-files.js';
import { applyDamage, damageOf, hashTree, type Damage } from '../testing/damaged-bytes.js';
import { tempDir } from '../testing/sample-images.js';
import { withinBound } from '../testing/within-bound.js';
import { Library } from './library.js';

/** Real files of each kind a person's folder holds (exiftool's test samples). */
const DAMAGED_SAMPLES = [
  'ExifTool.jpg',
  'PNG.png',
  'ExifTool.tif',
  'RIFF.webp',
  'QuickTime.heic',
  'CanonRaw.cr2',
  'Nikon.nef',
  'DNG.dng',
] as const;
/** Folders of damaged files (one of each sample) scanned and captioned: about 0.15 s each on 2 cores. */
const RUNS = 120;
/** The whole property, a failure's shrinking included, stops after this long. */
const SHRINK_LIMIT_MS = 240_000;
/** A folder of eight small files is scanned and captioned in seconds: far longer is a hang. */
const SETTLE_BOUND_MS = 60_000;

let core: Core;
let dataDir: string;
let photosRoot: string;
let run = 0;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const originals = new Map(DAMAGED_SAMPLES.map((name) => [name, readFileSync(join(SAMPLES_DIR, name))]));

beforeAll(async () => {
  const modelDir = join(tempDir('damaged-model'), 'tiny');
  await writeTinyCaptioner(modelDir);
  dataDir = tempDir('damaged-data');
  photosRoot = tempDir('damaged-photos');
  process.on('unhandledRejection', onUnhandled);
  core = openCore({ dataDir, overrides: { model: modelDir, device: 'cpu', ocr: false } });
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await core.close();
});

/** One damaged copy of every sample, each with the damage done to it. */
const damagedSet = fc.tuple(
  ...DAMAGED_SAMPLES.map((name) =>
    damageOf(originals.get(name)?.length ?? 1).map((damage) => ({ name, damage })),
  ),
);

/** Writes the damaged copies into a new folder, each under its sample's name (its extension kept). */
function writeDamaged(set: readonly { name: string; damage: Damage }[]): string {
  const dir = join(photosRoot, `run-${String(run++).padStart(3, '0')}`);
  mkdirSync(dir);
  for (const { name, damage } of set) {
    const original = originals.get(name as (typeof DAMAGED_SAMPLES)[number]);
    if (!original) throw new Error(`no sample ${name}`);
    writeFileSync(join(dir, name), applyDamage(original, damage));
  }
  return dir;
}

/** Every image of the folder has had its caption job (each has one: see `captions.queue` below) end. */
function settled(images: readonly ImageSummary[]): boolean {
  return images.every((image) => image.captionJob?.state === 'done' || image.captionJob?.state === 'failed');
}

/** The folder's images once every caption has ended (pushed events, no polling); fails past the bound. */
async function captionsSettled(dir: string, count: number): Promise<ImageSummary[]> {
  const images = () => core.library.listImages({ folderPath: dir, limit: 500 }).images;
  let unsubscribe = (): unknown => undefined;
  const done = new Promise<ImageSummary[]>((resolve) => {
    const check = () => {
      const now = images();
      if (now.length === count && settled(now)) resolve(now);
    };
    unsubscribe = core.library.events.subscribe((event) => {
      if (event.type === 'captions.status' || event.type === 'library.changed') check();
    });
    check();
  });
  try {
    return await withinBound(done, SETTLE_BOUND_MS, `captioning the photos of ${dir}`);
  } finally {
    unsubscribe();
  }
}

/** A reason a person reads: one or more plain sentences, not a stack trace or an object's name. */
function expectPlainReason(reason: string | null | undefined, where: string): void {
  expect(reason?.trim(), where).toBeTruthy();
  expect(reason, where).not.toMatch(/\n\s+at |\[object |^undefined$|^null$/);
}

describe('damaged photos through scan and caption (real sharp, exiftool, SQLite and tiny captioner)', () => {
  it(
    'indexes or fails each with a reason, captions or fails each readable one, and changes no file',
    async () => {
      await fc.assert(
        fc.asyncProperty(damagedSet, async (set) => {
          const dir = writeDamaged(set);
          const before = hashTree(dir);
          const added = await withinBound(
            dispatch(core.handlers, 'folders.add', { path: dir }),
            SETTLE_BOUND_MS,
            `scanning ${JSON.stringify(set)}`,
          );
          expect(added).toMatchObject({ ok: true, value: { found: DAMAGED_SAMPLES.length } });
          // Captions for every file, as a person asks for them: the raw files and those the scan could not
          // read too (the scan queues the others itself).
          const queued = await dispatch(core.handlers, 'captions.queue', { filter: { folderPath: dir } });
          expect(queued.ok).toBe(true);
          const images = await captionsSettled(dir, DAMAGED_SAMPLES.length);
          for (const image of images) {
            const damage = JSON.stringify(set.find(({ name }) => name === image.fileName)?.damage);
            const where = `${image.fileName} damaged by ${damage}`;
            if (image.error !== null) {
              expect(image.status, where).toBe('failed');
              expectPlainReason(image.error, where);
            }
            if (image.captionJob?.state === 'done') {
              expect(image.altText, where).toMatch(/^A (red|green|blue) photo\.$/);
            } else {
              expectPlainReason(image.captionJob?.error, where);
            }
          }
          // Scanning and captioning read files; they never write one, nor put one beside them.
          expect(hashTree(dir)).toEqual(before);
          expect(unhandled).toEqual([]);
        }),
        // A failure is shrunk for at most this long (each try scans and captions a folder), then reported.
        { numRuns: RUNS, plugins: [fc.interruptAfterTimeLimit(SHRINK_LIMIT_MS)] },
      );
    },
    SHRINK_LIMIT_MS + 60_000,
  );

  it('leaves a library that answers and opens again', async () => {
    const page = await dispatch(core.handlers, 'images.list', { limit: 500 });
    expect(page).toMatchObject({ ok: true, value: { total: RUNS * DAMAGED_SAMPLES.length } });
    // A thumbnail that could not be made leaves no half-written file in the cache.
    const cache = [...hashTree(join(dataDir, 'cache')).keys()];
    expect(cache.filter((path) => !path.endsWith('.webp'))).toEqual([]);
    const again = Library.open(dataDir);
    try {
      expect(again.folders()).toHaveLength(RUNS);
    } finally {
      again.close();
    }
  });
});

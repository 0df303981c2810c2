import fc from 'fast-check';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDamage, damageOf, hashTree, type Damage } from '../testing/damaged-bytes.js';
import { tempDir } from '../testing/sample-images.js';
import { withinBound } from '../testing/within-bound.js';
import { MetadataWriteError } from './errors.js';
import { MetadataRepository } from './metadata-repository.js';
import { SAMPLES_DIR } from './test-files.js';
import type { WritePolicy, WriteRecord } from './types.js';

/** Real files of each kind a person's folder holds (exiftool's test samples). */
const SAMPLES = [
  'ExifTool.jpg',
  'PNG.png',
  'ExifTool.tif',
  'RIFF.webp',
  'QuickTime.heic',
  'CanonRaw.cr2',
  'Nikon.nef',
  'DNG.dng',
] as const;
/** Folders of damaged files (one of each sample), each written and undone: about 0.5 s each on 2 cores. */
const RUNS = 40;
/** The whole property, a failure's shrinking included, stops after this long. */
const SHRINK_LIMIT_MS = 240_000;
/** exiftool's own limit per task here; a write (a few tasks) that takes far longer than this is a hang. */
const TASK_TIMEOUT_MS = 15_000;
const WRITE_BOUND_MS = 90_000;
const ALT_TEXT = 'A harbour at dawn, written by the fuzz test.';

let repository: MetadataRepository;
let root: string;
let run = 0;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const originals = new Map<string, Buffer>(
  SAMPLES.map((name) => [name, readFileSync(join(SAMPLES_DIR, name))]),
);

beforeAll(() => {
  root = tempDir('damaged-write');
  process.on('unhandledRejection', onUnhandled);
  repository = new MetadataRepository({ taskTimeoutMillis: TASK_TIMEOUT_MS });
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await repository.close();
});

const policy: fc.Arbitrary<WritePolicy> = fc.record({
  target: fc.constantFrom('auto', 'file', 'sidecar', 'both'),
  sidecarNaming: fc.constantFrom('basename', 'ext'),
  descriptionFields: fc.boolean(),
});

interface Case {
  readonly name: string;
  readonly damage: Damage;
  readonly policy: WritePolicy;
}

const damagedSet = fc.tuple(
  ...SAMPLES.map((name) =>
    fc
      .tuple(damageOf(originals.get(name)?.length ?? 1), policy)
      .map(([damage, writePolicy]): Case => ({ name, damage, policy: writePolicy })),
  ),
);

/** Decoded pixels, or null when sharp cannot decode the file: a write must never change them. */
async function pixels(path: string): Promise<Buffer | null> {
  return sharp(path)
    .raw()
    .toBuffer()
    .catch(() => null);
}

/**
 * Writes alt text into one damaged file (its own folder, so its sidecars are its own), as the write service
 * does, then undoes a write that succeeded. Either it is written, verified and undone, or it fails with a
 * reason and every byte of the folder is as it was.
 */
async function writeAndUndo(dir: string, { name, damage, policy: writePolicy }: Case): Promise<void> {
  const path = join(dir, name);
  const where = `${name} damaged by ${JSON.stringify(damage)}, written with ${JSON.stringify(writePolicy)}`;
  const before = hashTree(dir);
  const pixelsBefore = await pixels(path);
  const read = await repository.read(path).catch((error: unknown) => error);
  const altBefore = read instanceof Error ? null : (read as { altText: string | null }).altText;
  let record: WriteRecord;
  try {
    record = await withinBound(
      repository.write(path, { altText: ALT_TEXT }, writePolicy),
      WRITE_BOUND_MS,
      `writing ${where}`,
    );
  } catch (error) {
    expect(error, where).toBeInstanceOf(MetadataWriteError);
    const { message, reason } = error as MetadataWriteError;
    expect(reason, where).not.toBe('restore-failed');
    expect(message.trim(), where).not.toBe('');
    expect(message, where).not.toMatch(/\n\s+at |\[object /);
    expect(hashTree(dir), `${where}: failed with "${message}" but changed the folder`).toEqual(before);
    return;
  }
  // Written: the alt text reads back from where it went, the picture is untouched.
  expect(record.writtenTo.length, where).toBeGreaterThan(0);
  expect((await repository.read(path)).altText, where).toBe(ALT_TEXT);
  if (!record.writtenTo.includes(path)) expect(hashTree(dir).get(name), where).toBe(before.get(name));
  else if (pixelsBefore !== null) expect(await pixels(path), where).toEqual(pixelsBefore);
  // And undone: the alt text the file had is back, and a sidecar the write made is gone. Or, where the
  // write cannot be undone exactly (a damaged ICC profile that exiftool reads past its end, say), refused with
  // the reason and the write left in place, as it was.
  const written = hashTree(dir);
  try {
    await withinBound(repository.undo(record), WRITE_BOUND_MS, `undoing ${where}`);
  } catch (error) {
    expect(error, where).toBeInstanceOf(MetadataWriteError);
    expect((error as MetadataWriteError).reason, where).not.toBe('restore-failed');
    expect(hashTree(dir), `${where}: the undo failed with "${String(error)}" but changed the folder`).toEqual(
      written,
    );
    return;
  }
  expect((await repository.read(path)).altText, where).toBe(altBefore);
  expect(readdirSync(dir).sort(), where).toEqual([...before.keys()].sort());
  if (pixelsBefore !== null) expect(await pixels(path), where).toEqual(pixelsBefore);
}

describe('verified writes into damaged photos (real exiftool and sharp)', () => {
  it(
    'writes and undoes each, or fails with a reason and leaves every byte as it was',
    async () => {
      await fc.assert(
        fc.asyncProperty(damagedSet, async (set) => {
          const folder = join(root, `run-${String(run++).padStart(3, '0')}`);
          const dirs = set.map((item, index) => {
            const dir = join(folder, String(index));
            mkdirSync(dir, { recursive: true });
            writeFileSync(
              join(dir, item.name),
              applyDamage(originals.get(item.name) ?? Buffer.alloc(0), item.damage),
            );
            return dir;
          });
          // At once, as the write service runs them (the repository runs up to three per exiftool process).
          await Promise.all(set.map((item, index) => writeAndUndo(dirs[index] ?? folder, item)));
          expect(unhandled).toEqual([]);
        }),
        // A failure is shrunk for at most this long (each try writes a folder of files), then reported.
        { numRuns: RUNS, plugins: [fc.interruptAfterTimeLimit(SHRINK_LIMIT_MS)] },
      );
    },
    SHRINK_LIMIT_MS + 60_000,
  );

  it('still writes an undamaged photo afterwards', async () => {
    const dir = join(root, 'undamaged');
    mkdirSync(dir);
    const path = join(dir, 'ExifTool.jpg');
    writeFileSync(path, originals.get('ExifTool.jpg') ?? Buffer.alloc(0));
    const record = await repository.write(
      path,
      { altText: ALT_TEXT },
      {
        target: 'auto',
        sidecarNaming: 'basename',
        descriptionFields: false,
      },
    );
    expect(record.writtenTo).toEqual([path]);
    expect((await repository.read(path)).altText).toBe(ALT_TEXT);
  });
});

import { ExifTool } from 'exiftool-vendored';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import sharp from 'sharp';
import { MetadataWriteError } from './errors.js';
import { jpegHashOfFile, jpegImageDataHash } from './image-hash.js';
import { MetadataRepository } from './metadata-repository.js';
import { copySample, FIXED_MTIME_S } from './test-files.js';
import type { WritePolicy } from './types.js';

const SETTLE_MS = 100;
const auto: WritePolicy = { target: 'auto', sidecarNaming: 'basename', descriptionFields: false };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let repository: MetadataRepository;
let checker: ExifTool;
beforeAll(() => {
  repository = new MetadataRepository({ snapshotSettleMs: SETTLE_MS });
  checker = new ExifTool({ maxProcs: 1, useMWG: false });
});
afterAll(async () => {
  await repository.close();
  await checker.end();
});

/** A copy of a sample, settled (changed longer ago than SETTLE_MS), so that a read of it may be kept. */
async function settledCopy(name: string, prefix: string): Promise<string> {
  const path = copySample(name, prefix);
  await sleep(SETTLE_MS * 2);
  return path;
}

/** How many full reads of `path` exiftool makes while `task` runs. */
async function readsOf(path: string, task: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(ExifTool.prototype, 'readRaw');
  try {
    await task();
    return spy.mock.calls.filter(([file]) => file === path).length;
  } finally {
    spy.mockRestore();
  }
}

describe('the snapshot kept by read()', () => {
  it('is used by the next write of an unchanged file, and only once', async () => {
    const path = await settledCopy('XMP.jpg', 'cache-hit');
    const { stat } = await repository.read(path);
    // The write reads the file once only: after writing, to verify it.
    expect(await readsOf(path, () => repository.write(path, { altText: 'A first text.' }, auto, stat))).toBe(
      1,
    );
    // A write leaves nothing kept: the next one reads before, and after.
    expect(await readsOf(path, () => repository.write(path, { altText: 'A second text.' }, auto))).toBe(2);
  });

  it('is not used once the file was touched (ctime) between the read and the write', async () => {
    const path = await settledCopy('XMP.jpg', 'cache-touch');
    const { stat } = await repository.read(path);
    utimesSync(path, FIXED_MTIME_S, FIXED_MTIME_S); // the same times: only the change time moves
    expect(await readsOf(path, () => repository.write(path, { altText: 'A text.' }, auto, stat))).toBe(2);
  });

  it('is not used once the file was rewritten, and the previous values come from the new read', async () => {
    const path = await settledCopy('XMP.jpg', 'cache-rewrite');
    await checker.write(path, { 'XMP-iptcCore:AltTextAccessibility-x-default': 'Old one.' } as never, {
      writeArgs: ['-overwrite_original_in_place'],
    });
    utimesSync(path, FIXED_MTIME_S, FIXED_MTIME_S);
    await sleep(SETTLE_MS * 2);
    const { stat, altText } = await repository.read(path);
    expect(altText).toBe('Old one.');
    // Another program changes the alt text (same length) and puts the modification time back.
    await checker.write(path, { 'XMP-iptcCore:AltTextAccessibility-x-default': 'New one.' } as never, {
      writeArgs: ['-overwrite_original_in_place'],
    });
    utimesSync(path, FIXED_MTIME_S, FIXED_MTIME_S);
    let record;
    expect(
      await readsOf(path, async () => {
        record = await repository.write(path, { altText: 'Mine.' }, auto, stat);
      }),
    ).toBe(2);
    expect(record).toMatchObject({
      previous: { [path]: { values: { 'XMP-iptcCore:AltTextAccessibility-x-default': 'New one.' } } },
    });
  });

  it('never lets a changed file be written when `expected` is given', async () => {
    const path = await settledCopy('XMP.jpg', 'cache-expected');
    const { stat } = await repository.read(path);
    writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.from('trailing')]));
    const bytes = readFileSync(path);
    const error: unknown = await repository.write(path, { altText: 'A text.' }, auto, stat).catch((e) => e);
    expect(error).toBeInstanceOf(MetadataWriteError);
    expect(error).toMatchObject({ reason: 'changed-since-read' });
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});

describe('the JPEG image data hash', () => {
  it('is unchanged by a metadata-only write, and changed by re-encoding the pixels', async () => {
    const path = copySample('ExifTool.jpg', 'jpeg-hash');
    const before = await jpegHashOfFile(path);
    expect(before).toMatch(/^jpeg:[0-9a-f]{64}$/);
    const result = await checker.write(
      path,
      {
        'XMP-iptcCore:AltTextAccessibility-x-default': 'A text.',
        'IFD0:ImageDescription': 'A text.',
      } as never,
      { writeArgs: ['-overwrite_original_in_place'] },
    );
    expect(result.updated).toBe(1);
    expect(await jpegHashOfFile(path)).toBe(before);
    const reencoded = await sharp(readFileSync(path)).jpeg({ quality: 90 }).withMetadata().toBuffer();
    expect(jpegImageDataHash(reencoded)).not.toBeNull();
    expect(`jpeg:${jpegImageDataHash(reencoded)}`).not.toBe(before);
    // One flipped bit in the scan data changes it too (sharp's JPEG: EOI is the last two bytes).
    const flipped = Buffer.from(reencoded);
    let at = flipped.length - 10;
    while (flipped[at] === 0xff || flipped[at] === 0xfe || flipped[at - 1] === 0xff) at--;
    flipped[at] = (flipped[at] ?? 0) ^ 0x01;
    expect(jpegImageDataHash(flipped)).not.toBeNull();
    expect(jpegImageDataHash(flipped)).not.toBe(jpegImageDataHash(reencoded));
  });

  it('is null for what is not a JPEG, or a truncated one', () => {
    expect(jpegImageDataHash(readFileSync(copySample('PNG.png', 'jpeg-hash-png')))).toBeNull();
    const jpeg = readFileSync(copySample('ExifTool.jpg', 'jpeg-hash-cut'));
    expect(jpegImageDataHash(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).toBeNull();
  });
});

import { ExifTool } from 'exiftool-vendored';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MetadataWriteError } from './errors.js';
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

/** How many tasks (each a round trip to the stay-open exiftool) exiftool is given while `task` runs. */
async function roundTripsOf(task: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(ExifTool.prototype, 'enqueueTask');
  try {
    await task();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe('the snapshot kept by read()', () => {
  it('is used by the next write of an unchanged file, and only once', async () => {
    const path = await settledCopy('XMP.jpg', 'cache-hit');
    const { stat } = await repository.read(path);
    // One round trip: the write, and the read that verifies it, sent to exiftool together.
    expect(await roundTripsOf(() => repository.write(path, { altText: 'A first text.' }, auto, stat))).toBe(
      1,
    );
    // A write leaves nothing kept: the next one reads before, then writes and reads back.
    expect(await roundTripsOf(() => repository.write(path, { altText: 'A second text.' }, auto))).toBe(2);
  });

  it('is not used once the file was touched (ctime) between the read and the write', async () => {
    const path = await settledCopy('XMP.jpg', 'cache-touch');
    const { stat } = await repository.read(path);
    utimesSync(path, FIXED_MTIME_S, FIXED_MTIME_S); // the same times: only the change time moves
    expect(await roundTripsOf(() => repository.write(path, { altText: 'A text.' }, auto, stat))).toBe(2);
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
      await roundTripsOf(async () => {
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

import { ExifTool } from 'exiftool-vendored';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetadataRepository } from './metadata-repository.js';
import { readSnapshot } from './tag-snapshot.js';
import { copySample, FIXED_MTIME_S, FIXTURES_DIR, mtimeMsOf } from './test-files.js';
import type { WritePolicy } from './types.js';

/** A second exiftool, not the repository's, to check what was written. */
const checker = new ExifTool({ maxProcs: 1, useMWG: false });
let repository: MetadataRepository;
beforeAll(() => {
  repository = new MetadataRepository();
});
afterAll(async () => {
  await repository.close();
  await checker.end();
});

const auto: WritePolicy = { target: 'auto', sidecarNaming: 'basename', descriptionFields: false };
const ALT = 'A colour gradient from dark blue to pink.';
/** How an ISO BMFF JPEG XL container begins: its signature box. */
const CONTAINER_START = Buffer.from('0000000c4a584c200d0a870a', 'hex');

describe('JPEG XL', () => {
  it('writes into a bare codestream by putting it, byte for byte, into a container, and undoes it', async () => {
    const path = copySample('gradient-codestream.jxl', 'jxl-bare', FIXTURES_DIR);
    const codestream = readFileSync(path);
    expect(codestream.subarray(0, 2)).toEqual(Buffer.from([0xff, 0x0a]));
    const before = await readSnapshot(checker, path, { imageHash: true });
    expect(before['File:FileType']).toBe('JXL Codestream');

    const record = await repository.write(path, { altText: ALT }, auto);
    expect(record.writtenTo).toEqual([path]);
    expect(record.warnings).toEqual([
      expect.stringMatching(/JPEG XL container.*unchanged, byte for byte.*undo.*leaves the container/),
    ]);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, CONTAINER_START.length)).toEqual(CONTAINER_START);
    expect(bytes.indexOf(codestream)).toBeGreaterThan(0); // the whole codestream, as it was
    const after = await readSnapshot(checker, path, { imageHash: true });
    expect(after).toMatchObject({
      'File:FileType': 'JXL',
      'XMP-iptcCore:AltTextAccessibility': ALT,
      'File:ImageWidth': '24',
      'File:ImageHeight': '16',
      'File:ImageDataHash': before['File:ImageDataHash'],
    });
    expect((await repository.read(path)).altText).toBe(ALT);
    expect(mtimeMsOf(path)).toBeCloseTo(FIXED_MTIME_S * 1000, 2);
    expect(readdirSync(dirname(path))).toEqual([basename(path)]);

    await repository.undo(record);
    const undone = await readSnapshot(checker, path, { imageHash: true });
    expect(undone['XMP-iptcCore:AltTextAccessibility']).toBeUndefined();
    expect(undone['File:ImageDataHash']).toBe(before['File:ImageDataHash']);
    // It stays in its container, as the note says.
    const undoneBytes = readFileSync(path);
    expect(undoneBytes.subarray(0, CONTAINER_START.length)).toEqual(CONTAINER_START);
    expect(undoneBytes.indexOf(codestream)).toBeGreaterThan(0);
  });

  it('writes into a container JPEG XL in place, as before, with no note', async () => {
    const path = copySample('gradient-container.jxl', 'jxl-container', FIXTURES_DIR);
    const original = readFileSync(path);
    const codestream = readFileSync(`${FIXTURES_DIR}gradient-codestream.jxl`);
    expect(original.indexOf(codestream)).toBeGreaterThan(0);
    const before = await readSnapshot(checker, path, { imageHash: true });

    const record = await repository.write(path, { altText: ALT }, auto);
    expect(record).toMatchObject({ writtenTo: [path], warnings: [] });
    const after = await readSnapshot(checker, path, { imageHash: true });
    expect(after).toMatchObject({
      'File:FileType': 'JXL',
      'XMP-iptcCore:AltTextAccessibility': ALT,
      'File:ImageDataHash': before['File:ImageDataHash'],
    });
    expect(readFileSync(path).indexOf(codestream)).toBeGreaterThan(0);
    expect(mtimeMsOf(path)).toBeCloseTo(FIXED_MTIME_S * 1000, 2);
    expect(readdirSync(dirname(path))).toEqual([basename(path)]);
  });
});

import { ExifTool } from 'exiftool-vendored';
import { mkdirSync, rmdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannedTag } from './tag-plan.js';
import { readSnapshot } from './tag-snapshot.js';
import { copySample, sha256Of } from './test-files.js';
import { writeAndRead } from './write-and-read.js';

const ALT = 'XMP-iptcCore:AltTextAccessibility-x-default';
const WRITE_ARGS = ['-overwrite_original_in_place', '-P'];

let exiftool: ExifTool;
beforeAll(() => {
  exiftool = new ExifTool({ maxProcs: 1, useMWG: false });
});
afterAll(async () => {
  await exiftool.end();
});

describe('one exiftool task that writes a file and reads it back', () => {
  it('writes the value exactly and returns the full read that follows', async () => {
    const path = copySample('PNG.png', 'write-and-read');
    const text = 'Fish & chips <b>\nsecond line, café, 咖啡, 🎂, שלום & &amp; &#10;';
    const { after, warnings } = await writeAndRead(
      exiftool,
      path,
      { tags: [plannedTag(ALT, text)], writeArgs: WRITE_ARGS },
      {},
    );
    expect(after['XMP-iptcCore:AltTextAccessibility']).toBe(text);
    expect(after).toEqual(await readSnapshot(exiftool, path));
    // The PNG's own problem, restated by exiftool as it writes.
    expect(warnings).toEqual([expect.stringMatching(/found after PNG IDAT \(fixed\)/)]);
  });

  it('reads back the XMP alone when asked, and deletes a tag given no value', async () => {
    const path = copySample('XMP.jpg', 'write-and-read-xmp');
    await writeAndRead(
      exiftool,
      path,
      { tags: [plannedTag(ALT, 'First.')], writeArgs: WRITE_ARGS },
      { xmpOnly: true },
    );
    const { after, warnings } = await writeAndRead(
      exiftool,
      path,
      { tags: [plannedTag(ALT, null)], writeArgs: WRITE_ARGS },
      {
        xmpOnly: true,
      },
    );
    expect(warnings).toEqual([]);
    expect(after['XMP-iptcCore:AltTextAccessibility']).toBeUndefined();
    expect(Object.keys(after).filter((key) => !key.startsWith('XMP-'))).toEqual([]);
    expect(after).toEqual(await readSnapshot(exiftool, path, { xmpOnly: true }));
  });

  it("rejects with exiftool's error when the file cannot be written, leaving it alone", async () => {
    const path = copySample('Writer.jpg', 'write-and-read-error');
    const bytes = sha256Of(path);
    mkdirSync(`${path}_exiftool_tmp`);
    try {
      await expect(
        writeAndRead(
          exiftool,
          path,
          { tags: [plannedTag(ALT, 'A text.')], writeArgs: WRITE_ARGS },
          { xmpOnly: true },
        ),
      ).rejects.toThrow(/Temporary file already exists/);
    } finally {
      rmdirSync(`${path}_exiftool_tmp`);
    }
    expect(sha256Of(path)).toBe(bytes);
    // The task after it is answered as usual.
    const { after } = await writeAndRead(
      exiftool,
      path,
      { tags: [plannedTag(ALT, 'A text.')], writeArgs: WRITE_ARGS },
      {},
    );
    expect(after['XMP-iptcCore:AltTextAccessibility']).toBe('A text.');
  });
});

import { ExifTool } from 'exiftool-vendored';
import { readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetadataRepository } from './metadata-repository.js';
import { readSnapshot, type TagSnapshot } from './tag-snapshot.js';
import { copySample, FIXED_MTIME_S, mtimeMsOf, sampleNames, sha256Of } from './test-files.js';
import type { WritePolicy } from './types.js';

const TEXTS = {
  accent: 'Un café crème sur une table en bois, à Montréal.',
  chinese: '一杯咖啡放在木桌上。',
  emoji: 'A birthday cake with candles 🎂🕯️ and a dog 🐕‍🦺.',
  rtl: 'כוס קפה על שולחן עץ — فنجان قهوة على طاولة خشبية',
  newline: 'Two lines of text:\nthe second one.',
  exactly250: `${'A long description of a busy harbour at dawn, boats and gulls. '.repeat(4)}`.slice(0, 250),
};

/** Camera raw: its metadata goes to a sidecar; the raw file itself is never touched. */
const RAW = new Set(['CanonRaw.cr2', 'Nikon.nef']);

/**
 * A second, independent exiftool (not the repository's) to check what the repository wrote. The comparison
 * leaves out only what every metadata write changes: the file system's view, exiftool's warnings and
 * toolkit stamp, the extended-XMP GUID and pointers to image data that moved (DESIGN §4).
 */
const checker = new ExifTool({ maxProcs: 1, useMWG: false });
const SKIP =
  /^(System|ExifTool):|^XMP-x:XMPToolkit$|^XMP-xmpNote:HasExtendedXMP$|:(StripOffsets|TileOffsets|ThumbnailOffset|PreviewImageStart|JpgFromRawStart|MPImageStart|MediaDataOffset)$/;
function comparable(snapshot: TagSnapshot, written: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(snapshot).filter(([key]) => !SKIP.test(key) && !written.includes(key)),
  );
}

let repository: MetadataRepository;
beforeAll(() => {
  repository = new MetadataRepository();
});
afterAll(async () => {
  await repository.close();
  await checker.end();
});

expect(TEXTS.exactly250).toHaveLength(250);

const auto: WritePolicy = { target: 'auto', sidecarNaming: 'basename', descriptionFields: false };

describe.each(sampleNames())('alt text round trip into %s', (name) => {
  it('writes each text, reads it back exactly, and leaves the image, the other tags and the date alone', async () => {
    const path = copySample(name, 'round-trip');
    const raw = RAW.has(name);
    const sidecar = path.replace(/\.[^.]+$/, '.xmp');
    const originalBytes = sha256Of(path);
    const original = await readSnapshot(checker, path, { imageHash: true });
    const imageHash = original['File:ImageDataHash'];
    if (name !== 'GIF.gif') expect(imageHash).toMatch(/^[0-9a-f]{64}$/);

    for (const [label, text] of Object.entries(TEXTS)) {
      const record = await repository.write(path, { altText: text }, auto);
      expect(record.writtenTo, label).toEqual([raw ? sidecar : path]);

      const read = await repository.read(path);
      expect(read.altText, label).toBe(text);
      expect(read.found).toContainEqual({
        field: 'AltTextAccessibility',
        lang: 'x-default',
        value: text,
        source: raw ? sidecar : path,
      });

      const after = await readSnapshot(checker, path, { imageHash: true });
      if (raw) {
        expect(sha256Of(path), `${label}: the raw file is untouched`).toBe(originalBytes);
      } else {
        expect(after['File:ImageDataHash'], label).toBe(imageHash);
        expect(after['XMP-iptcCore:AltTextAccessibility'], label).toBe(text);
        expect(comparable(after, ['XMP-iptcCore:AltTextAccessibility']), label).toEqual(
          comparable(original, ['XMP-iptcCore:AltTextAccessibility']),
        );
      }
      expect(mtimeMsOf(path), `${label}: modification time kept`).toBeCloseTo(FIXED_MTIME_S * 1000, 2);
      expect(readdirSync(dirname(path)).sort(), `${label}: no leftovers`).toEqual(
        raw ? [basename(path), basename(sidecar)].sort() : [basename(path)],
      );
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetadataRepository } from './metadata-repository.js';
import type { TagSnapshot } from './tag-snapshot.js';
import { copySample } from './test-files.js';
import type { WritePolicy } from './types.js';

const auto: WritePolicy = { target: 'auto', sidecarNaming: 'basename', descriptionFields: false };

/** The read each write was verified on, by path (seen through the repository's test hook). */
const verifiedOn = new Map<string, TagSnapshot | null>();
let repository: MetadataRepository;
beforeAll(() => {
  repository = new MetadataRepository({
    extraVerification: ({ path, after }) => {
      verifiedOn.set(path, after);
      return null;
    },
  });
});
afterAll(async () => {
  await repository.close();
});

const groupsOf = (snapshot: TagSnapshot | null | undefined) =>
  [...new Set(Object.keys(snapshot ?? {}).map((key) => key.slice(0, key.indexOf(':'))))].sort();

describe('the read a write is verified on', () => {
  it('is the XMP alone for a JPEG in which nothing but XMP changed', async () => {
    const path = copySample('XMP.jpg', 'verify-xmp');
    await repository.write(path, { altText: 'A text.' }, auto);
    const after = verifiedOn.get(path);
    expect(after?.['XMP-iptcCore:AltTextAccessibility']).toBe('A text.');
    expect(groupsOf(after).every((group) => group.startsWith('XMP-'))).toBe(true);
  });

  it('is a full read for a JPEG in which exiftool moved other data (an MPF image offset)', async () => {
    const path = copySample('ExifTool.jpg', 'verify-moved');
    await repository.write(path, { altText: 'A text.' }, auto);
    expect(groupsOf(verifiedOn.get(path))).toEqual(expect.arrayContaining(['IFD0', 'MPF0', 'XMP-iptcCore']));
  });

  it('is a full read when EXIF or IPTC is written, and for a format other than JPEG', async () => {
    const jpeg = copySample('Writer.jpg', 'verify-exif');
    await repository.write(jpeg, { altText: 'A text.' }, { ...auto, descriptionFields: true });
    expect(verifiedOn.get(jpeg)?.['IFD0:ImageDescription']).toBe('A text.');
    const png = copySample('PNG.png', 'verify-png');
    await repository.write(png, { altText: 'A text.' }, auto);
    expect(verifiedOn.get(png)?.['File:ImageDataHash']).toMatch(/^[0-9a-f]{64}$/);
  });
});

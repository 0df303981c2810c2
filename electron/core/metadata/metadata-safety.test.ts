import { ExifTool } from 'exiftool-vendored';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetadataWriteError } from './errors.js';
import { MetadataRepository } from './metadata-repository.js';
import { readSnapshot } from './tag-snapshot.js';
import { copySample, FIXED_MTIME_S, mtimeMsOf, sha256Of } from './test-files.js';
import { parseWriteRecord, type WritePolicy } from './types.js';

/** exiftool knows no darktable namespace: this config teaches the checker to write a few of its tags. */
const DARKTABLE_CONFIG = `%Image::ExifTool::UserDefined = (
  'Image::ExifTool::XMP::Main' => {
    darktable => { SubDirectory => { TagTable => 'Image::ExifTool::UserDefined::darktable' } },
  },
);
%Image::ExifTool::UserDefined::darktable = (
  GROUPS => { 0 => 'XMP', 1 => 'XMP-darktable', 2 => 'Image' },
  NAMESPACE => { 'darktable' => 'http://darktable.sf.net/' },
  WRITABLE => 'string',
  xmp_version => { Writable => 'integer' },
  auto_presets_applied => { Writable => 'integer' },
  history_end => { Writable => 'integer' },
);
1;
`;

let repository: MetadataRepository;
let checker: ExifTool;
const failures: string[] = [];
beforeAll(() => {
  const config = join(tmpdir(), `altlens-darktable-${process.pid}.config`);
  writeFileSync(config, DARKTABLE_CONFIG);
  checker = new ExifTool({
    maxProcs: 1,
    useMWG: false,
    exiftoolArgs: ['-config', config, '-stay_open', 'True', '-@', '-'],
  });
  repository = new MetadataRepository({
    // Fails a write whose alt text asks for it: the restore path, after exiftool has written the file.
    extraVerification: ({ after, path }) => {
      const altText = after?.['XMP-iptcCore:AltTextAccessibility'];
      if (altText?.includes('FAIL VERIFICATION')) {
        failures.push(path);
        return 'injected by the test';
      }
      return null;
    },
  });
});
afterAll(async () => {
  await repository.close();
  await checker.end();
});

const auto: WritePolicy = { target: 'auto', sidecarNaming: 'basename', descriptionFields: false };
const withDescriptions: WritePolicy = { ...auto, descriptionFields: true };

async function setTags(path: string, tags: Record<string, string>): Promise<void> {
  const result = await checker.write(path, tags, { writeArgs: ['-overwrite_original'] });
  expect(result.warnings ?? []).toEqual([]);
  utimesSync(path, FIXED_MTIME_S, FIXED_MTIME_S);
}

async function expectFailure(promise: Promise<unknown>, reason: string, message: RegExp): Promise<void> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MetadataWriteError);
  expect(error).toMatchObject({ reason, message: expect.stringMatching(message) });
}

describe('other languages and other tools’ data survive', () => {
  it('keeps an existing French description and alt text: writes the language given, and x-default only where there was none', async () => {
    const path = copySample('Writer.jpg', 'french');
    await setTags(path, {
      'XMP-dc:Description-x-default': 'Un chat sur un toit.',
      'XMP-dc:Description-fr': 'Un chat sur un toit.',
      'XMP-iptcCore:AltTextAccessibility-fr': 'Un chat roux sur un toit de tuiles.',
    });
    const record = await repository.write(
      path,
      { altText: 'A ginger cat on a tiled roof.' },
      { ...withDescriptions, language: 'en' },
    );
    const tags = await readSnapshot(checker, path);
    expect(tags).toMatchObject({
      // The French x-default description stays: English is one more alternative.
      'XMP-dc:Description': 'Un chat sur un toit.',
      'XMP-dc:Description-en': 'A ginger cat on a tiled roof.',
      'XMP-dc:Description-fr': 'Un chat sur un toit.',
      'XMP-iptcCore:AltTextAccessibility': 'A ginger cat on a tiled roof.',
      'XMP-iptcCore:AltTextAccessibility-en': 'A ginger cat on a tiled roof.',
      'XMP-iptcCore:AltTextAccessibility-fr': 'Un chat roux sur un toit de tuiles.',
    });
    // EXIF holds one language and follows x-default, which stayed French.
    expect(tags['IFD0:ImageDescription']).toBeUndefined();
    expect(record.previous[path]?.values).toEqual({
      'XMP-iptcCore:AltTextAccessibility-x-default': null,
      'XMP-iptcCore:AltTextAccessibility-en': null,
      'XMP-dc:Description-en': null,
    });
    const read = await repository.read(path);
    expect(read.altText).toBe('A ginger cat on a tiled roof.');
    expect(read.found).toContainEqual({
      field: 'AltTextAccessibility',
      lang: 'fr',
      value: 'Un chat roux sur un toit de tuiles.',
      source: path,
    });
    expect(mtimeMsOf(path)).toBeCloseTo(FIXED_MTIME_S * 1000, 2);
  });

  it('writing German after English keeps the English x-default; writing English again moves it', async () => {
    const path = copySample('Writer.jpg', 'languages');
    await repository.write(path, { altText: 'A red door.' }, { ...auto, language: 'en' });
    await repository.write(path, { altText: 'Eine rote Tür.' }, { ...auto, language: 'de' });
    expect(await readSnapshot(checker, path)).toMatchObject({
      'XMP-iptcCore:AltTextAccessibility': 'A red door.',
      'XMP-iptcCore:AltTextAccessibility-en': 'A red door.',
      'XMP-iptcCore:AltTextAccessibility-de': 'Eine rote Tür.',
    });
    // x-default mirrored the English text, so it follows an edit of it.
    await repository.write(path, { altText: 'A red front door.' }, { ...auto, language: 'en' });
    expect(await readSnapshot(checker, path)).toMatchObject({
      'XMP-iptcCore:AltTextAccessibility': 'A red front door.',
      'XMP-iptcCore:AltTextAccessibility-en': 'A red front door.',
      'XMP-iptcCore:AltTextAccessibility-de': 'Eine rote Tür.',
    });
    // Without a language, x-default is the one written, and the alternatives stay.
    await repository.write(path, { altText: 'A door.' }, auto);
    expect(await readSnapshot(checker, path)).toMatchObject({
      'XMP-iptcCore:AltTextAccessibility': 'A door.',
      'XMP-iptcCore:AltTextAccessibility-en': 'A red front door.',
      'XMP-iptcCore:AltTextAccessibility-de': 'Eine rote Tür.',
    });
  });

  it('edits an existing sidecar under the other name, keeping its Camera Raw and darktable data', async () => {
    const raw = copySample('CanonRaw.cr2', 'sidecar');
    const darktableSidecar = `${raw}.xmp`; // photo.cr2.xmp, as darktable names it
    const rawBytes = sha256Of(raw);
    const created = await checker.write(
      darktableSidecar,
      {
        'XMP-crs:Exposure2012': '+0.50',
        'XMP-crs:WhiteBalance': 'As Shot',
        'XMP-darktable:xmp_version': '5',
        'XMP-darktable:history_end': '3',
        'XMP-dc:Subject': ['harbour', 'boats'],
      } as Record<string, string | string[]>,
      { writeArgs: [] },
    );
    expect(created.created).toBe(1);
    const before = await readSnapshot(checker, darktableSidecar);
    expect(before).toMatchObject({ 'XMP-darktable:Xmp_version': '5' });

    // The policy names sidecars photo.xmp, but the existing photo.cr2.xmp is edited, not duplicated.
    const record = await repository.write(raw, { altText: 'Boats in a harbour at dawn.' }, withDescriptions);
    expect(record.writtenTo).toEqual([darktableSidecar]);
    expect(readdirSync(dirname(raw)).sort()).toEqual([basename(raw), basename(darktableSidecar)].sort());
    expect(sha256Of(raw)).toBe(rawBytes);

    const after = await readSnapshot(checker, darktableSidecar);
    for (const key of Object.keys(before).filter((key) => /^XMP-(crs|darktable|dc):/.test(key)))
      if (key !== 'XMP-dc:Description') expect(after[key], key).toBe(before[key]);
    expect(after).toMatchObject({
      'XMP-crs:Exposure2012': '+0.50',
      'XMP-crs:WhiteBalance': 'As Shot',
      'XMP-iptcCore:AltTextAccessibility': 'Boats in a harbour at dawn.',
      'XMP-dc:Description': 'Boats in a harbour at dawn.',
    });
    expect(after['IFD0:ImageDescription']).toBeUndefined(); // a sidecar holds XMP only
    const read = await repository.read(raw);
    expect(read.altText).toBe('Boats in a harbour at dawn.');
  });

  it('writes IPTC as UTF-8 into legacy IPTC (no CodedCharacterSet: Latin-1) without mangling anything', async () => {
    const path = copySample('IPTC.jpg', 'iptc');
    const before = await readSnapshot(checker, path, { imageHash: true });
    expect(before['IPTC:CodedCharacterSet']).toBeUndefined();
    const text = 'Un café, 一杯咖啡, ☕ — כוס קפה';
    await repository.write(path, { altText: text }, withDescriptions);
    const after = await readSnapshot(checker, path, { imageHash: true });
    expect(after).toMatchObject({
      'IPTC:Caption-Abstract': text,
      'IPTC:CodedCharacterSet': 'UTF8',
      'IPTC:By-line': 'Phil Harvey',
      'IPTC:Keywords': before['IPTC:Keywords'],
      'IPTC:Source': "I'm the source",
    });
    expect(after['File:ImageDataHash']).toBe(before['File:ImageDataHash']);
  });

  // exiftool writes IPTC without CodedCharacterSet as Latin-1 (Windows-1252): `é` is the one byte E9.
  const LATIN1 = { 'IPTC:City': 'Montréal', 'IPTC:Headline': 'Straße, “Anführungszeichen”, 5 €, ½' };
  const holds = (path: string, text: string, encoding: BufferEncoding) =>
    readFileSync(path).includes(Buffer.from(text, encoding));

  it.each([
    ['no CodedCharacterSet', null],
    ['CodedCharacterSet ISO-8859-1', 'ESC . A'],
  ])(
    'converts Latin-1 IPTC (%s) holding é and the like to UTF-8 exactly, and the undo converts it back',
    async (_, charset) => {
      const path = copySample('IPTC.jpg', 'iptc-latin1');
      await setTags(path, { ...LATIN1, ...(charset ? { 'IPTC:CodedCharacterSet': charset } : {}) });
      expect(holds(path, 'Montréal', 'latin1')).toBe(true);
      const before = await readSnapshot(checker, path, { imageHash: true });
      expect(before).toMatchObject(LATIN1);
      expect(before['IPTC:CodedCharacterSet']).toBe(charset ?? undefined);

      const text = 'Une rue à Montréal, 一杯咖啡 ☕ — רחוב';
      const record = await repository.write(path, { altText: text }, withDescriptions);
      const after = await readSnapshot(checker, path, { imageHash: true });
      expect(after).toMatchObject({
        ...LATIN1,
        'IPTC:Caption-Abstract': text,
        'IPTC:CodedCharacterSet': 'UTF8',
        'IPTC:By-line': 'Phil Harvey',
        'IPTC:Keywords': before['IPTC:Keywords'],
        'File:ImageDataHash': before['File:ImageDataHash'],
      });
      expect(holds(path, 'Montréal', 'utf8')).toBe(true);
      expect(holds(path, 'Montréal', 'latin1')).toBe(false);
      expect(mtimeMsOf(path)).toBeCloseTo(FIXED_MTIME_S * 1000, 2);

      await repository.undo(record);
      const undone = await readSnapshot(checker, path, { imageHash: true });
      expect(undone).toMatchObject({ ...LATIN1, 'IPTC:Caption-Abstract': 'A witty caption' });
      expect(undone['IPTC:CodedCharacterSet']).toBe(charset ?? undefined);
      expect(holds(path, 'Montréal', 'latin1')).toBe(true);
    },
  );
});

describe('safety', () => {
  it('refuses a file that changed after it was read', async () => {
    const path = copySample('PNG.png', 'changed');
    const { stat } = await repository.read(path);
    utimesSync(path, FIXED_MTIME_S + 10, FIXED_MTIME_S + 10);
    const bytes = sha256Of(path);
    await expectFailure(
      repository.write(path, { altText: 'A logo.' }, auto, stat),
      'changed-since-read',
      /PNG\.png changed since it was read/,
    );
    expect(sha256Of(path)).toBe(bytes);
    // With what is on disk now, it writes (tolerating the warning about the PNG's misplaced text chunks,
    // which the file had before the write, and recording it).
    const record = await repository.write(
      path,
      { altText: 'A logo.' },
      auto,
      (await repository.read(path)).stat,
    );
    expect(record.warnings).toEqual([expect.stringMatching(/found after PNG IDAT \(fixed\)/)]);
  });

  it('restores the exact original bytes when verification fails after exiftool wrote the file', async () => {
    const path = copySample('XMP.jpg', 'restore');
    const bytes = sha256Of(path);
    await expectFailure(
      repository.write(path, { altText: 'FAIL VERIFICATION please' }, withDescriptions),
      'verification-failed',
      /XMP\.jpg failed verification: injected by the test\. Nothing was written: the original files were put back\./,
    );
    expect(failures).toContain(path);
    expect(sha256Of(path)).toBe(bytes);
    expect(mtimeMsOf(path)).toBeCloseTo(FIXED_MTIME_S * 1000, 2);
    expect(readdirSync(dirname(path))).toEqual(['XMP.jpg']);
  });

  it('removes a sidecar it created when verification fails', async () => {
    const raw = copySample('Nikon.nef', 'restore-sidecar');
    await expectFailure(
      repository.write(raw, { altText: 'FAIL VERIFICATION' }, { ...auto, sidecarNaming: 'ext' }),
      'verification-failed',
      /Nikon\.nef\.xmp failed verification/,
    );
    expect(readdirSync(dirname(raw))).toEqual(['Nikon.nef']);
  });

  it('refuses alt text over 250 characters, an empty one, a carriage return, and the raw file itself', async () => {
    const path = copySample('Writer.jpg', 'invalid');
    await expectFailure(
      repository.write(path, { altText: 'x'.repeat(251) }, auto),
      'invalid-values',
      /at most 250 characters; this one has 251/,
    );
    await expectFailure(repository.write(path, { altText: '  ' }, auto), 'invalid-values', /empty/);
    await expectFailure(
      repository.write(path, { altText: 'a\r\nb' }, auto),
      'invalid-values',
      /carriage return \(U\+000D\).*plain line break/,
    );
    const raw = copySample('CanonRaw.cr2', 'raw-file');
    await expectFailure(
      repository.write(raw, { altText: 'A dog.' }, { ...auto, target: 'file' }),
      'unsupported-target',
      /CR2, a camera raw/,
    );
    expect(readdirSync(dirname(raw))).toEqual(['CanonRaw.cr2']);
  });
});

describe('undo', () => {
  it('puts back the previous value, and removes a value that was not there before', async () => {
    const path = copySample('MWG.jpg', 'undo');
    const bytes = sha256Of(path);
    await setTags(path, { 'XMP-iptcCore:AltTextAccessibility-x-default': 'Old alt text' });
    const withOld = sha256Of(path);
    expect(withOld).not.toBe(bytes);

    const record = await repository.write(
      path,
      { altText: 'New alt text', extDescription: 'A longer description.' },
      withDescriptions,
    );
    expect(record.written).toMatchObject({
      'XMP-iptcCore:AltTextAccessibility-x-default': 'New alt text',
      'XMP-iptcCore:ExtDescrAccessibility-x-default': 'A longer description.',
      'IPTC:Caption-Abstract': 'New alt text',
    });
    // The record survives a trip through JSON (the library stores it so).
    await repository.undo(parseWriteRecord(JSON.parse(JSON.stringify(record))));
    const tags = await readSnapshot(checker, path);
    expect(tags['XMP-iptcCore:AltTextAccessibility']).toBe('Old alt text');
    expect(tags['XMP-iptcCore:ExtDescrAccessibility']).toBeUndefined();
    expect(tags['IPTC:Caption-Abstract']).toBe('WRONG-IPTC-Description');
    expect(tags['IFD0:ImageDescription']).toBe('RIGHT-EXIF-Description');
    expect(tags['XMP-dc:Description']).toBe('WRONG-XMP-Description');
    expect(tags['IPTC:CodedCharacterSet']).toBeUndefined();
    expect(mtimeMsOf(path)).toBeCloseTo(FIXED_MTIME_S * 1000, 2);
  });

  it('removes the sidecar a write created', async () => {
    const raw = copySample('CanonRaw.cr2', 'undo-sidecar');
    const record = await repository.write(raw, { altText: 'A dog.' }, auto);
    expect(readdirSync(dirname(raw)).sort()).toEqual(['CanonRaw.cr2', 'CanonRaw.xmp']);
    await repository.undo(record);
    expect(readdirSync(dirname(raw))).toEqual(['CanonRaw.cr2']);
  });

  it('refuses when the value was changed since the write', async () => {
    const path = copySample('PhotoMechanic.jpg', 'undo-conflict');
    const record = await repository.write(path, { altText: 'Mine' }, auto);
    await setTags(path, { 'XMP-iptcCore:AltTextAccessibility-x-default': 'Someone else’s' });
    const bytes = sha256Of(path);
    await expectFailure(repository.undo(record), 'undo-conflict', /changed since the write/);
    expect(sha256Of(path)).toBe(bytes);
  });
});

describe('read', () => {
  it('lists disagreeing values from the file and both sidecars, and prefers the file for a JPEG', async () => {
    const path = copySample('ExifTool.jpg', 'read');
    await setTags(path, { 'XMP-iptcCore:AltTextAccessibility-x-default': 'In the file' });
    const lightroom = path.replace(/\.jpg$/, '.xmp');
    const darktable = `${path}.xmp`;
    await checker.write(lightroom, {
      'XMP-iptcCore:AltTextAccessibility-x-default': 'In photo.xmp',
    } as Record<string, string>);
    await checker.write(darktable, {
      'XMP-iptcCore:AltTextAccessibility-x-default': 'In photo.jpg.xmp',
    } as Record<string, string>);
    const read = await repository.read(path);
    expect(read.altText).toBe('In the file');
    expect(read.description).toBe('UTF-16 (big-endian) encoded XMP');
    const altTexts = read.found.filter((entry) => entry.field === 'AltTextAccessibility');
    expect(altTexts).toEqual([
      { field: 'AltTextAccessibility', lang: 'x-default', value: 'In the file', source: path },
      { field: 'AltTextAccessibility', lang: 'x-default', value: 'In photo.xmp', source: lightroom },
      { field: 'AltTextAccessibility', lang: 'x-default', value: 'In photo.jpg.xmp', source: darktable },
    ]);
    // Both IPTC blocks are listed: the main one and the one in the JPEG trailer.
    expect(
      read.found.filter((entry) => entry.field === 'Caption-Abstract').map((entry) => entry.value),
    ).toEqual(['A witty caption', 'ExifTool AFCP test']);
  });
});

import { ExifTool } from 'exiftool-vendored';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeImageError } from '../library/probe.js';
import { exiftoolSaid, MetadataWriteError, plainWords } from './errors.js';
import { MetadataRepository } from './metadata-repository.js';
import { readSnapshot } from './tag-snapshot.js';
import { writeOnSmallDisk } from './test-disk.js';
import { copySample, FIXED_MTIME_S, makeReadOnly, mtimeMsOf, SAMPLES_DIR, sha256Of } from './test-files.js';
import type { WritePolicy } from './types.js';

let repository: MetadataRepository;
const checker = new ExifTool({ maxProcs: 1, useMWG: false });
beforeAll(() => {
  repository = new MetadataRepository();
});
afterAll(async () => {
  await repository.close();
  await checker.end();
});

const auto: WritePolicy = { target: 'auto', sidecarNaming: 'basename', descriptionFields: false };
/** What exiftool says in its own words: none of it may reach a person. */
const EXIFTOOL_WORDS =
  /exiftool could not|Error creating file|Error opening|Error writing|Temporary file already|control character:/;

async function failureOf(promise: Promise<unknown>): Promise<MetadataWriteError> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MetadataWriteError);
  const failure = error as MetadataWriteError;
  expect(failure.message).not.toMatch(EXIFTOOL_WORDS);
  return failure;
}

/** The photo is as it was, with nothing left beside it. */
function expectUntouched(path: string, bytes: string, besides: string[] = []): void {
  expect(sha256Of(path)).toBe(bytes);
  expect(mtimeMsOf(path)).toBeCloseTo(FIXED_MTIME_S * 1000, 2);
  expect(readdirSync(dirname(path)).sort()).toEqual([basename(path), ...besides].sort());
}

describe('a write that the file system refuses says why in plain words, and changes nothing', () => {
  it('a read-only file: "The file is read-only: PATH"', async () => {
    const path = copySample('ExifTool.jpg', 'read-only-file');
    const bytes = sha256Of(path);
    const writable = makeReadOnly(path);
    try {
      const failure = await failureOf(repository.write(path, { altText: 'A bird.' }, auto));
      expect(failure.reason).toBe('read-only-file');
      expect(failure.message).toBe(
        `${plainWords.readOnlyFile(path)} Nothing was written: the original files were put back.`,
      );
      expectUntouched(path, bytes);
    } finally {
      writable();
    }
  });

  it('a read-only folder: "The folder is read-only: DIR", for the photo and for a new sidecar', async () => {
    const path = copySample('Writer.jpg', 'read-only-folder');
    const raw = join(dirname(path), 'Raw.cr2');
    writeFileSync(raw, readFileSync(join(SAMPLES_DIR, 'CanonRaw.cr2')));
    const rawBytes = sha256Of(raw);
    const bytes = sha256Of(path);
    const writable = makeReadOnly(dirname(path));
    try {
      for (const target of [path, raw]) {
        const failure = await failureOf(repository.write(target, { altText: 'A bird.' }, auto));
        expect(failure.reason).toBe('read-only-folder');
        expect(failure.message).toMatch(new RegExp(`^The folder is read-only: ${dirname(path)}\\. `));
        expect(failure.message).toContain(plainWords.readOnlyFolder(dirname(path)));
      }
    } finally {
      writable();
    }
    expectUntouched(path, bytes, ['Raw.cr2']);
    expect(sha256Of(raw)).toBe(rawBytes);
  });

  it('a temporary file in the way (a file or a folder) names it and says what to do; it is left alone', async () => {
    for (const kind of ['file', 'folder'] as const) {
      const path = copySample('ExifTool.jpg', `stale-${kind}`);
      const bytes = sha256Of(path);
      const temporary = `${path}_exiftool_tmp`;
      if (kind === 'file') writeFileSync(temporary, 'half of an earlier write');
      else mkdirSync(temporary);
      const failure = await failureOf(repository.write(path, { altText: 'A bird.' }, auto));
      expect(failure.reason).toBe('temporary-file-in-the-way');
      expect(failure.message).toMatch(
        new RegExp(
          `^A temporary file from an earlier write is in the way: ${temporary}\\. If no program is writing`,
        ),
      );
      expectUntouched(path, bytes, [basename(temporary)]);
      expect(existsSync(temporary)).toBe(true); // not known to be ours: left where it was
      if (kind === 'file') expect(readFileSync(temporary, 'utf8')).toBe('half of an earlier write');
      else rmdirSync(temporary);
    }
  });

  it('a full disk: "The disk is full", and the photo keeps its bytes', async () => {
    const outcome = await writeOnSmallDisk(join(SAMPLES_DIR, 'ExifTool.jpg'), 'full');
    expect(outcome.reason).toBe('disk-full');
    expect(outcome.message).toMatch(
      /^The disk is full: there is not enough free space in \/.+ to write the file\. Free some space/,
    );
    expect(outcome.message).not.toMatch(EXIFTOOL_WORDS);
    expect(outcome).toMatchObject({ unchanged: true, entries: ['ExifTool.jpg'] });
  });

  it('a read-only disk: "The disk is read-only", for the photo and for a camera raw file’s sidecar', async () => {
    for (const name of ['ExifTool.jpg', 'CanonRaw.cr2']) {
      const outcome = await writeOnSmallDisk(join(SAMPLES_DIR, name), 'read-only');
      expect(outcome.reason, name).toBe('read-only-disk');
      expect(outcome.message, name).toMatch(
        /^The disk is read-only: \/.+ is on a disk or network share that allows no changes/,
      );
      expect(outcome.message).not.toMatch(EXIFTOOL_WORDS);
      expect(outcome).toMatchObject({ unchanged: true, entries: [name] });
    }
  });

  it('a file that is gone, or a folder: the same words from the write, the read and the scanner', async () => {
    const path = join(dirname(copySample('Writer.jpg', 'gone')), 'gone.jpg');
    const failure = await failureOf(repository.write(path, { altText: 'A bird.' }, auto));
    expect(failure).toMatchObject({ reason: 'not-found', message: plainWords.gone(path) });
    await expect(repository.read(path)).rejects.toThrow(plainWords.gone(path));
    const scanned = await readFile(path).catch((error: unknown) => describeImageError(error, path));
    expect(scanned).toBe(plainWords.gone(path));
    const folder = join(dirname(path), 'folder.jpg');
    mkdirSync(folder);
    const notAFile = await failureOf(repository.write(folder, { altText: 'A bird.' }, auto));
    expect(notAFile).toMatchObject({ reason: 'not-a-file', message: plainWords.notAFile(folder) });
    await expect(repository.read(folder)).rejects.toThrow(plainWords.notAFile(folder));
    expect(plainWords.gone(path)).toMatch(
      /^The file is gone: .*gone\.jpg\. It was moved, renamed or deleted; scan its folder again/,
    );
  });
});

describe('a file exiftool finds damaged', () => {
  it("quotes exiftool's reason, cleaned, and says what to do (a PNG whose header checksum is wrong)", async () => {
    const path = copySample('PNG.png', 'bad-crc');
    const bytes = readFileSync(path);
    // The CRC of the IHDR chunk: the 4 bytes after its 8-byte header and 13 bytes of content.
    bytes[8 + 8 + 13] = (bytes[8 + 8 + 13] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
    utimesSync(path, FIXED_MTIME_S, FIXED_MTIME_S);
    const before = sha256Of(path);
    const failure = await failureOf(repository.write(path, { altText: 'A logo.' }, auto));
    expect(failure.reason).toBe('exiftool-error');
    expect(failure.message).toBe(
      `${plainWords.exiftoolRefused(path, 'Bad CRC for IHDR chunk')} Nothing was written: the original files were put back.`,
    );
    expect(failure.message).toMatch(/may be damaged: .*sidecar file instead .*--target sidecar/);
    expectUntouched(path, before);
  });

  it("cleans exiftool's words: no prefix, no file name, no character references", () => {
    expect(exiftoolSaid('Warning: [minor] Truncated &#39;XMP &#39; chunk - /tmp/a b/photo.webp')).toBe(
      "Truncated 'XMP ' chunk",
    );
    expect(exiftoolSaid('Error: Bad format &amp; &lt;size&gt; - C:\\photos\\a.jpg')).toBe(
      'Bad format & <size>',
    );
  });
});

describe('what exiftool cannot be given is refused before it sees it, in plain words', () => {
  it('a file name with a line break, for a read and a write (exiftool takes its arguments one a line)', async () => {
    const path = join(dirname(copySample('Writer.jpg', 'line-break')), 'two\nlines.jpg');
    writeFileSync(path, readFileSync(join(SAMPLES_DIR, 'Writer.jpg')));
    const bytes = sha256Of(path);
    for (const attempt of [repository.write(path, { altText: 'A bird.' }, auto), repository.read(path)]) {
      const failure = await failureOf(attempt);
      expect(failure).toMatchObject({ reason: 'unusable-name', message: plainWords.unusableName(path) });
      expect(failure.message).toContain('"'); // the name shown with its line break as \n
      expect(failure.message).toMatch(/two\\nlines\.jpg".*Rename the file/);
    }
    expect(sha256Of(path)).toBe(bytes);
  });

  it('control characters in the text: named, with what to do; a line break and a tab are written exactly', async () => {
    const path = copySample('Writer.jpg', 'control');
    const bytes = sha256Of(path);
    const refusals = [
      [
        { altText: 'A bell\u0007 rings.' },
        /^The alt text contains a control character \(U\+0007\), which image metadata cannot hold: remove it/,
      ],
      [
        { altText: 'A cat.', extDescription: 'Two lines\r\nof text.' },
        /^The extended description contains a carriage return \(U\+000D\).*plain line break/,
      ],
      [
        { altText: 'A cat.', description: 'Escape \u001b[31m' },
        /^The description contains a control character \(U\+001B\)/,
      ],
    ] as const;
    for (const [values, message] of refusals) {
      const failure = await failureOf(repository.write(path, values, { ...auto, descriptionFields: true }));
      expect(failure.reason).toBe('invalid-values');
      expect(failure.message).toMatch(message);
    }
    expect(sha256Of(path)).toBe(bytes);

    // exiftool is given each value with its line breaks and tabs as character references (-E): exact.
    const extDescription = 'First paragraph.\n\nSecond one,\twith a tab.';
    await repository.write(path, { altText: 'A cat.', extDescription }, auto);
    const tags = await readSnapshot(checker, path);
    expect(tags['XMP-iptcCore:ExtDescrAccessibility']).toBe(extDescription);
    expect((await repository.read(path)).extDescription).toBe(extDescription);
  });
});

describe('the scanner says what the file system refused in the same words', () => {
  it('maps permission denied, not permitted, a folder, a disk error and too many open files to the shared sentences', async () => {
    const path = '/photos/a.jpg';
    const withCode = (code: string) => Object.assign(new Error(`${code}: refused, open '${path}'`), { code });
    expect(describeImageError(withCode('EACCES'), path)).toBe(plainWords.notReadable(path));
    expect(describeImageError(withCode('EPERM'), path)).toMatch(
      /^The system does not let AltLens read .*macOS/,
    );
    expect(describeImageError(withCode('EIO'), path)).toBe(plainWords.diskError(path));
    expect(describeImageError(withCode('EMFILE'), path)).toBe(plainWords.tooManyOpenFiles(path));
    const folder = dirname(copySample('Writer.jpg', 'a-folder'));
    const isFolder = await readFile(folder).catch((error: unknown) => describeImageError(error, folder));
    expect(isFolder).toBe(plainWords.notAFile(folder));
  });
});

import { ExifTool } from 'exiftool-vendored';
import { copyFileSync, existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { MetadataRepository } from './metadata-repository.js';
import { FIXED_MTIME_S, mtimeMsOf, sha256Of } from './test-files.js';
import type { WritePolicy } from './types.js';
import { WriteIntent, type WriteIntent as Intent } from './write-intent.js';

const ALT = 'XMP-iptcCore:AltTextAccessibility';
const inFile: WritePolicy = { target: 'file', sidecarNaming: 'basename', descriptionFields: false };
const inSidecar: WritePolicy = { ...inFile, target: 'sidecar' };

let repository: MetadataRepository;
let checker: ExifTool;
let backups: string;
let photo: string;
let original: string;

beforeAll(() => {
  backups = tempDir('intent-backups');
  repository = new MetadataRepository({ backupDir: backups });
  checker = new ExifTool({ maxProcs: 1, useMWG: false });
});
afterAll(async () => {
  await repository.close();
  await checker.end();
});
beforeEach(async () => {
  const dir = tempDir('intent');
  photo = join(dir, 'photo.jpg');
  await writeImage(photo, { width: 320, height: 240 });
  utimesSync(photo, FIXED_MTIME_S, FIXED_MTIME_S);
  original = join(tempDir('intent-original'), 'photo.jpg');
  copyFileSync(photo, original);
});

/** A write stopped by its intent hook: nothing written (the process "died" before exiftool ran). */
async function intentOfUnrunWrite(policy = inFile): Promise<Intent> {
  let intent: Intent | null = null;
  await expect(
    repository.write(photo, { altText: 'A grey square.' }, policy, undefined, {
      onIntent: (planned) => {
        intent = planned;
        throw new Error('stopped before exiftool');
      },
    }),
  ).rejects.toThrow('stopped before exiftool');
  if (!intent) throw new Error('no intent');
  return settleable(intent);
}

/** A write that ran, and what it recorded before exiftool, with the copy of the original put back in place. */
async function intentOfWrite(policy = inFile): Promise<Intent> {
  let intent: Intent | null = null;
  await repository.write(photo, { altText: 'A grey square.' }, policy, undefined, {
    onIntent: (planned) => {
      intent = planned;
    },
  });
  if (!intent) throw new Error('no intent');
  const ran: Intent = intent;
  // The verified write removed the copy; a process that died before verifying would have left it.
  for (const file of ran.files) if (file.backup && file.kind === 'image') copyFileSync(original, file.backup);
  return settleable(ran);
}

/** As stored and read back (JSON, zod), and as a dead writer's: its exiftool is not this test's. */
const settleable = (intent: Intent): Intent =>
  WriteIntent.parse({ ...JSON.parse(JSON.stringify(intent)), exiftool: [] });

const altTextOf = async (path: string) =>
  ((await checker.readRaw(path, { readArgs: ['-G1', `-${ALT}`] })) as Record<string, unknown>)[ALT];

describe('settling a write the process died during (real exiftool)', () => {
  it('records, before exiftool runs, the files, the values before and after, and where the originals go', async () => {
    const intent = await intentOfUnrunWrite();
    expect(intent).toMatchObject({
      operation: 'write',
      imagePath: photo,
      imageData: expect.stringMatching(/^jpeg:[0-9a-f]{64}$/),
      files: [
        {
          path: photo,
          kind: 'image',
          existed: true,
          tags: [{ name: `${ALT}-x-default`, before: null, after: 'A grey square.' }],
          remove: false,
          backup: expect.stringMatching(/\.jpg$/),
          ownLeftovers: [`${photo}_original`, `${photo}_exiftool_tmp`],
        },
      ],
    });
    expect(intent.files[0]?.backup?.startsWith(backups)).toBe(true);
  });

  it('a write that never reached exiftool: not done, the file untouched', async () => {
    const intent = await intentOfUnrunWrite();
    expect(await repository.settle(intent)).toEqual({ outcome: 'not-done', reason: null });
    expect(sha256Of(photo)).toBe(sha256Of(original));
  });

  it('a write exiftool finished: done, and the modification time put back as the write would have', async () => {
    const intent = await intentOfWrite();
    // exiftool's -P keeps the time to the second; the write puts back the rest after it.
    utimesSync(photo, Math.floor(FIXED_MTIME_S), Math.floor(FIXED_MTIME_S));
    expect(await repository.settle(intent)).toEqual({ outcome: 'done', reason: null });
    expect(await altTextOf(photo)).toBe('A grey square.');
    expect(mtimeMsOf(photo)).toBeCloseTo(FIXED_MTIME_S * 1000, 2);
    const backup = intent.files[0]?.backup ?? '';
    expect(existsSync(backup)).toBe(false);
  });

  it('a simple WebP the write gave its extended header: done (the header change is the container’s)', async () => {
    photo = join(tempDir('intent-webp'), 'photo.webp');
    await writeImage(photo, { width: 320, height: 240, format: 'webp' });
    utimesSync(photo, FIXED_MTIME_S, FIXED_MTIME_S);
    original = join(tempDir('intent-webp-original'), 'photo.webp');
    copyFileSync(photo, original);
    const intent = await intentOfWrite();
    utimesSync(photo, Math.floor(FIXED_MTIME_S), Math.floor(FIXED_MTIME_S));
    expect(await repository.settle(intent)).toEqual({ outcome: 'done', reason: null });
    expect(await altTextOf(photo)).toBe('A grey square.');
  });

  it('removes the exiftool temporary file the write left, and no one else’s', async () => {
    const theirs = join(tempDir('intent-other'), 'other.jpg');
    await writeImage(theirs);
    writeFileSync(`${theirs}_exiftool_tmp`, 'someone else’s');
    const intent = await intentOfWrite();
    writeFileSync(`${photo}_exiftool_tmp`, 'left by exiftool when the process died');
    expect(await repository.settle(intent)).toMatchObject({ outcome: 'done' });
    expect(existsSync(`${photo}_exiftool_tmp`)).toBe(false);
    expect(existsSync(`${theirs}_exiftool_tmp`)).toBe(true);
  });

  it('leaves a temporary file that was there before the write: it is not the write’s', async () => {
    writeFileSync(`${photo}_exiftool_tmp`, 'there before');
    const intent = await intentOfUnrunWrite();
    expect(intent.files[0]?.ownLeftovers).toEqual([`${photo}_original`]);
    expect(await repository.settle(intent)).toMatchObject({ outcome: 'not-done' });
    expect(existsSync(`${photo}_exiftool_tmp`)).toBe(true);
  });

  it('a file changed since by someone else: a problem that says what and where the original is', async () => {
    const intent = await intentOfWrite();
    await checker.write(photo, { [`${ALT}-x-default`]: 'Written by another program.' } as never, {
      writeArgs: ['-overwrite_original'],
    });
    const settled = await repository.settle(intent);
    expect(settled.outcome).toBe('problem');
    const backup = intent.files[0]?.backup ?? '';
    expect(settled.reason).toContain('photo.jpg was cut short (AltLens stopped during it)');
    expect(settled.reason).toContain('"Written by another program."');
    expect(settled.reason).toContain(`Its original is kept at ${backup}.`);
    expect(sha256Of(backup)).toBe(sha256Of(original));
  });

  it('a write whose image data is damaged is a problem, not done', async () => {
    const intent = await intentOfWrite();
    // One byte of the picture itself (its entropy-coded data, after the start of scan), the metadata intact.
    const bytes = readFileSync(photo);
    const scan = bytes.indexOf(Buffer.from([0xff, 0xda]));
    const at = scan + Math.floor((bytes.length - scan) / 2);
    bytes[at] = (bytes[at] ?? 0) === 0x10 ? 0x11 : 0x10;
    writeFileSync(photo, bytes);
    expect(await repository.settle(intent)).toMatchObject({
      outcome: 'problem',
      reason: expect.stringContaining('The image data of photo.jpg changed.'),
    });
  });

  it('a new sidecar: not there is not done, there and whole is done', async () => {
    const sidecar = photo.replace(/\.jpg$/, '.xmp');
    const unrun = await intentOfUnrunWrite(inSidecar);
    expect(unrun.files).toMatchObject([{ path: sidecar, kind: 'sidecar', existed: false, backup: null }]);
    expect(await repository.settle(unrun)).toMatchObject({ outcome: 'not-done' });
    const ran = await intentOfWrite(inSidecar);
    expect(await repository.settle(ran)).toMatchObject({ outcome: 'done' });
    expect(await altTextOf(sidecar)).toBe('A grey square.');
  });

  it('an undo is settled the same way', async () => {
    const record = await repository.write(photo, { altText: 'A grey square.' }, inFile);
    let intent: Intent | null = null;
    await repository.undo(record, {
      onIntent: (planned) => {
        intent = planned;
      },
    });
    if (!intent) throw new Error('no intent');
    const undo = settleable(intent);
    expect(undo).toMatchObject({
      operation: 'undo',
      files: [{ tags: [{ name: `${ALT}-x-default`, before: 'A grey square.', after: null }] }],
    });
    expect(await repository.settle(undo)).toMatchObject({ outcome: 'done' });
    expect(await altTextOf(photo)).toBeUndefined();
  });
});

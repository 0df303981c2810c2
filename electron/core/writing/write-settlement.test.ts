import { ExifTool } from 'exiftool-vendored';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../library/library.js';
import type { MetadataRepository } from '../metadata/metadata-repository.js';
import { sha256Of } from '../metadata/test-files.js';
import { processIdentity, type ProcessIdentity } from '../process-identity.js';
import { importable, startScript, stillRunningAfter } from '../testing/processes.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { metadataWriter, writingRepository } from './metadata-writer.js';
import { WriteService } from './write-service.js';

const ALT = 'XMP-iptcCore:AltTextAccessibility';
const module = (name: string) => importable(new URL(name, import.meta.url));

/**
 * A real AltLens process that writes (or undoes) one photo of the library with the real write service and
 * exiftool, and kills itself (kill -9) at `point`: right after the write's intent is recorded (before
 * exiftool runs); once exiftool wrote the file, while it is being verified (its original still kept, its
 * modification time not put back yet); once the repository is done (before the library records it); or
 * never (it hangs, alive, after recording the intent). Prints its exiftool pids first.
 */
function writerScript(
  dataDir: string,
  imageId: number,
  operation: 'write' | 'undo',
  point: 'before-exiftool' | 'verifying' | 'after-exiftool' | 'hang',
): string {
  return `
    import { join } from 'node:path';
    import { Library } from ${module('../library/library.ts')};
    import { MetadataRepository } from ${module('../metadata/metadata-repository.ts')};
    import { metadataWriter } from ${module('./metadata-writer.ts')};
    import { WriteService } from ${module('./write-service.ts')};
    const point = ${JSON.stringify(point)};
    const die = () => process.kill(process.pid, 'SIGKILL');
    const metadata = new MetadataRepository({
      backupDir: join(${JSON.stringify(dataDir)}, 'write-backups'),
      extraVerification: () => (point === 'verifying' ? die() : null),
    });
    const library = Library.open(${JSON.stringify(dataDir)}, { metadata });
    const real = metadataWriter(metadata);
    const hooked = (hooks) => ({
      onIntent: (intent) => {
        hooks?.onIntent?.(intent);
        console.log('exiftool ' + JSON.stringify(metadata.exiftoolPids));
        if (point === 'before-exiftool') die();
        if (point === 'hang') return new Promise(() => {});
      },
    });
    const writer = {
      ...real,
      write: async (path, values, policy, expected, hooks) => {
        const record = await real.write(path, values, policy, expected, hooked(hooks));
        if (point === 'after-exiftool') die();
        return record;
      },
      undo: async (record, hooks) => {
        await real.undo(record, hooked(hooks));
        if (point === 'after-exiftool') die();
      },
    };
    const writes = new WriteService(library, writer);
    if (${JSON.stringify(operation)} === 'write') {
      writes.start();
      writes.queue({ imageIds: [${imageId}] });
    } else await writes.undo(${imageId});
    setInterval(() => {}, 60_000);
  `;
}

let checker: ExifTool;
let dataDir: string;
let photo: string;
let imageId: number;
/** The library as the next process opens it: the test's own. */
let metadata: MetadataRepository;
let library: Library;
let writes: WriteService;
let exiftoolOfDead: ProcessIdentity[];

beforeAll(() => {
  checker = new ExifTool({ maxProcs: 1, useMWG: false });
});
afterAll(() => checker.end());

beforeEach(async () => {
  dataDir = tempDir('settle-data');
  const photos = tempDir('settle-photos');
  photo = join(photos, 'harbour.jpg');
  await writeImage(photo, { width: 320, height: 240 });
  const setUp = Library.open(dataDir);
  setUp.settings.write({ captionOnAdd: false });
  await setUp.addFolder(photos);
  const [image] = setUp.listImages().images;
  if (!image) throw new Error('no image');
  imageId = image.id;
  setUp.saveDescription(imageId, 'Boats in a harbour at dusk.');
  setUp.approve(imageId);
  setUp.close();
  exiftoolOfDead = [];
});

afterEach(() => closeLibrary());

/** Runs the writer process until it kills itself (or, for `hang`, until its intent is recorded). */
async function interrupted(operation: 'write' | 'undo', point: Parameters<typeof writerScript>[3]) {
  const script = startScript(writerScript(dataDir, imageId, operation, point));
  const [, pids] = await script.line(/^exiftool (.*)$/);
  exiftoolOfDead = (JSON.parse(pids ?? '[]') as number[]).map((pid) => processIdentity(pid));
  if (point !== 'hang') await new Promise<void>((resolve) => script.child.once('exit', () => resolve()));
  return script;
}

let open = false;

/** Opens the library again, as the app or a command does: the writes cut short are settled. */
async function reopen(): Promise<void> {
  metadata = writingRepository(dataDir);
  library = Library.open(dataDir, { metadata });
  writes = new WriteService(library, metadataWriter(metadata));
  open = true;
  await writes.settleInterrupted();
}

async function closeLibrary(): Promise<void> {
  if (!open) return;
  open = false;
  await writes.stop();
  library.close();
  await metadata.close();
}

const altTextOf = async (path: string) =>
  ((await checker.readRaw(path, { readArgs: ['-G1', `-${ALT}`] })) as Record<string, unknown>)[ALT];

/** Resolves once the write queue has nothing left to do. */
function writesDone(): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = library.events.subscribe((event) => {
      if (event.type === 'writes.status' && event.current === null && event.counts.queued === 0) {
        if (event.counts.running > 0) return;
        unsubscribe();
        resolve();
      }
    });
  });
}

const backupsLeft = () =>
  existsSync(join(dataDir, 'write-backups'))
    ? readdirSync(join(dataDir, 'write-backups'), { recursive: true }).filter((name) =>
        statSync(join(dataDir, 'write-backups', String(name))).isFile(),
      )
    : [];

describe('a write cut short by kill -9 is settled when the library is opened again (real processes)', () => {
  it('killed after exiftool wrote the file: recorded as written, with an undo that works', async () => {
    const original = sha256Of(photo);
    await interrupted('write', 'after-exiftool');
    expect(await stillRunningAfter(exiftoolOfDead)).toEqual([]);
    expect(await altTextOf(photo)).toBe('Boats in a harbour at dusk.');
    await reopen();
    expect(library.getImage(imageId)).toMatchObject({
      status: 'written',
      writeJob: { state: 'done', error: null },
      lastWrite: { writtenTo: [photo] },
    });
    expect(library.writeIntents.pending()).toEqual([]);
    expect(backupsLeft()).toEqual([]);
    // The library's facts are the file's: a rescan finds it unchanged, and the undo goes ahead.
    expect(await library.addFolder(join(photo, '..'))).toMatchObject({ updated: 0, added: 0 });
    expect(await writes.undo(imageId)).toMatchObject({ status: 'approved', lastWrite: null });
    expect(await altTextOf(photo)).toBeUndefined();
    expect(sha256Of(photo)).toBe(original);
  });

  it('killed before exiftool ran: approved again, and the next write goes ahead', async () => {
    const original = sha256Of(photo);
    await interrupted('write', 'before-exiftool');
    await reopen();
    expect(sha256Of(photo)).toBe(original);
    expect(library.getImage(imageId)).toMatchObject({ status: 'approved', writeJob: { state: 'queued' } });
    expect(library.writeIntents.pending()).toEqual([]);
    expect(backupsLeft()).toEqual([]);
    const done = writesDone();
    writes.start();
    await done;
    expect(library.getImage(imageId)).toMatchObject({ status: 'written', writeJob: { state: 'done' } });
    expect(await altTextOf(photo)).toBe('Boats in a harbour at dusk.');
  });

  it('removes the exiftool temporary file the dead write left beside the photo', async () => {
    await interrupted('write', 'before-exiftool');
    writeFileSync(`${photo}_exiftool_tmp`, 'half a photo');
    await reopen();
    expect(existsSync(`${photo}_exiftool_tmp`)).toBe(false);
    const done = writesDone();
    writes.start();
    await done;
    expect(library.getImage(imageId)).toMatchObject({ status: 'written' });
  });

  it('killed while the write was being verified: recorded as written, its time put back, its copy removed', async () => {
    const mtime = statSync(photo).mtimeMs;
    await interrupted('write', 'verifying');
    expect(backupsLeft()).toHaveLength(1);
    await reopen();
    expect(library.getImage(imageId)).toMatchObject({ status: 'written', writeJob: { state: 'done' } });
    expect(statSync(photo).mtimeMs).toBeCloseTo(mtime, 2);
    expect(backupsLeft()).toEqual([]);
    expect(await library.addFolder(join(photo, '..'))).toMatchObject({ updated: 0, added: 0 });
  });

  it('a file changed by another program meanwhile: a problem in plain words, the original kept', async () => {
    await interrupted('write', 'verifying');
    await checker.write(photo, { [`${ALT}-x-default`]: 'Changed elsewhere.' } as never, {
      writeArgs: ['-overwrite_original'],
    });
    await reopen();
    const image = library.getImage(imageId);
    expect(image).toMatchObject({ status: 'approved', writeJob: { state: 'failed' } });
    expect(image.writeJob?.error).toMatch(
      /^The write of alt text into harbour\.jpg was cut short \(AltLens stopped during it\), and the file is neither as it was nor as intended: .*"Changed elsewhere\.".* Its original is kept at .*write-backups.*\. Check the photo, then scan its folder again before writing it\.$/,
    );
    expect(backupsLeft()).toHaveLength(1);
    expect(library.writeIntents.pending()).toEqual([]);
  });

  it('leaves alone a write whose process still runs, and refuses to write that photo meanwhile', async () => {
    const writer = await interrupted('write', 'hang');
    await reopen();
    expect(library.writeIntents.pending()).toHaveLength(1);
    await expect(writes.undo(imageId)).rejects.toThrow(/is being written by another AltLens \(process \d+\)/);
    await writer.kill9();
    await closeLibrary();
    await reopen();
    expect(library.writeIntents.pending()).toEqual([]);
    expect(library.getImage(imageId)).toMatchObject({ status: 'approved', writeJob: { state: 'queued' } });
  });

  it('an undo killed after exiftool put the old values back: recorded as undone', async () => {
    await reopen();
    const done = writesDone();
    writes.start();
    writes.queue({ imageIds: [imageId] });
    await done;
    await closeLibrary();
    await interrupted('undo', 'after-exiftool');
    expect(await altTextOf(photo)).toBeUndefined();
    await reopen();
    expect(library.getImage(imageId)).toMatchObject({ status: 'approved', lastWrite: null });
    expect(library.writeIntents.pending()).toEqual([]);
  });
});

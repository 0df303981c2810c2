import { Command } from 'commander';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../core/library/library.js';
import { plainWords } from '../core/metadata/errors.js';
import { copySample, makeReadOnly, sha256Of } from '../core/metadata/test-files.js';
import { processIdentity } from '../core/process-identity.js';
import { importable, startScript, stillRunningAfter } from '../core/testing/processes.js';
import { tempDir, writeImage, writeTruncatedJpeg } from '../core/testing/sample-images.js';
import { altTextInFile, runCli } from './cli-test-run.js';
import { addMetadataCommands } from './metadata-commands.js';

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { out: (text: string) => (stdout += text), err: (text: string) => (stderr += text) };
  const program = new Command('altlens').configureOutput({ writeOut: io.out, writeErr: io.err });
  addMetadataCommands(program, io);
  program.exitOverride();
  let error: unknown = null;
  await program.parseAsync(['node', 'altlens', ...args]).catch((caught: unknown) => (error = caught));
  return { stdout, stderr, error };
}

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('altlens read / write (real exiftool, copies of the samples)', () => {
  it('writes alt text into a JPEG and reads it back with its sources', async () => {
    const path = copySample('PhotoMechanic.jpg', 'cli');
    const write = await run('write', path, '--alt', 'A café in the rain ☔', '--ext-desc', 'Long.', '--json');
    expect(write.error).toBeNull();
    expect(lines(write.stdout)[0]).toMatchObject({
      imagePath: path,
      writtenTo: [path],
      written: {
        'XMP-iptcCore:AltTextAccessibility-x-default': 'A café in the rain ☔',
        'XMP-iptcCore:ExtDescrAccessibility-x-default': 'Long.',
      },
    });

    const read = await run('read', path, '--json');
    expect(read.error).toBeNull();
    expect(lines(read.stdout)).toEqual([
      {
        path,
        altText: 'A café in the rain ☔',
        extDescription: 'Long.',
        description: 'Caption',
        library: null,
        sources: expect.arrayContaining([
          { field: 'AltTextAccessibility', lang: 'x-default', value: 'A café in the rain ☔', source: path },
          { field: 'Caption-Abstract', lang: 'x-default', value: 'Caption', source: path },
        ]),
      },
    ]);
  });

  it('writes a camera raw file’s alt text to a sidecar named as asked, and says so', async () => {
    const raw = copySample('Nikon.nef', 'cli-raw');
    const bytes = sha256Of(raw);
    const { stdout, error } = await run('write', raw, '--alt', 'A lighthouse.', '--sidecar-name', 'ext');
    expect(error).toBeNull();
    expect(stdout).toBe(`Wrote alt text to ${raw}.xmp (verified).\n`);
    expect(sha256Of(raw)).toBe(bytes);
    const read = await run('read', raw);
    expect(read.stdout).toContain('alt text:             "A lighthouse."');
    expect(readdirSync(dirname(raw)).sort()).toEqual(['Nikon.nef', 'Nikon.nef.xmp']);
  });

  it('fails with one readable line', async () => {
    const path = copySample('Writer.jpg', 'cli-fail');
    const tooLong = await run('write', path, '--alt', 'x'.repeat(251));
    expect(tooLong.error).toMatchObject({
      message: `${path}: Alt text may be at most 250 characters; this one has 251. Put the rest in the extended description.`,
    });
    const raw = copySample('CanonRaw.cr2', 'cli-fail-raw');
    const inFile = await run('write', raw, '--alt', 'A dog.', '--target', 'file');
    expect(inFile.error).toMatchObject({ message: expect.stringMatching(/CR2, a camera raw/) });
    const missing = await run('read', join(dirname(path), 'nope.jpg'));
    const gone = join(dirname(path), 'nope.jpg');
    expect(missing.error).toMatchObject({ message: `${gone}: ${plainWords.gone(gone)}` });
    // The same words as the scanner and the app, never exiftool's own.
    const folder = dirname(path);
    const readOnly = makeReadOnly(folder);
    try {
      const refused = await run('write', path, '--alt', 'A bird.');
      expect(refused.error).toMatchObject({
        message: expect.stringContaining(`${path}: ${plainWords.readOnlyFolder(folder)}`),
      });
    } finally {
      readOnly();
    }
  });
});

/** A library (captions off) holding one folder of photos made with sharp. */
async function libraryWith(names: string[]) {
  const photos = tempDir('cli-write-lib');
  const dataDir = tempDir('cli-write-lib-data');
  for (const name of names) await writeImage(join(photos, name));
  const library = Library.open(dataDir);
  library.settings.write({ captionOnAdd: false });
  await library.addFolder(photos);
  library.close();
  return { photos, dataDir };
}

function imageAt(dataDir: string, path: string) {
  const library = Library.open(dataDir);
  try {
    return library.findImageByPath(path);
  } finally {
    library.close();
  }
}

describe('altlens write on a photo of the library (real exiftool, real library)', () => {
  it('is recorded: the photo is written, and undo right after puts the file back', async () => {
    const { photos, dataDir } = await libraryWith(['door.jpg']);
    const path = join(photos, 'door.jpg');
    const write = await runCli('write', path, '--alt', 'A red door.', '--data-dir', dataDir);
    expect(write).toMatchObject({ error: null });
    expect(write.stdout).toBe(
      `Wrote alt text to ${path} (verified).\n` +
        `Recorded in the library: "altlens undo ${path}" puts the previous values back.\n`,
    );
    expect(await altTextInFile(path)).toBe('A red door.');
    expect(imageAt(dataDir, path)).toMatchObject({
      status: 'written',
      altText: 'A red door.',
      descriptionSource: 'human',
      lastWrite: { writtenTo: [path] },
    });
    const read = await runCli('read', path, '--json', '--data-dir', dataDir);
    expect(JSON.parse(read.stdout)).toMatchObject({
      altText: 'A red door.',
      library: { id: expect.any(Number), status: 'written', altText: 'A red door.' },
    });

    const undo = await runCli('undo', path, '--data-dir', dataDir);
    expect(undo).toMatchObject({ error: null, stdout: `Undone: ${path} has its previous metadata back.\n` });
    expect(await altTextInFile(path)).toBeUndefined();
    expect(imageAt(dataDir, path)?.status).toBe('approved');
  });

  it("writes where the photo's folder says (a sidecar here) unless told otherwise, and uses the default library", async () => {
    const { photos, dataDir } = await libraryWith(['a.jpg', 'b.jpg']);
    const library = Library.open(dataDir);
    const [folder] = library.folders();
    library.updateWriteSettings(folder?.id ?? 0, { target: 'sidecar', sidecarNaming: 'ext' });
    library.close();
    const [a, b] = [join(photos, 'a.jpg'), join(photos, 'b.jpg')];
    const bytes = sha256Of(a);
    process.env.ALTLENS_DATA_DIR = dataDir;
    try {
      expect((await runCli('write', a, '--alt', 'A card.')).error).toBeNull();
      expect((await runCli('write', b, '--alt', 'Another card.', '--target', 'file')).error).toBeNull();
    } finally {
      delete process.env.ALTLENS_DATA_DIR;
    }
    expect(sha256Of(a)).toBe(bytes);
    expect(await altTextInFile(`${a}.xmp`)).toBe('A card.');
    expect(await altTextInFile(b)).toBe('Another card.');
    expect(readdirSync(photos).sort()).toEqual(['a.jpg', 'a.jpg.xmp', 'b.jpg']);
    expect([imageAt(dataDir, a)?.status, imageAt(dataDir, b)?.status]).toEqual(['written', 'written']);
  });

  it('a write that fails keeps the text approved, its write job failed with the reason, and says so', async () => {
    const { photos, dataDir } = await libraryWith(['door.jpg']);
    const path = join(photos, 'door.jpg');
    const original = sha256Of(path);
    const readOnly = makeReadOnly(photos);
    let write;
    try {
      write = await runCli('write', path, '--alt', 'A red door.', '--data-dir', dataDir);
    } finally {
      readOnly();
    }
    const reason = plainWords.readOnlyFolder(photos);
    expect(write.error).toMatchObject({
      message:
        `${path}: ${reason} Nothing was written: the original files were put back. Your alt text is ` +
        'kept in the library, approved: "altlens write-approved" writes it, or run this command again.',
    });
    expect(sha256Of(path)).toBe(original);
    expect(imageAt(dataDir, path)).toMatchObject({
      status: 'approved',
      altText: 'A red door.',
      writeJob: { state: 'failed', error: expect.stringContaining(reason) },
      lastWrite: null,
    });
    expect(pendingWrites(dataDir)).toEqual([]);
  });

  it('writes a photo outside the library without recording it, and makes no library', async () => {
    const path = copySample('Writer.jpg', 'cli-no-lib');
    const dataDir = join(tempDir('cli-no-lib-data'), 'none-yet');
    const write = await runCli('write', path, '--alt', 'A pen.', '--data-dir', dataDir);
    expect(write).toMatchObject({ error: null, stdout: `Wrote alt text to ${path} (verified).\n` });
    expect(existsSync(dataDir)).toBe(false);
    const read = await runCli('read', path, '--json', '--data-dir', dataDir);
    expect(JSON.parse(read.stdout)).toMatchObject({ altText: 'A pen.', library: null });
  });
});

/**
 * `altlens write PATH --alt TEXT --data-dir DIR` run in a real process (the command as main runs it, the
 * metadata repository's write wrapped), which kills itself (kill -9) right after the write's intent is
 * recorded (before exiftool runs), or once exiftool wrote the file and the write was verified (before the
 * library records it). Prints its exiftool pids first.
 */
function dyingWrite(
  dataDir: string,
  path: string,
  text: string,
  point: 'before-exiftool' | 'after-exiftool',
) {
  const module = (name: string) => importable(new URL(name, import.meta.url));
  return startScript(`
    import { MetadataRepository } from ${module('../core/metadata/metadata-repository.ts')};
    import { buildProgram } from ${module('./program.ts')};
    const point = ${JSON.stringify(point)};
    const die = () => process.kill(process.pid, 'SIGKILL');
    const write = MetadataRepository.prototype.write;
    MetadataRepository.prototype.write = async function (path, values, policy, expected, hooks = {}) {
      const record = await write.call(this, path, values, policy, expected, {
        ...hooks,
        onIntent: async (intent) => {
          await hooks.onIntent?.(intent);
          console.log('exiftool ' + JSON.stringify(this.exiftoolPids));
          if (point === 'before-exiftool') die();
        },
      });
      if (point === 'after-exiftool') die();
      return record;
    };
    const io = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };
    await buildProgram(io).parseAsync(
      ['node', 'altlens', 'write', ${JSON.stringify(path)}, '--alt', ${JSON.stringify(text)}, '--data-dir', ${JSON.stringify(dataDir)}],
    );
  `);
}

/** Runs the dying write to its end; checks that its exiftool ended with it. */
async function interruptedWrite(...args: Parameters<typeof dyingWrite>) {
  const script = dyingWrite(...args);
  const exited = new Promise<number | null>((resolve) => script.child.once('exit', (code) => resolve(code)));
  const [, pids] = await script.line(/^exiftool (.*)$/);
  expect(await exited).toBeNull(); // killed
  const exiftool = (JSON.parse(pids ?? '[]') as number[]).map((pid) => processIdentity(pid));
  expect(exiftool.length).toBeGreaterThan(0);
  expect(await stillRunningAfter(exiftool)).toEqual([]);
}

function pendingWrites(dataDir: string) {
  const library = Library.open(dataDir);
  try {
    return library.writeIntents.pending();
  } finally {
    library.close();
  }
}

describe('altlens write on a photo of the library, cut short by kill -9 (real processes, exiftool, library)', () => {
  it('killed once the file was written: the next command records it as written, with undos that work', async () => {
    const { photos, dataDir } = await libraryWith(['door.jpg']);
    const path = join(photos, 'door.jpg');
    const original = sha256Of(path);
    await interruptedWrite(dataDir, path, 'A red door.', 'after-exiftool');
    expect(await altTextInFile(path)).toBe('A red door.');

    // write-approved opens the library: the write is settled, found written, and nothing is left to write.
    const settled = await runCli('write-approved', '--data-dir', dataDir);
    expect(settled).toMatchObject({ error: null, stdout: 'Written: 0, failed: 0.\n' });
    expect(imageAt(dataDir, path)).toMatchObject({
      status: 'written',
      altText: 'A red door.',
      descriptionSource: 'human',
      writeJob: { state: 'done', error: null },
      lastWrite: { writtenTo: [path] },
    });
    expect(pendingWrites(dataDir)).toEqual([]);

    // The next write of it goes ahead (its facts are the file's), and each write has its undo.
    const again = await runCli('write', path, '--alt', 'A blue door.', '--data-dir', dataDir);
    expect(again).toMatchObject({ error: null });
    expect(await altTextInFile(path)).toBe('A blue door.');
    expect(await runCli('undo', path, '--data-dir', dataDir)).toMatchObject({ error: null });
    expect(await altTextInFile(path)).toBe('A red door.');
    expect(await runCli('undo', path, '--data-dir', dataDir)).toMatchObject({ error: null });
    expect(await altTextInFile(path)).toBeUndefined();
    expect(sha256Of(path)).toBe(original);
    expect(imageAt(dataDir, path)).toMatchObject({ status: 'approved', lastWrite: null });
    expect(readdirSync(photos)).toEqual(['door.jpg']);
  });

  it('killed before exiftool ran: the text is kept as approved, and the next undo settles it untouched', async () => {
    const { photos, dataDir } = await libraryWith(['door.jpg']);
    const path = join(photos, 'door.jpg');
    const original = sha256Of(path);
    await interruptedWrite(dataDir, path, 'A red door.', 'before-exiftool');
    expect(sha256Of(path)).toBe(original);

    const undo = await runCli('undo', path, '--data-dir', dataDir);
    expect(undo.error).toMatchObject({ message: 'There is no write of this image to undo.' });
    expect(imageAt(dataDir, path)).toMatchObject({
      status: 'approved',
      altText: 'A red door.',
      writeJob: { state: 'queued' },
      lastWrite: null,
    });
    expect(pendingWrites(dataDir)).toEqual([]);
    expect(sha256Of(path)).toBe(original);
    // As the person left it: the approved text is written by the next write-approved.
    expect(await runCli('write-approved', '--data-dir', dataDir)).toMatchObject({
      error: null,
      stdout: 'Written: 1, failed: 0.\n',
    });
    expect(await altTextInFile(path)).toBe('A red door.');
  });
});

describe('altlens write refuses files a scan could not read, in the same words', () => {
  it('writes nothing, not even a sidecar, for a text file named .jpg or a truncated JPEG', async () => {
    const photos = tempDir('cli-write-bad');
    const text = join(photos, 'notes.jpg');
    writeFileSync(text, 'shopping list: bread, tea');
    const truncated = join(photos, 'cut.jpg');
    await writeTruncatedJpeg(truncated);
    const before = { text: sha256Of(text), truncated: sha256Of(truncated) };
    const library = Library.open(tempDir('cli-write-bad-data'));
    library.settings.write({ captionOnAdd: false });
    await library.addFolder(photos);
    const scanned = [text, truncated].map((path) => library.findImageByPath(path)?.error);
    library.close();
    expect(scanned).toEqual([
      expect.stringMatching(/^Not an image AltLens can read/),
      expect.stringMatching(/^The image data is damaged or incomplete/),
    ]);
    for (const [index, path] of [text, truncated].entries()) {
      const { error } = await run('write', path, '--alt', 'A list.');
      expect(error).toMatchObject({ message: `${path}: ${scanned[index] ?? ''} Nothing was written.` });
    }
    expect(readdirSync(photos).sort()).toEqual(['cut.jpg', 'notes.jpg']);
    expect({ text: sha256Of(text), truncated: sha256Of(truncated) }).toEqual(before);
  });
});

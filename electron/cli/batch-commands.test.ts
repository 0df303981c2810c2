import { ExifTool } from 'exiftool-vendored';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPrompt } from '../core/captioning/prompt.js';
import { altTextRequest } from '../core/captioning/styled-caption.js';
import type { ManifestLine } from '../core/batch/batch-manifest.js';
import { Library } from '../core/library/library.js';
import { tempDir, writeImage } from '../core/testing/sample-images.js';
import { runCli } from './cli-test-run.js';

const exiftool = new ExifTool({ maxProcs: 1 });
afterAll(() => exiftool.end());

/** A 3000×2000 JPEG that carries a name and a place in its EXIF. */
async function taggedPhoto(path: string): Promise<void> {
  await writeImage(path, { width: 3000, height: 2000, color: '#a03020' });
  await exiftool.write(
    path,
    { Artist: 'Jane Private', GPSLatitude: 52.1, GPSLongitude: 4.3 },
    { writeArgs: ['-overwrite_original'] },
  );
}

/** A library of five photos: three without a description, one a person wrote, one approved. */
async function archive() {
  const photos = tempDir('batch-photos');
  const dataDir = tempDir('batch-data');
  await taggedPhoto(join(photos, 'lisbon-harbour.jpg'));
  await writeImage(join(photos, 'two.jpg'));
  await writeImage(join(photos, 'human.jpg'));
  await writeImage(join(photos, 'approved.jpg'));
  mkdirSync(join(photos, 'sub'));
  await writeImage(join(photos, 'sub', 'five.png'), { format: 'png' });
  const library = Library.open(dataDir);
  library.settings.write({ captionOnAdd: false, altTextMaxLength: 60 });
  library.close();
  const added = await runCli('add', photos, '--data-dir', dataDir);
  expect(added.error).toBeNull();
  const open = Library.open(dataDir);
  const byName = (name: string) => {
    const image = [...open.eachImage()].find((row) => row.fileName === name);
    if (!image) throw new Error(`${name} not added`);
    return image;
  };
  const human = byName('human.jpg');
  open.saveDescription(human.id, 'Written by a person.');
  const approved = byName('approved.jpg');
  open.saveDescription(approved.id, 'Approved by a person.');
  open.approve(approved.id);
  open.folderContexts.update(open.folders()[0]?.id ?? 0, { note: 'the harbour festival of 2024' });
  const ids = {
    harbour: byName('lisbon-harbour.jpg').id,
    two: byName('two.jpg').id,
    five: byName('five.png').id,
    human: human.id,
    approved: approved.id,
  };
  open.close();
  return { photos, dataDir, ids };
}

function readManifest(path: string): ManifestLine[] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as ManifestLine);
}

describe('altlens export --for-batch and import-results (real library, exiftool and sharp)', () => {
  it('round trip: the manifest, a faked batch job’s results (no cluster here), back as needs review', async () => {
    const { photos, dataDir, ids } = await archive();
    const out = join(tempDir('batch-out'), 'archive.jsonl');

    const exported = await runCli(
      'export',
      '--format',
      'jsonl',
      '--for-batch',
      '--out',
      out,
      '--data-dir',
      dataDir,
    );
    expect(exported.error).toBeNull();
    expect(exported.stdout).toContain('Wrote the manifest of 3 photo(s) without a description');

    // Only the photos without a description, each with its prompt from the one prompt builder.
    const manifest = readManifest(out);
    expect(manifest.map((line) => line.id).sort((a, b) => a - b)).toEqual(
      [ids.harbour, ids.two, ids.five].sort((a, b) => a - b),
    );
    const library = Library.open(dataDir);
    for (const line of manifest) {
      const image = library.getImage(line.id);
      expect(line.path).toBe(image.path);
      const request = altTextRequest(library.settings.read(), {
        path: image.path,
        folder: library.folderContexts.ofImage(image.id),
        found: image.foundInFile,
      });
      expect(line.prompt).toBe(buildPrompt(request));
      expect(line.extendedPrompt).toBe(buildPrompt({ ...request, task: 'extended' }));
      expect(line.maxLength).toBe(60);
    }
    library.close();
    const harbour = manifest.find((line) => line.id === ids.harbour);
    if (!harbour) throw new Error('the harbour photo is not in the manifest');
    expect(harbour.prompt).toContain('at most 60 characters');
    expect(harbour.prompt).toContain('the harbour festival of 2024');
    expect(harbour.prompt).toContain('lisbon-harbour');

    // The photo as the job gets it: a JPEG beside the manifest, at most 1,536 px, no name, no place.
    expect(harbour.image).toBe(`archive-images/${ids.harbour}.jpg`);
    const jpeg = join(dirname(out), harbour.image);
    const info = await sharp(jpeg).metadata();
    expect(info.format).toBe('jpeg');
    expect([info.width, info.height]).toEqual([1536, 1024]);
    expect([harbour.width, harbour.height]).toEqual([1536, 1024]);
    expect(JSON.stringify(await exiftool.read(jpeg))).not.toMatch(/Jane|GPS|Artist/);
    expect(JSON.stringify(await exiftool.read(join(photos, 'lisbon-harbour.jpg')))).toMatch(/Jane Private/);

    // A FAKE batch job (no cluster, no model here): it reads each manifest line and its JPEG and writes a
    // result line in the format import-results takes, plus lines a real job's file could hold.
    const results: string[] = [];
    for (const line of manifest) {
      const { width } = await sharp(join(dirname(out), line.image)).metadata();
      results.push(
        JSON.stringify({
          id: line.id,
          altText: `Alt text: "A photo ${width} pixels wide."`,
          extendedDescription: `A longer description of photo ${line.id}.`,
          model: 'Qwen/Qwen2-VL-7B-Instruct',
        }),
      );
    }
    results.push(
      JSON.stringify({ path: join(photos, 'human.jpg'), altText: 'From the job.', model: 'm' }),
      JSON.stringify({ id: ids.approved, altText: 'From the job.', model: 'm' }),
      JSON.stringify({ id: 999_999, altText: 'A photo elsewhere.', model: 'm' }),
      '{"id": 1, "altText": ',
      JSON.stringify({ id: ids.two, model: 'm' }),
      '',
    );
    const resultsFile = join(dirname(out), 'results.jsonl');
    writeFileSync(resultsFile, results.join('\n'));

    const imported = await runCli('import-results', resultsFile, '--data-dir', dataDir);
    // Two bad lines: exit 1, after the good lines are in.
    expect((imported.error as Error).message).toBe(
      `2 line(s) of ${resultsFile} could not be read and were not imported; the others were. ` +
        'Fix those lines and import the file again.',
    );
    expect(imported.stdout).toContain(
      `Imported 3 of 8 result(s) from ${resultsFile} as generated descriptions that need review ` +
        '(by Qwen/Qwen2-VL-7B-Instruct): none is approved',
    );
    expect(imported.stdout).toContain(
      'Kept 2 description(s) a person wrote or approved; imported results never replace them:',
    );
    expect(imported.stdout).toContain('  line 6: photo 999999 is not in the library\n');
    expect(imported.stderr).toMatch(/line 7: it is not JSON \(.+\)\n/);
    expect(imported.stderr).toMatch(/line 8: "altText": .+\n/);

    const after = Library.open(dataDir);
    try {
      for (const id of [ids.harbour, ids.two, ids.five]) {
        const image = after.getImage(id);
        expect(image.status).toBe('needs-review');
        expect(image.descriptionSource).toBe('model');
        // The answer cleaner took off the "Alt text:" lead-in and the quotes.
        expect(image.altText).toMatch(/^A photo \d+ pixels wide\.$/);
        expect(image.extDescription).toBe(`A longer description of photo ${id}.`);
        // Shown by its name, as the review panel names models.
        expect(image.generatedBy).toMatchObject({
          model: 'Qwen2-VL-7B-Instruct',
          device: 'batch job',
          provenance: { prompted: true, maxLength: 60, retriedShorter: false, cutToLength: false },
        });
      }
      expect(after.getImage(ids.harbour).generatedBy?.provenance?.context).toContainEqual({
        label: "Note from the photo's owner",
        value: 'the harbour festival of 2024',
      });
      expect(after.getImage(ids.human)).toMatchObject({ status: 'edited', altText: 'Written by a person.' });
      expect(after.getImage(ids.approved)).toMatchObject({
        status: 'approved',
        altText: 'Approved by a person.',
      });
    } finally {
      after.close();
    }
  });

  it('cuts alt text over the limit, takes the model from --model, and matches lines by path', async () => {
    const { photos, dataDir, ids } = await archive();
    const resultsFile = join(tempDir('batch-results'), 'results.jsonl');
    const long = 'A harbour at dawn with fishing boats. Gulls circle above the masts and nets on the quay.';
    writeFileSync(
      resultsFile,
      `${JSON.stringify({ path: join(photos, 'lisbon-harbour.jpg'), altText: long })}\n` +
        `${JSON.stringify({ id: ids.two, altText: 'A red square.', extendedDescription: null })}\n`,
    );
    const unnamed = await runCli('import-results', resultsFile, '--data-dir', dataDir, '--json');
    expect((unnamed.error as Error).message).toMatch(/^2 line\(s\) of .* could not be read/);
    expect(JSON.parse(unnamed.stdout)).toMatchObject({
      stored: 0,
      bad: [
        { line: 1, message: expect.stringContaining('names no model') as unknown },
        { line: 2, message: expect.stringContaining('names no model') as unknown },
      ],
    });

    const named = await runCli(
      'import-results',
      resultsFile,
      '--model',
      'internvl2-8b',
      '--data-dir',
      dataDir,
      '--json',
    );
    expect(named.error).toBeNull();
    expect(JSON.parse(named.stdout)).toMatchObject({
      lines: 2,
      stored: 2,
      bad: [],
      models: ['internvl2-8b'],
    });
    const library = Library.open(dataDir);
    try {
      const harbour = library.getImage(ids.harbour);
      expect(harbour.altText).toBe('A harbour at dawn with fishing boats.');
      expect(harbour.generatedBy?.provenance?.cutToLength).toBe(true);
      expect(library.getImage(ids.two)).toMatchObject({ altText: 'A red square.', extDescription: null });
    } finally {
      library.close();
    }
  });

  it('refuses a batch export without --out, and jsonl without --for-batch, in one line each', async () => {
    const { dataDir } = await archive();
    const noOut = await runCli('export', '--format', 'jsonl', '--for-batch', '--data-dir', dataDir);
    expect((noOut.error as Error).message).toBe(
      '--for-batch writes the photos as JPEG files beside the manifest: give the manifest file with --out FILE.',
    );
    const noBatch = await runCli('export', '--format', 'jsonl', '--data-dir', dataDir);
    expect((noBatch.error as Error).message).toBe(
      'A batch manifest is JSONL: use --format jsonl --for-batch together.',
    );
    const noLibrary = await runCli('import-results', __filename, '--data-dir', tempDir('batch-none'));
    expect((noLibrary.error as Error).message).toMatch(/^There is no library in .*: add a folder first/);
  });
});

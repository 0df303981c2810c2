import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTinyCaptioner } from '../../models/test-model/tiny-captioner.js';
import { writeTinyFlorence2 } from '../../models/test-model/tiny-florence2.js';
import { writeTinyIdefics3 } from '../../models/test-model/tiny-idefics3.js';
import { Library } from '../core/library/library.js';
import { copyWithoutPreview, writeFileWithPreview } from '../core/testing/embedded-previews.js';
import { tempDir, writeImage } from '../core/testing/sample-images.js';
import { buildProgram } from './program.js';

let modelDir: string;
let photos: string;

beforeAll(async () => {
  modelDir = join(tempDir('cli-model'), 'tiny');
  await writeTinyCaptioner(modelDir);
  photos = tempDir('cli-caption');
  await writeImage(join(photos, 'green.jpg'), { color: '#20b030', width: 1200, height: 900 });
  const sign = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="300"><rect width="100%" height="100%"
    fill="#3050e0"/><text x="450" y="190" font-family="DejaVu Sans" font-size="110" font-weight="bold"
    text-anchor="middle" fill="#ffffff">EXIT ONLY</text></svg>`;
  await sharp(Buffer.from(sign)).png().toFile(join(photos, 'sign.png'));
});

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const program = buildProgram({ out: (text) => (stdout += text), err: (text) => (stderr += text) });
  program.exitOverride();
  let error: unknown = null;
  await program.parseAsync(['node', 'altlens', ...args]).catch((caught: unknown) => (error = caught));
  return { stdout, stderr, error };
}

describe('altlens caption (real engine process, tiny model)', () => {
  it('prints one JSON line per image with the alt text, the OCR text, the model, the device and the time', async () => {
    const { stdout, stderr, error } = await run(
      'caption',
      photos,
      '--model',
      modelDir,
      '--device',
      'cpu',
      '--json',
    );
    expect(error).toBeNull();
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        path: join(photos, 'green.jpg'),
        altText: 'A green photo.',
        ocrText: '',
        model: 'tiny (test model)',
        device: 'cpu',
        ms: expect.any(Number),
      },
      {
        path: join(photos, 'sign.png'),
        altText: 'A blue photo, reading "EXIT ONLY".',
        ocrText: 'EXIT ONLY',
        model: 'tiny (test model)',
        device: 'cpu',
        ms: expect.any(Number),
      },
    ]);
    expect(stderr).toContain('Captioned 2/2');
  });

  it('skips OCR with --no-ocr, reports a failed image as {path, error}, and then fails the command', async () => {
    const bad = join(photos, 'zz-broken.jpg');
    writeFileSync(bad, 'not a photo');
    const { stdout, error } = await run(
      'caption',
      join(photos, 'sign.png'),
      bad,
      '--model',
      modelDir,
      '--no-ocr',
      '--json',
    );
    const [sign, broken] = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(sign).toMatchObject({ altText: 'A blue photo.', ocrText: '' });
    // In the scanner's words, as the library shows a file it could not read.
    expect(broken).toEqual({
      path: bad,
      error: 'Not an image AltLens can read: the contents do not match any supported image format.',
    });
    expect(error).toMatchObject({ message: '1 of 2 image(s) could not be captioned.' });
  });

  it('says how to get a model that is not installed', async () => {
    const { error } = await run('caption', photos, '--data-dir', tempDir('no-models'));
    expect(error).toMatchObject({ message: expect.stringMatching(/Mozilla\/distilvit is not installed/) });
  });
});

describe('altlens caption --store (real engine process, tiny model, real library)', () => {
  it('stores the captions as generated, needs review, keeps what a person wrote unless --force', async () => {
    const folder = tempDir('cli-store');
    const dataDir = tempDir('cli-store-data');
    const [green, red] = [join(folder, 'green.jpg'), join(folder, 'red.jpg')];
    await writeImage(green, { color: '#20b030' });
    await writeImage(red, { color: '#c02020' });
    const library = Library.open(dataDir);
    await library.addFolder(folder); // queues a caption for each photo, as adding a folder does
    const redId = library.findImageByPath(red)?.id ?? 0;
    library.saveDescription(redId, 'My red scarf.');
    library.close();

    const args = ['caption', folder, '--store', '--model', modelDir, '--device', 'cpu', '--no-ocr'];
    const stored = await run(...args, '--json', '--data-dir', dataDir);
    expect(stored.error).toBeNull();
    const lines = stored.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ path: green, altText: 'A green photo.', stored: true }),
      expect.objectContaining({ path: red, altText: 'A red photo.', stored: false }),
    ]);
    expect(stored.stderr).toContain(
      `${red}: not stored, it has a description a person wrote or approved (--force replaces it)`,
    );
    expect(stored.stderr).toContain('Stored 1 caption(s) in the library as generated, needs review; kept 1');
    const after = Library.open(dataDir);
    try {
      expect(after.findImageByPath(green)).toMatchObject({
        status: 'needs-review',
        altText: 'A green photo.',
        descriptionSource: 'model',
        // Named as the app names it (the folder's name, marked as a test model), never by its path.
        generatedBy: { model: 'tiny (test model)', device: 'cpu' },
        // The caption job adding the folder queued is done: the app does not caption it again.
        captionJob: { state: 'done' },
      });
      expect(after.findImageByPath(red)).toMatchObject({ status: 'edited', altText: 'My red scarf.' });
    } finally {
      after.close();
    }

    expect((await run(...args, '--force', '--data-dir', dataDir)).error).toBeNull();
    const forced = Library.open(dataDir);
    try {
      expect(forced.findImageByPath(red)).toMatchObject({ status: 'needs-review', altText: 'A red photo.' });
    } finally {
      forced.close();
    }
  });

  it('captions nothing when a file is not in the library, and says to add its folder first', async () => {
    const dataDir = tempDir('cli-store-empty');
    const library = Library.open(dataDir);
    library.close();
    const { stdout, error } = await run(
      'caption',
      join(photos, 'green.jpg'),
      '--store',
      '--model',
      modelDir,
      '--data-dir',
      dataDir,
    );
    expect(stdout).toBe('');
    expect(error).toMatchObject({
      message:
        `${join(photos, 'green.jpg')} is not in the library: add its folder first with ` +
        `"altlens add ${photos}", or caption without --store.`,
    });
  });
});

describe('altlens caption --model DIR with other kinds of model folder (real engine process)', () => {
  it('captions with an idefics3 (SmolVLM) folder: the prompted model answers, cleaned into alt text', async () => {
    const smolDir = join(tempDir('cli-idefics3'), 'tiny-idefics3');
    await writeTinyIdefics3(smolDir);
    const folder = tempDir('cli-idefics3-photos');
    const [red, green] = [join(folder, 'red.jpg'), join(folder, 'green.png')];
    await writeImage(red, { color: '#d01010', width: 640, height: 480 });
    await writeImage(green, { color: '#20b030', format: 'png' });
    const { stdout, stderr, error } = await run(
      'caption',
      red,
      green,
      '--model',
      smolDir,
      '--device',
      'cpu',
      '--no-ocr',
      '--json',
    );
    expect(error).toBeNull();
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        path: red,
        altText: 'A red photo.',
        ocrText: '',
        model: 'tiny-idefics3 (test model)',
        device: 'cpu',
        ms: expect.any(Number),
      },
      expect.objectContaining({ path: green, altText: 'A green photo.' }),
    ]);
    expect(stderr).toContain('with tiny-idefics3 (test model) on cpu');
  });

  it('captions with a Florence-2 folder: the <CAPTION> task answers, post-processed into alt text', async () => {
    const florenceDir = join(tempDir('cli-florence2'), 'tiny-florence2');
    await writeTinyFlorence2(florenceDir);
    const folder = tempDir('cli-florence2-photos');
    const [red, blue] = [join(folder, 'red.jpg'), join(folder, 'blue.png')];
    await writeImage(red, { color: '#d01010', width: 640, height: 480 });
    await writeImage(blue, { color: '#1030d0', format: 'png' });
    const { stdout, stderr, error } = await run(
      'caption',
      red,
      blue,
      '--model',
      florenceDir,
      '--device',
      'cpu',
      '--no-ocr',
      '--json',
    );
    expect(error).toBeNull();
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        path: red,
        altText: 'A red photo.',
        ocrText: '',
        model: 'tiny-florence2 (test model)',
        device: 'cpu',
        ms: expect.any(Number),
      },
      expect.objectContaining({ path: blue, altText: 'A blue photo.' }),
    ]);
    expect(stderr).toContain('with tiny-florence2 (test model) on cpu');
  });

  it('refuses a kind of model it has no adapter for in one line naming the kinds it runs', async () => {
    const unknown = tempDir('cli-unknown-kind');
    mkdirSync(join(unknown, 'onnx'));
    writeFileSync(join(unknown, 'config.json'), '{"model_type":"made-up-vlm"}');
    writeFileSync(join(unknown, 'onnx', 'encoder_model.onnx'), '');
    const { stdout, error } = await run('caption', photos, '--model', unknown, '--device', 'cpu');
    expect(stdout).toBe('');
    expect((error as Error).message).toBe(
      `${unknown} holds a "made-up-vlm" model, which AltLens cannot run; ` +
        'it runs vision-encoder-decoder, idefics3, smolvlm, florence2 models.',
    );
  });

  it('captions camera raw and HEIC files from their embedded previews, and says why one without a preview cannot be', async () => {
    const dir = tempDir('cli-raw');
    const cr2 = await writeFileWithPreview('CanonRaw.cr2', dir, {
      previews: [{ tag: 'PreviewImage', width: 600, height: 400, color: '#c02020' }],
    });
    const nef = await writeFileWithPreview('Nikon.nef', dir, {
      previews: [{ tag: 'JpgFromRaw', width: 640, height: 480, color: '#20b030' }],
    });
    const heic = await writeFileWithPreview('QuickTime.heic', dir, {
      previews: [{ tag: 'ThumbnailImage', width: 160, height: 120, color: '#2040d0' }],
    });
    const bare = copyWithoutPreview('CanonRaw.cr2', dir, 'bare.cr2');
    const dataDir = tempDir('cli-raw-data');
    const { stdout, error } = await run(
      'caption',
      cr2,
      nef,
      heic,
      bare,
      '--model',
      modelDir,
      '--device',
      'cpu',
      '--no-ocr',
      '--json',
      '--data-dir',
      dataDir,
    );
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.altText ?? line.error)).toEqual([
      'A red photo.',
      'A green photo.',
      'A blue photo.',
      expect.stringMatching(/^The camera raw file bare\.cr2 has no embedded preview/),
    ]);
    expect(error).toMatchObject({ message: '1 of 4 image(s) could not be captioned.' });
  });
});

describe('altlens caption --task (real engine process, tiny models)', () => {
  let florenceDir: string;
  let red: string;
  beforeAll(async () => {
    florenceDir = join(tempDir('cli-task-florence2'), 'tiny-florence2');
    await writeTinyFlorence2(florenceDir);
    red = join(tempDir('cli-task-photos'), 'red.jpg');
    await writeImage(red, { color: '#d01010', width: 640, height: 480 });
  });

  for (const [task, field, text, doing] of [
    ['extended', 'extDescription', 'A red photo, in detail.', 'Writing extended descriptions of 1 image(s)'],
    ['ocr', 'ocrText', 'A red photo', 'Reading the text in 1 image(s)'],
  ] as const) {
    it(`--task ${task} prints the model's ${field} for each image`, async () => {
      const { stdout, stderr, error } = await run(
        'caption',
        red,
        '--task',
        task,
        '--model',
        florenceDir,
        '--device',
        'cpu',
        '--json',
      );
      expect(error).toBeNull();
      expect(JSON.parse(stdout) as unknown).toEqual({
        path: red,
        [field]: text,
        model: 'tiny-florence2 (test model)',
        device: 'cpu',
        ms: expect.any(Number),
      });
      expect(stderr).toContain(`${doing} with tiny-florence2 (test model) on cpu`);
      const plain = await run('caption', red, '--task', task, '--model', florenceDir, '--device', 'cpu');
      expect(plain.stdout).toBe(`${red}\t${text}\n`);
    });
  }

  it('refuses a task the model cannot do in one line naming a model that can, before anything runs', async () => {
    const refused = await run('caption', red, '--task', 'extended', '--model', modelDir, '--device', 'cpu');
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe('');
    expect((refused.error as Error).message).toBe(
      'tiny (test model) cannot write extended descriptions; use a model that can, ' +
        'e.g. --model onnx-community/Florence-2-base-ft.',
    );
    const ocr = await run('caption', red, '--task', 'ocr', '--model', modelDir);
    expect((ocr.error as Error).message).toBe(
      'tiny (test model) cannot read the text in photos; use a model that can, ' +
        'e.g. --model onnx-community/Florence-2-base-ft.',
    );
  });

  it('refuses --store with another task than alt, and a task it does not know', async () => {
    const stored = await run('caption', red, '--task', 'ocr', '--store', '--model', florenceDir);
    expect((stored.error as Error).message).toBe(
      '--store stores alt text only: leave out --task, or --store.',
    );
    const unknown = await run('caption', red, '--task', 'poem', '--model', florenceDir);
    expect(unknown.stderr).toMatch(
      /option '--task <task>' argument 'poem' is invalid\. Allowed choices are alt, extended, ocr/,
    );
  });
});

describe('altlens caption --note and --max-length (real engine process, tiny idefics3, real library)', () => {
  it('stores with each caption the note, the limit and the folder the prompt carried, printing nothing new', async () => {
    const smolDir = join(tempDir('cli-style-model'), 'tiny-idefics3');
    await writeTinyIdefics3(smolDir);
    const folder = join(tempDir('cli-style'), 'Lisbon 2024');
    mkdirSync(folder);
    const red = join(folder, 'IMG_0042.jpg');
    await writeImage(red, { color: '#c02020' });
    const dataDir = tempDir('cli-style-data');
    const library = Library.open(dataDir);
    library.settings.write({ captionOnAdd: false });
    await library.addFolder(folder);
    library.folderContexts.update(library.folders()[0]?.id ?? 0, { note: 'Kept note', allowIdentity: true });
    library.close();

    const args = ['caption', red, '--model', smolDir, '--device', 'cpu', '--no-ocr', '--data-dir', dataDir];
    const { stdout, error } = await run(
      ...args,
      '--store',
      '--json',
      '--note',
      "My sister's wedding",
      '--max-length',
      '60',
    );
    expect(error).toBeNull();
    expect(JSON.parse(stdout.trim())).toEqual({
      path: red,
      altText: 'A red photo.',
      ocrText: '',
      model: 'tiny-idefics3 (test model)',
      device: 'cpu',
      ms: expect.any(Number),
      stored: true,
    });
    const after = Library.open(dataDir);
    try {
      expect(after.findImageByPath(red)?.generatedBy?.provenance).toEqual({
        prompted: true,
        maxLength: 60,
        language: 'en',
        allowIdentity: true,
        context: [
          { label: 'Folder name', value: 'Lisbon 2024' },
          { label: "Note from the photo's owner", value: "My sister's wedding" },
        ],
        retriedShorter: false,
        cutToLength: false,
      });
    } finally {
      after.close();
    }
  });

  it('refuses a length outside 20 to 250 and a note over 500 characters, before anything runs', async () => {
    for (const length of ['19', '251', 'ten', '99.5']) {
      const { error, stdout } = await run('caption', photos, '--model', modelDir, '--max-length', length);
      expect(String(error)).toContain(`"${length}" is not a length from 20 to 250 characters.`);
      expect(stdout).toBe('');
    }
    const { error } = await run('caption', photos, '--model', modelDir, '--note', 'x'.repeat(501));
    expect(String(error)).toContain('The note is longer than 500 characters: shorten it.');
  });
});

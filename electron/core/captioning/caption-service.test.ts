import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../contract/api.js';
import { writeTinyCaptioner } from '../../../models/test-model/tiny-captioner.js';
import { writeTinyFlorence2 } from '../../../models/test-model/tiny-florence2.js';
import { writeTinyIdefics3 } from '../../../models/test-model/tiny-idefics3.js';
import { openCore, type Core } from '../app-core.js';
import { tempDir, writeImage } from '../testing/sample-images.js';

let modelDir: string;
let core: Core | null = null;

beforeAll(async () => {
  modelDir = join(tempDir('service-model'), 'tiny');
  await writeTinyCaptioner(modelDir);
});

afterEach(async () => {
  await core?.close();
  core = null;
});

async function photoFolder(): Promise<string> {
  const dir = tempDir('service-photos');
  await writeImage(join(dir, 'a-red.jpg'), { color: '#c01010' });
  await writeImage(join(dir, 'b-green.png'), { color: '#10a010', format: 'png' });
  await writeImage(join(dir, 'c-blue.webp'), { color: '#1010c0', format: 'webp' });
  return dir;
}

/** Resolves once the queue has nothing left to do (pushed `captions.status` events, no polling). */
function queueSettled(events: ApiEvent[], subscribe: Core['library']['events']): Promise<void> {
  return new Promise((resolve) => {
    const check = (event: ApiEvent) => {
      events.push(event);
      if (event.type !== 'captions.status') return;
      const { counts, current } = event.status;
      if (
        current === null &&
        counts.queued === 0 &&
        counts.running === 0 &&
        counts.done + counts.failed > 0
      ) {
        unsubscribe();
        resolve();
      }
    };
    const unsubscribe = subscribe.subscribe(check);
  });
}

function open(): Core {
  core = openCore({
    dataDir: tempDir('service-data'),
    overrides: { model: modelDir, device: 'cpu', ocr: false },
  });
  return core;
}

describe('captions through the job queue (real engine process, tiny model, real SQLite)', () => {
  it('captions every new image once when a folder is added, recording model, device and time', async () => {
    const { library } = open();
    const events: ApiEvent[] = [];
    const settled = queueSettled(events, library.events);
    await library.addFolder(await photoFolder());
    await settled;

    const images = library.listImages().images;
    expect(images.map((image) => [image.fileName, image.altText, image.status])).toEqual([
      ['a-red.jpg', 'A red photo.', 'needs-review'],
      ['b-green.png', 'A green photo.', 'needs-review'],
      ['c-blue.webp', 'A blue photo.', 'needs-review'],
    ]);
    for (const image of images) {
      // Named by its folder, as a test model: never the folder's whole path.
      expect(library.getImage(image.id).generatedBy).toMatchObject({
        model: 'tiny (test model)',
        device: 'cpu',
        ocrText: '',
      });
      expect(image.captionJob).toEqual({ state: 'done', error: null });
    }
    expect(library.queue.counts('caption')).toMatchObject({ done: 3, queued: 0, running: 0, failed: 0 });
    const statuses = events.flatMap((event) => (event.type === 'captions.status' ? [event.status] : []));
    expect(statuses.some((status) => status.current?.fileName === 'b-green.png')).toBe(true);
    expect(statuses.at(-1)?.engine).toMatchObject({
      state: 'ready',
      device: 'cpu',
      model: modelDir,
      modelName: 'tiny (test model)',
    });
  });

  it('names the model for people before any caption: a folder by its name, a test model as one, a catalog model by its catalog name', async () => {
    const { library, captions } = open();
    const named = new Promise<void>((resolve) => {
      const check = () => {
        if (captions.status().engine.modelName !== 'tiny (test model)') return false;
        resolve();
        return true;
      };
      if (check()) return;
      const unsubscribe = library.events.subscribe((event) => {
        if (event.type === 'captions.status' && check()) unsubscribe();
      });
    });
    await named;
    expect(captions.status().engine).toMatchObject({ state: 'idle', model: modelDir });
    captions.updateSettings({ model: 'Mozilla/distilvit' });
    expect(captions.status().engine).toMatchObject({
      model: 'Mozilla/distilvit',
      modelName: 'DistilViT (Mozilla) — short alt text',
    });
  });

  it('never replaces what a person wrote, unless the person asks', async () => {
    const { library, captions } = open();
    library.settings.write({ captionOnAdd: false });
    await library.addFolder(await photoFolder());
    const [red, green] = library.listImages().images;
    if (!red || !green) throw new Error('images missing');
    library.saveDescription(red.id, 'My red scarf on the chair.');

    let settled = queueSettled([], library.events);
    captions.queue([red.id, green.id], false);
    await settled;
    expect(library.getImage(red.id)).toMatchObject({
      altText: 'My red scarf on the chair.',
      descriptionSource: 'human',
    });
    expect(library.getImage(green.id)).toMatchObject({
      altText: 'A green photo.',
      descriptionSource: 'model',
    });

    settled = queueSettled([], library.events);
    captions.queue([red.id], true);
    await settled;
    expect(library.getImage(red.id)).toMatchObject({ altText: 'A red photo.', descriptionSource: 'model' });
    // The finished batch is this one job, not every job the queue ever ran.
    expect(captions.status().counts).toMatchObject({ done: 1, queued: 0 });
  });

  it('pauses when the model is not installed, says why, and goes on once it is set', async () => {
    const { library, captions } = open();
    captions.updateSettings({ model: 'Mozilla/distilvit' });
    const failed = new Promise<string>((resolve) => {
      const unsubscribe = library.events.subscribe((event) => {
        if (event.type === 'captions.status' && event.status.engine.state === 'failed') {
          unsubscribe();
          resolve(event.status.engine.message ?? '');
        }
      });
    });
    await library.addFolder(await photoFolder());
    expect(await failed).toMatch(/Mozilla\/distilvit is not installed/);
    expect(captions.status()).toMatchObject({ paused: true, counts: { queued: 3, running: 0, failed: 0 } });

    const settled = queueSettled([], library.events);
    captions.updateSettings({ model: modelDir });
    await settled;
    expect(library.queue.counts('caption')).toMatchObject({ done: 3, failed: 0 });
  });

  it('fails an image the engine cannot decode with its reason, and goes on with the rest', async () => {
    const { library, captions } = open();
    library.settings.write({ captionOnAdd: false });
    const dir = await photoFolder();
    await library.addFolder(dir);
    const ids = library.listImages().images.map((image) => image.id);
    // The file changes after the scan into something that is not an image.
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(join(dir, 'b-green.png'), 'not a png any more'),
    );
    const settled = queueSettled([], library.events);
    captions.queue(ids, false);
    await settled;
    const green = library.listImages().images.find((image) => image.fileName === 'b-green.png');
    expect(green?.captionJob).toMatchObject({
      state: 'failed',
      error: 'Not an image AltLens can read: the contents do not match any supported image format.',
    });
    expect(library.queue.counts('caption')).toMatchObject({ done: 2, failed: 1 });
  });

  it('makes alt text and OCR text searchable', async () => {
    core = openCore({
      dataDir: tempDir('search-data'),
      overrides: { model: modelDir, device: 'cpu', ocr: true },
    });
    const { library } = core;
    const dir = tempDir('search-photos');
    await writeImage(join(dir, 'meadow.jpg'), { color: '#20b030' });
    const sign = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="300"><rect width="100%" height="100%"
      fill="#3050e0"/><text x="450" y="190" font-family="DejaVu Sans" font-size="110" font-weight="bold"
      text-anchor="middle" fill="#ffffff">EXIT ONLY</text></svg>`;
    await sharp(Buffer.from(sign)).png().toFile(join(dir, 'door.png'));
    const settled = queueSettled([], library.events);
    await library.addFolder(dir);
    await settled;

    const names = (query: string, status?: 'needs-review' | 'failed') =>
      library.search({ query, status, offset: 0, limit: 10 }).images.map((image) => image.fileName);
    expect(names('green')).toEqual(['meadow.jpg']); // a word of the alt text
    expect(names('exit')).toEqual(['door.png']); // a word found by OCR
    expect(names('only blu')).toEqual(['door.png']); // every word, each as a word beginning
    expect(names('mead')).toEqual(['meadow.jpg']); // the file name
    expect(names('"exit" ONLY* (')).toEqual(['door.png']); // FTS5 syntax is taken as plain words
    expect(names('', 'needs-review')).toEqual(['door.png', 'meadow.jpg']);
    expect(names('', 'failed')).toEqual([]);
    expect(library.search({ query: '', offset: 1, limit: 1 })).toMatchObject({
      total: 2,
      images: [{ fileName: 'meadow.jpg' }],
    });
  });
});

describe('captions through the job queue with a prompted model (real engine process, tiny idefics3)', () => {
  it('captions every new image with the SmolVLM-style model and names it', async () => {
    const smolDir = join(tempDir('service-idefics3'), 'tiny-idefics3');
    await writeTinyIdefics3(smolDir);
    core = openCore({
      dataDir: tempDir('service-data'),
      overrides: { model: smolDir, device: 'cpu', ocr: false },
    });
    const { library } = core;
    const settled = queueSettled([], library.events);
    await library.addFolder(await photoFolder());
    await settled;
    const images = library.listImages().images;
    expect(images.map((image) => [image.fileName, image.altText, image.status])).toEqual([
      ['a-red.jpg', 'A red photo.', 'needs-review'],
      ['b-green.png', 'A green photo.', 'needs-review'],
      ['c-blue.webp', 'A blue photo.', 'needs-review'],
    ]);
    for (const image of images) {
      expect(library.getImage(image.id).generatedBy).toMatchObject({
        model: 'tiny-idefics3 (test model)',
        device: 'cpu',
      });
    }
  });
});

describe('captions through the job queue with Florence-2 (real engine process, tiny florence2)', () => {
  let florenceDir: string;
  beforeAll(async () => {
    florenceDir = join(tempDir('service-florence2'), 'tiny-florence2');
    await writeTinyFlorence2(florenceDir);
  });

  it('streams each caption as caption.token events of its photo, adding up to what the model wrote', async () => {
    core = openCore({
      dataDir: tempDir('service-data'),
      overrides: { model: florenceDir, device: 'cpu', ocr: false },
    });
    const { library } = core;
    const events: ApiEvent[] = [];
    const settled = queueSettled(events, library.events);
    await library.addFolder(await photoFolder());
    await settled;
    for (const image of library.listImages().images) {
      const tokens = events.flatMap((event) =>
        event.type === 'caption.token' && event.imageId === image.id ? [event] : [],
      );
      expect(tokens.length).toBeGreaterThan(1);
      expect(tokens.every((event) => event.task === 'alt')).toBe(true);
      expect(tokens.map((event) => event.text).join('')).toBe(image.altText);
    }
  });

  for (const [reader, ocrText] of [
    ['florence2', 'A red photo'],
    ['paddle', ''],
  ] as const) {
    it(`reads the text in photos with ${reader === 'paddle' ? 'PaddleOCR' : 'the model’s <OCR> task'} when textReader is ${reader}`, async () => {
      core = openCore({
        dataDir: tempDir('service-data'),
        overrides: { model: florenceDir, device: 'cpu', ocr: true },
      });
      const { library } = core;
      core.captions.updateSettings({ textReader: reader });
      const photos = tempDir('service-photos');
      await writeImage(join(photos, 'red.jpg'), { color: '#c01010' });
      const settled = queueSettled([], library.events);
      await library.addFolder(photos);
      await settled;
      const [image] = library.listImages().images;
      // The tiny Florence-2 reads "A red photo" (its <OCR> answer); PaddleOCR finds no text in a flat photo.
      expect(library.getImage(image?.id ?? 0).generatedBy?.ocrText).toBe(ocrText);
    });
  }

  it('reads text with PaddleOCR when textReader is florence2 but the model has no <OCR> task', async () => {
    core = openCore({
      dataDir: tempDir('service-data'),
      overrides: { model: modelDir, device: 'cpu', ocr: true },
    });
    const { library } = core;
    core.captions.updateSettings({ textReader: 'florence2' });
    const photos = tempDir('service-photos');
    await writeImage(join(photos, 'red.jpg'), { color: '#c01010' });
    const settled = queueSettled([], library.events);
    await library.addFolder(photos);
    await settled;
    const [image] = library.listImages().images;
    expect(library.getImage(image?.id ?? 0)).toMatchObject({
      altText: 'A red photo.',
      generatedBy: { ocrText: '' },
    });
  });
});

describe('captions in the style and context the person set (real engine process, tiny models)', () => {
  it('keeps with each generated description which prompt settings and which context made it', async () => {
    const smolDir = join(tempDir('service-style'), 'tiny-idefics3');
    await writeTinyIdefics3(smolDir);
    core = openCore({
      dataDir: tempDir('service-data'),
      overrides: { model: smolDir, device: 'cpu', ocr: false },
    });
    const { library, captions } = core;
    library.settings.write({ captionOnAdd: false, altTextMaxLength: 90, contextFileName: false });
    const folder = await photoFolder();
    await library.addFolder(folder);
    const folderId = library.folders()[0]?.id ?? 0;
    library.folderContexts.update(folderId, {
      note: "  My sister's wedding in Lisbon, 2024 ",
      allowIdentity: true,
    });
    const [red] = library.listImages().images;
    const settled = queueSettled([], library.events);
    captions.queue([red?.id ?? 0], false);
    await settled;
    const detail = library.getImage(red?.id ?? 0);
    expect(detail.altText).toBe('A red photo.');
    expect(detail.generatedBy?.provenance).toEqual({
      prompted: true,
      maxLength: 90,
      language: 'en',
      allowIdentity: true,
      context: [
        { label: 'Folder name', value: folder.split(/[\\/]/).at(-1) },
        { label: "Note from the photo's owner", value: "My sister's wedding in Lisbon, 2024" },
      ],
      retriedShorter: false,
      cutToLength: false,
    });
  });

  it('says a model that takes no prompt used no style or context', async () => {
    const { library, captions } = open();
    library.settings.write({ captionOnAdd: false });
    await library.addFolder(await photoFolder());
    const folderId = library.folders()[0]?.id ?? 0;
    library.folderContexts.update(folderId, { note: 'Lisbon' });
    const [red] = library.listImages().images;
    const settled = queueSettled([], library.events);
    captions.queue([red?.id ?? 0], false);
    await settled;
    expect(library.getImage(red?.id ?? 0).generatedBy?.provenance).toMatchObject({
      prompted: false,
      context: [],
      retriedShorter: false,
      cutToLength: false,
    });
  });
});

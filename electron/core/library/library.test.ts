import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../contract/api.js';
import { tempDir, writeImage, writeTruncatedJpeg } from '../testing/sample-images.js';
import { Library } from './library.js';

let photos: string;
let library: Library;
let events: ApiEvent[];

beforeEach(async () => {
  photos = tempDir('photos');
  mkdirSync(join(photos, 'trip', 'day 2'), { recursive: true });
  mkdirSync(join(photos, '.hidden'));
  await writeImage(join(photos, 'red.jpg'), { width: 640, height: 480, color: '#d02020' });
  await writeImage(join(photos, 'trip', 'green.png'), {
    width: 50,
    height: 80,
    color: '#20c020',
    format: 'png',
  });
  await writeImage(join(photos, 'trip', 'day 2', 'blue.webp'), { color: '#2020d0', format: 'webp' });
  await writeImage(join(photos, 'trip', 'scan.TIFF'), { format: 'tiff' });
  await writeImage(join(photos, '.hidden', 'skipped.jpg'));
  await writeTruncatedJpeg(join(photos, 'truncated.jpg'));
  writeFileSync(join(photos, 'empty.jpg'), '');
  writeFileSync(join(photos, 'notes.jpg'), 'These are my holiday notes, not a photo.\n');
  writeFileSync(join(photos, 'notes.txt'), 'not an image extension, not listed');
  library = Library.open(tempDir('data'));
  events = [];
  library.events.subscribe((event) => events.push(event));
});

afterEach(() => library.close());

const byName = (name: string) => {
  const image = library.listImages().images.find((row) => row.fileName === name);
  if (!image) throw new Error(`${name} is not in the library`);
  return image;
};

describe('adding a folder (real images, real SQLite, real sharp)', () => {
  it('stores a row for every image file, with facts, thumbnails and readable reasons for bad files', async () => {
    const result = await library.addFolder(photos);

    expect(result).toMatchObject({ found: 7, added: 7, updated: 0, moved: 0, failed: 3 });
    expect(
      library
        .listImages()
        .images.map((image) => image.fileName)
        .sort(),
    ).toEqual(
      ['blue.webp', 'empty.jpg', 'green.png', 'notes.jpg', 'red.jpg', 'scan.TIFF', 'truncated.jpg'].sort(),
    );
    expect(byName('red.jpg')).toMatchObject({
      format: 'jpeg',
      width: 640,
      height: 480,
      status: 'pending',
      error: null,
    });
    expect(byName('green.png')).toMatchObject({ format: 'png', width: 50, height: 80, hasThumbnail: true });
    expect(byName('blue.webp')).toMatchObject({ format: 'webp', status: 'pending' });
    expect(byName('scan.TIFF')).toMatchObject({ format: 'tiff', status: 'pending' });

    expect(byName('empty.jpg')).toMatchObject({ status: 'failed', error: 'The file is empty (0 bytes).' });
    expect(byName('notes.jpg').error).toMatch(/^Not an image AltLens can read/);
    // The decoder's own words ("premature end") may be lost to another image decoded at the same time
    // (libvips keeps one error text per process); the reason stays "damaged or incomplete".
    expect(byName('truncated.jpg').error).toMatch(
      /^The image data is damaged or incomplete \((.*premature end|the decoder stopped at a problem in it)/i,
    );
    for (const name of ['empty.jpg', 'notes.jpg', 'truncated.jpg'])
      expect(byName(name).hasThumbnail).toBe(false);

    const thumbnail = await sharp(await library.mediaPath('thumbnail', byName('red.jpg').id)).metadata();
    expect([thumbnail.format, thumbnail.width, thumbnail.height]).toEqual(['webp', 320, 240]);
    await expect(library.mediaPath('thumbnail', byName('notes.jpg').id)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('reports progress and the result as events', async () => {
    await library.addFolder(photos);
    const progress = events.filter((event) => event.type === 'scan.progress');
    expect(progress.at(0)).toMatchObject({ done: 0, total: 7 });
    expect(progress.at(-1)).toMatchObject({ done: 7, total: 7, currentPath: null });
    const changed = events.flatMap((event) => (event.type === 'library.changed' ? event.imageIds : []));
    expect(new Set(changed)).toEqual(new Set(library.listImages().images.map((image) => image.id)));
    expect(events.at(-1)).toMatchObject({ type: 'scan.finished', result: { found: 7 } });
  });

  it('keeps the id and description of a renamed or moved file', async () => {
    await library.addFolder(photos);
    const red = byName('red.jpg');
    library.saveDescription(red.id, '  A red square on a white wall.  ');
    renameSync(join(photos, 'red.jpg'), join(photos, 'trip', 'day 2', 'renamed.jpg'));

    const rescan = await library.addFolder(photos);

    expect(rescan).toMatchObject({ found: 7, added: 0, moved: 1 });
    const moved = byName('renamed.jpg');
    expect(moved.id).toBe(red.id);
    expect(moved).toMatchObject({ altText: 'A red square on a white wall.', status: 'edited' });
    expect(library.listImages().images.some((image) => image.fileName === 'red.jpg')).toBe(false);
  });

  it('skips unchanged files on a rescan and re-reads a file whose contents changed', async () => {
    await library.addFolder(photos);
    const green = byName('green.png');
    expect(await library.addFolder(photos)).toMatchObject({ added: 0, updated: 3, moved: 0 }); // the 3 bad files are retried

    await writeImage(join(photos, 'trip', 'green.png'), { width: 90, height: 30, format: 'png' });
    await library.addFolder(photos);
    expect(byName('green.png')).toMatchObject({ id: green.id, width: 90, height: 30 });
  });

  it('tells the UI only of the files a rescan found changed, and stops when asked', async () => {
    await library.addFolder(photos);
    const isChange = (event: ApiEvent) => event.type === 'library.changed';
    events = [];
    await library.rescanFolder(photos);
    const retried = new Set(['empty.jpg', 'notes.jpg', 'truncated.jpg'].map((name) => byName(name).id));
    expect(
      new Set(events.flatMap((event) => (event.type === 'library.changed' ? event.imageIds : []))),
    ).toEqual(retried);

    await writeImage(join(photos, 'red.jpg'), { width: 30, height: 20, color: '#ff0000' });
    writeFileSync(join(photos, 'trip', 'new.jpg'), await sharp(join(photos, 'red.jpg')).toBuffer());
    const stop = new AbortController();
    stop.abort();
    expect(await library.rescanFolder(photos, stop.signal)).toMatchObject({ added: 0, updated: 0 });
    expect(byName('red.jpg')).toMatchObject({ width: 640, height: 480 });

    events = [];
    expect(await library.rescanFolder(photos)).toMatchObject({ found: 8, added: 1, updated: 4 });
    expect(byName('red.jpg')).toMatchObject({ error: null, width: 30, height: 20 });
    const changed = events
      .filter(isChange)
      .flatMap((event) => (event.type === 'library.changed' ? event.imageIds : []));
    expect(new Set(changed)).toEqual(new Set([...retried, byName('red.jpg').id, byName('new.jpg').id]));
  });

  it('queues, scanning again, a caption for each image with no description and no caption job, once', async () => {
    library.settings.write({ captionOnAdd: false });
    await library.addFolder(photos);
    expect(byName('red.jpg').captionJob).toBeNull();
    library.saveDescription(byName('green.png').id, 'A green rectangle.');
    library.settings.write({ captionOnAdd: true });

    await library.addFolder(photos);
    const queued = library
      .listImages()
      .images.filter((image) => image.captionJob?.state === 'queued')
      .map((image) => image.fileName);
    expect(queued.sort()).toEqual(['blue.webp', 'red.jpg', 'scan.TIFF']);

    events = [];
    await library.addFolder(photos);
    const retried = ['empty.jpg', 'notes.jpg', 'truncated.jpg'].map((name) => byName(name).id);
    const changed = events.flatMap((event) => (event.type === 'library.changed' ? event.imageIds : []));
    expect(new Set(changed)).toEqual(new Set(retried));
  });

  it('applies EXIF orientation to dimensions and thumbnails', async () => {
    const rotated = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#888' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    writeFileSync(join(photos, 'portrait.jpg'), rotated);
    await library.addFolder(photos);
    const portrait = byName('portrait.jpg');
    expect([portrait.width, portrait.height]).toEqual([40, 60]);
    const thumbnail = await sharp(await library.mediaPath('thumbnail', portrait.id)).metadata();
    expect([thumbnail.width, thumbnail.height]).toEqual([40, 60]);
  });

  it('refuses a folder that does not exist, and a file given as a folder', async () => {
    await expect(library.addFolder(join(photos, 'nope'))).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/does not exist/),
    });
    await expect(library.addFolder(join(photos, 'red.jpg'))).rejects.toMatchObject({
      message: expect.stringMatching(/is a file, not a folder/),
    });
  });
});

describe('descriptions', () => {
  it('saves what a person typed as human-written, and clears it when emptied', async () => {
    await library.addFolder(photos);
    const { id } = byName('green.png');
    const saved = library.saveDescription(id, 'A green rectangle.');
    expect(saved).toMatchObject({
      altText: 'A green rectangle.',
      descriptionSource: 'human',
      status: 'edited',
    });
    expect(library.getImage(id).altText).toBe('A green rectangle.');
    expect(library.saveDescription(id, '   ')).toMatchObject({ altText: null, status: 'pending' });
    expect(() => library.saveDescription(99_999, 'x')).toThrow(/Image 99999 was not found/);
  });

  it('survives closing and reopening the library', async () => {
    const dataDir = tempDir('reopen');
    const first = Library.open(dataDir);
    await first.addFolder(photos);
    const id = first.listImages().images.find((image) => image.fileName === 'blue.webp')?.id ?? -1;
    first.saveDescription(id, 'A blue square.');
    first.close();
    const second = Library.open(dataDir);
    expect(second.getImage(id).altText).toBe('A blue square.');
    second.close();
  });
});

describe('review and write settings', () => {
  it('approves only a description that can be written', async () => {
    await library.addFolder(photos);
    const { id } = byName('green.png');
    expect(() => library.approve(id)).toThrow(/Write alt text, or mark the photo as decorative/);
    library.saveDescription(id, 'x'.repeat(251));
    expect(() => library.approve(id)).toThrow(/at most 250 characters; this one has 251/);
    library.saveDescription(id, 'A green rectangle.', { extDescription: '  A longer account.  ' });
    expect(library.approve(id)).toMatchObject({ status: 'approved', extDescription: 'A longer account.' });
    // Saving the text again keeps the extended description and the decorative mark unless they are given.
    expect(library.saveDescription(id, 'A green field.')).toMatchObject({
      status: 'edited',
      extDescription: 'A longer account.',
      decorative: false,
    });
    const red = byName('red.jpg').id;
    expect(library.saveDescription(red, '', { decorative: true })).toMatchObject({
      decorative: true,
      altText: '',
    });
    expect(library.approve(red).status).toBe('approved');
  });

  it('keeps write settings per folder', async () => {
    const { folderId } = await library.addFolder(photos);
    expect(library.folders()[0]?.writeSettings).toEqual({
      target: 'auto',
      sidecarNaming: 'basename',
      descriptionFields: false,
    });
    expect(
      library.updateWriteSettings(folderId, { sidecarNaming: 'ext', descriptionFields: true }).writeSettings,
    ).toEqual({
      target: 'auto',
      sidecarNaming: 'ext',
      descriptionFields: true,
    });
    expect(() => library.updateWriteSettings(999, { target: 'file' })).toThrow(/Folder 999 was not found/);
  });
});

import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WriteQueueStatus } from '../../../contract/api.js';
import { openCore, type Core } from '../app-core.js';
import { tempDir, writeImage } from '../testing/sample-images.js';

let core: Core;
/** Photo ids by file name: a.jpg … e.jpg, in path order. */
let ids: Record<string, number>;

beforeEach(async () => {
  core = openCore({ dataDir: tempDir('batch-data') });
  core.library.settings.write({ captionOnAdd: false });
  const photos = tempDir('batch-photos');
  for (const name of ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg']) {
    await writeImage(join(photos, name), { width: 64, height: 48 });
  }
  await core.handlers['folders.add']({ path: photos });
  const { images } = await core.handlers['images.list']({ offset: 0, limit: 100 });
  ids = Object.fromEntries(images.map((image) => [image.fileName, image.id]));
});

afterEach(async () => {
  await core.close();
});

const id = (name: string): number => {
  const found = ids[name];
  if (found === undefined) throw new Error(`${name} was not added`);
  return found;
};

async function describePhotos(texts: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(texts)) {
    await core.handlers['descriptions.save']({ imageId: id(name), text });
  }
}

/** Resolves with the first `writes.status` event for which `done` holds. */
function writesWhere(done: (status: WriteQueueStatus) => boolean): Promise<WriteQueueStatus> {
  return new Promise((resolve) => {
    const unsubscribe = core.library.events.subscribe((event) => {
      if (event.type !== 'writes.status' || !done(event)) return;
      unsubscribe();
      resolve(event);
    });
  });
}

const settled = (status: WriteQueueStatus) =>
  status.current === null && status.counts.queued + status.counts.running === 0;

describe('batch calls (real core, SQLite and exiftool)', () => {
  it('approves the selected photos and skips, with the reason, those without alt text', async () => {
    await describePhotos({ 'a.jpg': 'A harbour with boats.', 'b.jpg': 'A meadow.' });
    const result = await core.handlers['descriptions.approveMany']({
      imageIds: [id('a.jpg'), id('b.jpg'), id('c.jpg')],
    });
    expect(result).toEqual({ approved: 2, skipped: [{ imageId: id('c.jpg'), reason: 'no alt text' }] });
    expect((await core.handlers['images.get']({ id: id('a.jpg') })).status).toBe('approved');

    const again = await core.handlers['descriptions.approveMany']({ imageIds: [id('a.jpg')] });
    expect(again).toEqual({ approved: 0, skipped: [{ imageId: id('a.jpg'), reason: 'already approved' }] });
  });

  it('approves every photo a search holds, loaded or not, and nothing else', async () => {
    await describePhotos({ 'a.jpg': 'Boats in a harbour.', 'b.jpg': 'A boat on a lake.', 'c.jpg': 'A cat.' });
    const result = await core.handlers['descriptions.approveMany']({ filter: { query: 'boat' } });
    expect(result).toEqual({ approved: 2, skipped: [] });
    const { images } = await core.handlers['images.list']({ status: 'approved', offset: 0, limit: 100 });
    expect(images.map((image) => image.fileName)).toEqual(['a.jpg', 'b.jpg']);
  });

  it('writes the approved ones among the selected, skips the rest with reasons, and lists a failed one', async () => {
    await describePhotos({ 'a.jpg': 'A harbour.', 'b.jpg': 'A meadow.', 'c.jpg': 'Not approved yet.' });
    await core.handlers['descriptions.approveMany']({ imageIds: [id('a.jpg'), id('b.jpg')] });

    await core.handlers['writes.pause']({});
    const result = await core.handlers['metadata.writeMany']({
      imageIds: [id('a.jpg'), id('b.jpg'), id('c.jpg')],
    });
    expect(result).toEqual({ queued: 2, skipped: [{ imageId: id('c.jpg'), reason: 'not approved' }] });
    // b.jpg goes while its write waits: that write fails, with the reason.
    unlinkSync((await core.handlers['images.get']({ id: id('b.jpg') })).path);
    const finished = writesWhere(settled);
    await core.handlers['writes.resume']({});
    await finished;

    const written = await core.metadata.read((await core.handlers['images.get']({ id: id('a.jpg') })).path);
    expect(written.altText).toBe('A harbour.');
    const failures = await core.handlers['images.failures']({ job: 'write', limit: 10 });
    expect(failures.total).toBe(1);
    expect(failures.failures).toEqual([
      { imageId: id('b.jpg'), fileName: 'b.jpg', reason: expect.stringMatching(/\w/) as unknown },
    ]);
    expect(await core.handlers['images.failures']({ job: 'caption', limit: 10 })).toEqual({
      total: 0,
      failures: [],
    });
  });

  it('pauses, resumes and cancels the writes', async () => {
    await describePhotos({ 'a.jpg': 'A harbour.', 'b.jpg': 'A meadow.', 'c.jpg': 'A cat.' });
    await core.handlers['descriptions.approveMany']({ filter: { query: '' } });

    expect(await core.handlers['writes.pause']({})).toMatchObject({ paused: true });
    await core.handlers['metadata.writeMany']({ imageIds: [id('a.jpg'), id('b.jpg')] });
    expect((await core.handlers['writes.status']({})).counts).toMatchObject({ paused: 2, queued: 0 });

    const finished = writesWhere((status) => settled(status) && status.counts.done === 2);
    expect(await core.handlers['writes.resume']({})).toMatchObject({ paused: false });
    await finished;
    expect((await core.handlers['images.get']({ id: id('b.jpg') })).status).toBe('written');

    await core.handlers['writes.pause']({});
    await core.handlers['metadata.writeMany']({ imageIds: [id('c.jpg')] });
    const cancelled = await core.handlers['writes.cancel']({});
    expect(cancelled.counts).toMatchObject({ paused: 0, queued: 0, cancelled: 1 });
    expect((await core.handlers['images.get']({ id: id('c.jpg') })).writeJob?.state).toBe('cancelled');
  });

  it('exports the selected photos as CSV and JSON, in path order', async () => {
    await describePhotos({ 'a.jpg': 'A harbour, at dawn.', 'd.jpg': 'A "quoted" door.' });
    const csv = await core.handlers['images.export']({
      selection: { imageIds: [id('d.jpg'), id('a.jpg')] },
      format: 'csv',
    });
    expect(csv.mimeType).toBe('text/csv');
    const lines = csv.content.trimEnd().split('\r\n');
    expect(lines[0]).toBe('path,altText,extDescription,decorative,status');
    expect(lines.slice(1).map((line) => line.replace(/^[^,]*\//, ''))).toEqual([
      'a.jpg,"A harbour, at dawn.",,false,edited',
      'd.jpg,"A ""quoted"" door.",,false,edited',
    ]);
    const json = await core.handlers['images.export']({
      selection: { filter: { query: '', status: 'pending' } },
      format: 'json',
    });
    expect((JSON.parse(json.content) as { path: string }[]).map((row) => row.path.split('/').pop())).toEqual([
      'b.jpg',
      'c.jpg',
      'e.jpg',
    ]);
  });

  it('counts descriptions a person wrote, and queues forced captions for a filter', async () => {
    await describePhotos({ 'a.jpg': 'Written by a person.' });
    expect(await core.handlers['descriptions.countHumanWritten']({ filter: { query: '' } })).toEqual({
      count: 1,
    });
    expect(await core.handlers['descriptions.countHumanWritten']({ imageIds: [id('b.jpg')] })).toEqual({
      count: 0,
    });
    await core.handlers['captions.pause']({});
    const status = await core.handlers['captions.queue']({
      filter: { query: '', status: 'pending' },
      force: true,
    });
    expect(status.counts.paused + status.counts.queued).toBe(4);
  });
});

describe('images.neighbours (a place in the current list, answered in SQL)', () => {
  it('walks the whole library, a status filter or a search, and places a photo that left the list', async () => {
    const { handlers } = core;
    expect(await handlers['images.neighbours']({ id: id('c.jpg'), query: '' })).toEqual({
      previousId: id('b.jpg'),
      nextId: id('d.jpg'),
      position: 3,
      total: 5,
    });
    expect(await handlers['images.neighbours']({ id: id('a.jpg'), query: '' })).toMatchObject({
      previousId: null,
      position: 1,
    });

    await describePhotos({ 'b.jpg': 'A red boat.', 'd.jpg': 'Two boats.', 'e.jpg': 'A boat shed.' });
    expect(await handlers['images.neighbours']({ id: id('d.jpg'), query: 'boat' })).toEqual({
      previousId: id('b.jpg'),
      nextId: id('e.jpg'),
      position: 2,
      total: 3,
    });
    // Approved while reviewing "edited": no longer in that list, but previous and next still lead on.
    await handlers['descriptions.approve']({ imageId: id('d.jpg') });
    expect(await handlers['images.neighbours']({ id: id('d.jpg'), query: '', status: 'edited' })).toEqual({
      previousId: id('b.jpg'),
      nextId: id('e.jpg'),
      position: null,
      total: 2,
    });
    expect(() => handlers['images.neighbours']({ id: 9999, query: '' })).toThrow(/Image 9999 was not found/);
  });
});

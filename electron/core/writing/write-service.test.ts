import { appendFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../library/library.js';
import { MetadataRepository } from '../metadata/metadata-repository.js';
import { SAMPLES_DIR } from '../metadata/test-files.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { metadataWriter } from './metadata-writer.js';
import { WriteService } from './write-service.js';

let metadata: MetadataRepository;
let library: Library;
let writes: WriteService;
let photos: string;

beforeEach(async () => {
  metadata = new MetadataRepository();
  library = Library.open(tempDir('writes-data'), { metadata });
  library.settings.write({ captionOnAdd: false });
  writes = new WriteService(library, metadataWriter(metadata));
  writes.start();
  photos = tempDir('writes-photos');
  await writeImage(join(photos, 'plain.jpg'), { width: 320, height: 240 });
  copyFileSync(join(SAMPLES_DIR, 'XMP.jpg'), join(photos, 'xmp.jpg'));
});

afterEach(async () => {
  await writes.stop();
  library.close();
  await metadata.close();
});

function settled(): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = library.events.subscribe((event) => {
      if (
        event.type === 'writes.status' &&
        event.current === null &&
        event.counts.queued + event.counts.running === 0
      ) {
        unsubscribe();
        resolve();
      }
    });
  });
}

const byName = (name: string) => {
  const image = library.listImages().images.find((candidate) => candidate.fileName === name);
  if (!image) throw new Error(`${name} missing`);
  return image;
};

describe('writing approved alt text (real exiftool, real SQLite)', () => {
  it('writes only approved text, verified, marks it written, and undoes it', async () => {
    await library.addFolder(photos);
    const plain = byName('plain.jpg');
    library.saveDescription(plain.id, 'Grey square, café 咖啡 🙂.', { extDescription: 'A longer account.' });
    expect(() => writes.queue({ imageIds: [plain.id] })).toThrow(/approve the description first/);
    library.approve(plain.id);

    const done = settled();
    expect(writes.queue({ imageIds: [plain.id] })).toEqual({ queued: 1 });
    await done;

    const written = library.getImage(plain.id);
    expect(written).toMatchObject({ status: 'written', writeJob: { state: 'done', error: null } });
    expect(written.lastWrite?.writtenTo).toEqual([plain.path]);
    const read = await metadata.read(plain.path);
    expect(read).toMatchObject({
      altText: 'Grey square, café 咖啡 🙂.',
      extDescription: 'A longer account.',
    });
    // The file's identity follows its new bytes: a rescan finds it unchanged.
    expect(await library.addFolder(photos)).toMatchObject({ added: 0, moved: 0, updated: 0 });

    const undone = await writes.undo(plain.id);
    expect(undone).toMatchObject({ status: 'approved', lastWrite: null });
    expect((await metadata.read(plain.path)).altText).toBeNull();
    await expect(writes.undo(plain.id)).rejects.toThrow(/no write of this image to undo/);
  });

  it('writes two photos at a time, and each of them', async () => {
    await writeImage(join(photos, 'third.jpg'), { width: 64, height: 48 });
    await library.addFolder(photos);
    const ids = ['plain.jpg', 'xmp.jpg', 'third.jpg'].map((name) => byName(name).id);
    for (const id of ids) {
      library.saveDescription(id, `Photo ${id}, café.`);
      library.approve(id);
    }
    let mostRunning = 0;
    const unsubscribe = library.events.subscribe((event) => {
      if (event.type === 'writes.status') mostRunning = Math.max(mostRunning, event.counts.running);
    });
    const done = settled();
    writes.queue({ imageIds: ids });
    await done;
    unsubscribe();
    expect(mostRunning).toBe(2);
    for (const id of ids) {
      expect(library.getImage(id)).toMatchObject({ status: 'written' });
      expect((await metadata.read(library.getImage(id).path)).altText).toBe(`Photo ${id}, café.`);
    }
  });

  it('refuses a file changed since it was read, with the reason, and leaves it alone', async () => {
    await library.addFolder(photos);
    const plain = byName('plain.jpg');
    library.saveDescription(plain.id, 'Grey square.');
    library.approve(plain.id);
    appendFileSync(plain.path, Buffer.from([0]));
    const done = settled();
    writes.queue({ imageIds: [plain.id] });
    await done;
    expect(byName('plain.jpg')).toMatchObject({
      status: 'approved',
      writeJob: { state: 'failed', error: expect.stringMatching(/changed since it was read/) },
    });
  });

  it('imports alt text already in a file as written by a person, with where it was found', async () => {
    const sample = join(photos, 'xmp.jpg');
    await metadata.write(
      sample,
      { altText: 'Imported text.' },
      { target: 'file', sidecarNaming: 'basename', descriptionFields: false },
    );
    await library.addFolder(photos);
    const detail = library.getImage(byName('xmp.jpg').id);
    expect(detail).toMatchObject({
      altText: 'Imported text.',
      descriptionSource: 'imported',
      status: 'edited',
    });
    expect(detail.foundInFile).toContainEqual({
      field: 'AltTextAccessibility',
      lang: 'x-default',
      value: 'Imported text.',
      source: sample,
    });
  });
});

import { chmodSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Library } from '../library/library.js';
import { plainWords } from '../metadata/errors.js';
import { MetadataRepository } from '../metadata/metadata-repository.js';
import { makeReadOnly, SAMPLES_DIR } from '../metadata/test-files.js';
import { tempDir } from '../testing/sample-images.js';
import { metadataWriter } from './metadata-writer.js';
import { WriteService } from './write-service.js';

let metadata: MetadataRepository;
let library: Library;
let writes: WriteService;

beforeEach(() => {
  metadata = new MetadataRepository();
  library = Library.open(tempDir('write-words-data'), { metadata });
  library.settings.write({ captionOnAdd: false });
  writes = new WriteService(library, metadataWriter(metadata));
  writes.start();
});

afterEach(async () => {
  await writes.stop();
  library.close();
  await metadata.close();
});

/** Resolves once no write is queued or under way. */
function settled(): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = library.events.subscribe((event) => {
      if (event.type !== 'writes.status' || event.current !== null) return;
      if (event.counts.queued + event.counts.running > 0) return;
      unsubscribe();
      resolve();
    });
  });
}

it('a write job the file system refuses fails in the words the command line uses, shown on the photo', async () => {
  const photos = tempDir('write-words-photos');
  const path = join(photos, 'harbour.jpg');
  copyFileSync(join(SAMPLES_DIR, 'Writer.jpg'), path);
  chmodSync(path, 0o644); // the samples are read-only: only the folder is, here
  await library.addFolder(photos);
  const image = library.findImageByPath(path);
  if (!image) throw new Error('harbour.jpg was not added');
  library.saveDescription(image.id, 'Boats in a harbour.');
  library.approve(image.id);

  const writable = makeReadOnly(photos);
  try {
    const done = settled();
    writes.queue({ imageIds: [image.id] });
    await done;
  } finally {
    writable();
  }
  expect(library.getImage(image.id)).toMatchObject({
    status: 'approved',
    writeJob: {
      state: 'failed',
      error: `${plainWords.readOnlyFolder(photos)} Nothing was written: the original files were put back.`,
    },
  });
});

it('a photo whose name exiftool cannot be given: one plain line when it is added, the same words when written', async () => {
  const photos = tempDir('write-words-name');
  const path = join(photos, 'two\nlines.jpg');
  copyFileSync(join(SAMPLES_DIR, 'Writer.jpg'), path);
  chmodSync(path, 0o644);
  const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    await library.addFolder(photos);
    expect(logged.mock.calls).toEqual([
      [
        `AltLens: alt text already in ${JSON.stringify(path)} was not imported: ${plainWords.unusableName(path)}`,
      ],
    ]);
  } finally {
    logged.mockRestore();
  }
  const image = library.findImageByPath(path);
  if (!image) throw new Error('the photo was not added');
  expect(image.error).toBeNull(); // its pixels read: it is captioned like any other
  library.saveDescription(image.id, 'A page of text.');
  library.approve(image.id);
  const done = settled();
  writes.queue({ imageIds: [image.id] });
  await done;
  expect(library.getImage(image.id).writeJob).toMatchObject({
    state: 'failed',
    error: plainWords.unusableName(path),
  });
});

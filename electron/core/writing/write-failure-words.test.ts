import { chmodSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
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
    const settled = new Promise<void>((resolve) => {
      const unsubscribe = library.events.subscribe((event) => {
        if (event.type === 'writes.status' && event.current === null && event.counts.queued === 0) {
          if (event.counts.running > 0) return;
          unsubscribe();
          resolve();
        }
      });
    });
    writes.queue({ imageIds: [image.id] });
    await settled;
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

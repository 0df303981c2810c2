import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { ensureSmallPhotos } from '../testing/small-photos.js';
import { Library } from './library.js';

let photos: string;
let trash: string;
let library: Library;

beforeEach(async () => {
  photos = tempDir('photos');
  trash = tempDir('trash');
  await writeImage(join(photos, 'dog.jpg'), { color: '#a06020' });
  await writeImage(join(photos, 'cat.jpg'), { color: '#202020' });
  library = Library.open(tempDir('data'));
});

afterEach(() => library.close());

async function addAndDescribe(): Promise<{ folderId: number; dogId: number; catId: number }> {
  const { folderId } = await library.addFolder(photos);
  const ids = Object.fromEntries(
    library
      .search({ query: '', folderId, offset: 0, limit: 10 })
      .images.map((image) => [image.fileName, image.id]),
  );
  const dogId = ids['dog.jpg'] ?? 0;
  library.saveDescription(dogId, 'A brown dog asleep.');
  return { folderId, dogId, catId: ids['cat.jpg'] ?? 0 };
}

describe('missing files (real files, real SQLite)', () => {
  it('a scan marks a deleted file missing and keeps its description; the file coming back clears it', async () => {
    const { folderId, dogId } = await addAndDescribe();
    renameSync(join(photos, 'dog.jpg'), join(trash, 'dog.jpg'));

    expect(await library.rescanFolder(photos)).toMatchObject({ found: 1, added: 0, missing: 1 });
    expect(library.getImage(dogId)).toMatchObject({ status: 'missing', altText: 'A brown dog asleep.' });
    expect(library.folders()).toMatchObject([{ id: folderId, imageCount: 2, missingCount: 1 }]);
    await expect(library.mediaPath('thumbnail', dogId)).resolves.toMatch(/\.webp$/);
    await expect(library.mediaPath('preview', dogId)).rejects.toMatchObject({ code: 'not_found' });
    expect(library.search({ query: '', status: 'missing', offset: 0, limit: 10 }).images).toMatchObject([
      { id: dogId, fileName: 'dog.jpg' },
    ]);

    renameSync(join(trash, 'dog.jpg'), join(photos, 'dog.jpg'));
    expect(await library.rescanFolder(photos)).toMatchObject({ updated: 1, missing: 0 });
    expect(library.getImage(dogId)).toMatchObject({ status: 'edited', altText: 'A brown dog asleep.' });
  });

  it('removes missing photos only when asked, and never one whose file is back', async () => {
    const { folderId, dogId, catId } = await addAndDescribe();
    renameSync(join(photos, 'dog.jpg'), join(trash, 'dog.jpg'));
    renameSync(join(photos, 'cat.jpg'), join(trash, 'cat.jpg'));
    expect(library.markGone({ files: [join(photos, 'dog.jpg')], folders: [photos] }).sort()).toEqual(
      [dogId, catId].sort(),
    );
    renameSync(join(trash, 'cat.jpg'), join(photos, 'cat.jpg'));

    expect(library.removeMissing({ imageIds: [catId] })).toEqual({ removed: 0 });
    expect(library.removeMissing({ folderId })).toEqual({ removed: 1 });
    expect(library.findImage(dogId)).toBeUndefined();
    expect(library.getImage(catId).status).toBe('missing');
    await library.rescanFolder(photos);
    expect(library.getImage(catId).status).toBe('pending');
    expect(library.folders()).toMatchObject([{ imageCount: 1, missingCount: 0 }]);
  });

  it('a scan of more photos than it looks at in one go marks each deleted one missing, wherever it was', async () => {
    const many = tempDir('many');
    // 1,100 photos: the scan looks at them in two chunks (1,000 and 100), in path order.
    const paths = await ensureSmallPhotos(many, 1100, 550);
    const { folderId } = await library.addFolder(many);
    const deleted = [0, 999, 1000, 1099].map((index) => paths[index] as string);
    for (const path of deleted) rmSync(path);

    expect(await library.rescanFolder(many)).toMatchObject({ found: 1096, added: 0, updated: 0, missing: 4 });
    const missing = library.search({ query: '', status: 'missing', folderId, offset: 0, limit: 10 }).images;
    expect(missing.map((image) => image.path)).toEqual(deleted);
    expect(await library.rescanFolder(many)).toMatchObject({ found: 1096, missing: 4 });
    expect(library.folders().find((folder) => folder.id === folderId)).toMatchObject({
      imageCount: 1100,
      missingCount: 4,
    });
  });
});

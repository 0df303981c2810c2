import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { Library, toMatchExpression } from './library.js';

let library: Library;
let first: number;
let second: number;
const names = (images: readonly { fileName: string }[]) => images.map((image) => image.fileName);

beforeAll(async () => {
  const photos = tempDir('listing');
  mkdirSync(join(photos, 'a'));
  mkdirSync(join(photos, 'b'));
  const colours = ['#101010', '#303030', '#505050', '#707070', '#909090'];
  for (const [index, colour] of colours.entries()) {
    await writeImage(join(photos, index < 3 ? 'a' : 'b', `${index}.jpg`), { color: colour });
  }
  library = Library.open(tempDir('listing-data'));
  library.settings.write({ captionOnAdd: false });
  first = (await library.addFolder(join(photos, 'a'))).folderId;
  second = (await library.addFolder(join(photos, 'b'))).folderId;
  const byName = (name: string) => library.listImages().images.find((image) => image.fileName === name);
  library.saveDescription(byName('1.jpg')?.id ?? -1, 'A dark grey square.');
  library.saveDescription(byName('4.jpg')?.id ?? -1, 'A light grey square.');
});

afterAll(() => library.close());

describe('listing the library a page at a time', () => {
  it('pages in path order and says how many there are in all', () => {
    expect(names(library.listImages().images)).toEqual(['0.jpg', '1.jpg', '2.jpg', '3.jpg', '4.jpg']);
    const page = library.listImages({ offset: 1, limit: 2 });
    expect(page.total).toBe(5);
    expect(names(page.images)).toEqual(['1.jpg', '2.jpg']);
    expect(library.listImages({ offset: 5, limit: 2 })).toEqual({ total: 5, images: [] });
  });

  it('filters by status and folder in the count as in the page; limit 0 counts only', () => {
    const described = library.listImages({ status: 'edited' });
    expect(described.total).toBe(2);
    expect(names(described.images)).toEqual(['1.jpg', '4.jpg']);
    expect(names(library.listImages({ folderId: second }).images)).toEqual(['3.jpg', '4.jpg']);
    const pending = library.listImages({ folderId: first, status: 'pending', limit: 0 });
    expect(pending).toEqual({ total: 2, images: [] });
  });

  it('iterates every matching image across pages, with the details a page row has', () => {
    expect(names([...library.eachImage({}, 2)])).toEqual(['0.jpg', '1.jpg', '2.jpg', '3.jpg', '4.jpg']);
    const described = [...library.eachImage({ status: 'edited' }, 1)];
    expect(described.map((image) => image.altText)).toEqual(['A dark grey square.', 'A light grey square.']);
    expect(names([...library.eachImage({ folderId: second }, 1)])).toEqual(['3.jpg', '4.jpg']);
  });

  it('lists the ids of a whole list in the order of its pages', () => {
    const ids = (images: readonly { id: number }[]) => images.map((image) => image.id);
    expect(library.imageIds()).toEqual(ids(library.listImages().images));
    expect(library.imageIds({ status: 'edited' })).toEqual(
      ids(library.listImages({ status: 'edited' }).images),
    );
    expect(library.imageIds({ folderId: second })).toEqual(
      ids(library.listImages({ folderId: second }).images),
    );
    const light = library.search({ query: 'light' }).images;
    expect(names(light)).toEqual(['4.jpg']);
    expect(library.imageIds({ match: toMatchExpression('light') })).toEqual(ids(light));
  });

  it('finds an image by its path', () => {
    const [image] = library.listImages({ offset: 2, limit: 1 }).images;
    expect(image && library.findImageByPath(image.path)?.id).toBe(image?.id);
    expect(library.findImageByPath('/nowhere/at/all.jpg')).toBeUndefined();
  });
});

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderNode } from '../../../contract/api.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { Library } from './library.js';

let library: Library;
let photos: string;
let other: string;
const names = (images: readonly { fileName: string }[]) => images.map((image) => image.fileName);

/** A tree as its names and counts only, e.g. `trip (3): [day 1 (2)]`. */
function outline(node: FolderNode): string {
  const below = node.subfolders.map(outline).join(', ');
  return `${node.name} (${node.photoCount})${below ? `: [${below}]` : ''}`;
}

beforeAll(async () => {
  photos = tempDir('tree');
  other = tempDir('tree-other');
  // Siblings whose names start like "trip" (and a name with LIKE's wildcards) must stay out of its filter.
  const files = [
    'top.jpg',
    'trip/a.jpg',
    'trip/day 1/b.jpg',
    'trip/day 1/c.jpg',
    'trip-old/d.jpg',
    'trip0/e.jpg',
    '100%_done/f.jpg',
    'deep/er/g.jpg',
  ];
  for (const [index, file] of files.entries()) {
    const path = join(photos, file);
    mkdirSync(dirname(path), { recursive: true });
    await writeImage(path, { color: `#${(index * 30).toString(16).padStart(2, '0')}4080` });
  }
  await writeImage(join(other, 'h.jpg'), { color: '#808080' });
  library = Library.open(tempDir('tree-data'));
  library.settings.write({ captionOnAdd: false });
  await library.addFolder(photos);
  await library.addFolder(other);
});

afterAll(() => library.close());

describe('the folder tree', () => {
  it('lists each folder with its subfolders, counting the photos in each and below', () => {
    const tree = library.folderTree();
    const expected = new Map([
      [
        photos,
        `${photos} (8): [100%_done (1), deep (1): [er (1)], trip (3): [day 1 (2)], trip-old (1), trip0 (1)]`,
      ],
      [other, `${other} (1)`],
    ]);
    // The library's folders in path order.
    expect(tree.map(outline)).toEqual([...expected.keys()].sort().map((path) => expected.get(path)));
    const trip = tree.find((root) => root.path === photos)?.subfolders[2];
    expect(trip?.subfolders[0]?.path).toBe(join(photos, 'trip', 'day 1'));
  });
});

describe('listing a folder and its subfolders', () => {
  const trip = () => join(photos, 'trip');

  it('holds the photos under the folder only, in the count as in the page', () => {
    expect(library.listImages({ folderPath: trip() })).toMatchObject({ total: 3 });
    expect(names(library.listImages({ folderPath: trip() }).images)).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    expect(names(library.listImages({ folderPath: trip() + '/' }).images)).toEqual([
      'a.jpg',
      'b.jpg',
      'c.jpg',
    ]);
    expect(names(library.listImages({ folderPath: join(photos, '100%_done') }).images)).toEqual(['f.jpg']);
    expect(library.listImages({ folderPath: join(photos, 'trip', 'day'), limit: 0 }).total).toBe(0);
    expect(library.listImages({ folderPath: photos, limit: 0 }).total).toBe(8);
  });

  it('combines with the status, the search words and the place of a photo in the list', () => {
    expect(library.listImages({ folderPath: trip(), status: 'pending' }).total).toBe(3);
    expect(library.listImages({ folderPath: trip(), status: 'edited' }).total).toBe(0);
    expect(names(library.search({ folderPath: photos, query: 'jpg' }).images)).toHaveLength(8);
    const [first, second] = library.listImages({ folderPath: trip() }).images;
    expect(library.neighbours(second?.id ?? -1, { folderPath: trip() })).toEqual({
      previousId: first?.id,
      nextId: expect.any(Number),
      position: 2,
      total: 3,
    });
    const outside = library.listImages({ folderPath: join(photos, 'trip0') }).images[0];
    expect(library.neighbours(outside?.id ?? -1, { folderPath: trip() }).position).toBeNull();
  });
});

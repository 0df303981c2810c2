import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/sample-images.js';
import { findImageFiles } from './walk.js';

describe('findImageFiles (a real folder tree)', () => {
  it('lists the image files at every depth, sorted, skipping hidden folders, other files and links', async () => {
    const root = tempDir('walk');
    for (const dir of ['a/deep/er', 'b', '.thumbnails', 'c/.git'])
      mkdirSync(join(root, dir), { recursive: true });
    for (const file of [
      'z.jpg',
      'a/deep/er/x.PNG',
      'a/y.heic',
      'b/notes.txt',
      '.thumbnails/t.jpg',
      'c/.git/g.jpg',
    ])
      writeFileSync(join(root, file), 'bytes');
    symlinkSync(root, join(root, 'b', 'loop')); // a link back to the root: not followed
    symlinkSync(join(root, 'z.jpg'), join(root, 'b', 'link.jpg'));

    expect(await findImageFiles(root)).toEqual(
      ['a/deep/er/x.PNG', 'a/y.heic', 'z.jpg'].map((file) => join(root, file)),
    );
  });

  it('fails for a root that is not there', async () => {
    await expect(findImageFiles(join(tempDir('walk'), 'nope'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/sample-images.js';
import { findImageFiles, walkFolder } from './walk.js';

describe('walkFolder (a real folder tree, real links)', () => {
  it('lists the image files at every depth, sorted, skipping hidden folders and other files', async () => {
    const root = realpathSync(tempDir('walk')); // reasons name real paths (a temp folder may be under a link)
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
    symlinkSync(root, join(root, 'b', 'loop'));
    symlinkSync(join(root, 'z.jpg'), join(root, 'b', 'link.jpg'));

    expect(await walkFolder(root)).toEqual({
      files: ['a/deep/er/x.PNG', 'a/y.heic', 'z.jpg'].map((file) => join(root, file)),
      skipped: [
        {
          path: join(root, 'b', 'link.jpg'),
          reason: `it is a link to ${join(root, 'z.jpg')}, which is in this folder already and listed there`,
        },
        {
          path: join(root, 'b', 'loop'),
          reason: `it is a link to ${root}, a folder it is in itself: following it would go round in a loop`,
        },
      ],
    });
    expect(await findImageFiles(root)).toEqual((await walkFolder(root)).files);
  });

  it('follows links to photos and folders elsewhere, lists them under the link, and says which links it did not follow', async () => {
    const root = realpathSync(tempDir('walk'));
    const elsewhere = realpathSync(tempDir('elsewhere'));
    for (const dir of ['A', 'B']) mkdirSync(join(elsewhere, dir));
    mkdirSync(join(root, 'sub'));
    for (const file of ['A/a.jpg', 'B/b.jpg', 'single.jpg', 'notes.txt'])
      writeFileSync(join(elsewhere, file), 'bytes');
    writeFileSync(join(root, 'sub', 'real.jpg'), 'bytes');
    const link = (target: string, path: string) => symlinkSync(target, path);
    link(join(elsewhere, 'A'), join(root, 'ext'));
    link(join(elsewhere, 'single.jpg'), join(root, 'photo.jpg'));
    link(join(elsewhere, 'nothing.jpg'), join(root, 'broken.jpg'));
    link(join(elsewhere, 'no folder'), join(root, 'Gone'));
    link(join(elsewhere, 'notes.txt'), join(root, 'notes.txt')); // not a photo: not told about
    link(join(elsewhere, 'A'), join(root, '.hidden')); // hidden: not followed, not told about
    link('self', join(root, 'self'));
    // A cycle between two folders elsewhere, a link to a folder above one, and links back into the library.
    link(join(elsewhere, 'B'), join(elsewhere, 'A', 'toB'));
    link(join(elsewhere, 'A'), join(elsewhere, 'B', 'toA'));
    link(elsewhere, join(elsewhere, 'A', 'up'));
    link(root, join(elsewhere, 'A', 'back'));
    link(join(root, 'sub'), join(elsewhere, 'A', 'into'));

    const { files, skipped } = await walkFolder(root);

    expect(files).toEqual(
      ['ext/a.jpg', 'ext/toB/b.jpg', 'photo.jpg', 'sub/real.jpg'].map((file) => join(root, file)),
    );
    const loop = (target: string) =>
      `it is a link to ${target}, a folder it is in itself: following it would go round in a loop`;
    expect(skipped).toEqual([
      {
        path: join(root, 'Gone'),
        reason: `it is a link to ${join(elsewhere, 'no folder')}, which does not exist: fix or remove the link`,
      },
      {
        path: join(root, 'broken.jpg'),
        reason: `it is a link to ${join(elsewhere, 'nothing.jpg')}, which does not exist: fix or remove the link`,
      },
      { path: join(root, 'ext', 'back'), reason: loop(root) },
      {
        path: join(root, 'ext', 'into'),
        reason: `it is a link to ${join(root, 'sub')}, which is in this folder already and listed there`,
      },
      { path: join(root, 'ext', 'toB', 'toA'), reason: loop(join(elsewhere, 'A')) },
      { path: join(root, 'ext', 'up'), reason: loop(elsewhere) },
      { path: join(root, 'self'), reason: 'it is a link that leads back to itself: fix or remove the link' },
    ]);
  });

  it('does not follow a link to a system folder (it holds no photos, and reading it would flood the library)', async () => {
    const root = realpathSync(tempDir('walk-system'));
    writeFileSync(join(root, 'real.jpg'), 'bytes');
    const system = realpathSync('/usr/share');
    symlinkSync(system, join(root, 'share'));

    const { files, skipped } = await walkFolder(root);

    expect(files).toEqual([join(root, 'real.jpg')]);
    expect(skipped).toEqual([
      {
        path: join(root, 'share'),
        reason: `it is a link to ${system}, a system folder (programs and the system's own files, not photos)`,
      },
    ]);
  });

  it('fails for a root that is not there', async () => {
    await expect(walkFolder(join(tempDir('walk'), 'nope'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

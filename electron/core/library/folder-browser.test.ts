import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browseFolder, MAX_LISTED_FOLDERS } from './folder-browser.js';

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'altlens-browse-'));
  for (const name of ['Holidays 10', 'holidays 9', 'Archive', '.cache']) mkdirSync(join(root, name));
  writeFileSync(join(root, 'photo.jpg'), 'not a folder');
  symlinkSync(join(root, 'Archive'), join(root, 'Linked archive'));
  symlinkSync(join(root, 'photo.jpg'), join(root, 'linked photo'));
  return root;
}

describe('the folder browser of browser mode', () => {
  it('lists the subfolders by name as a person reads them (numbers as numbers), links to folders too, no hidden ones or files', async () => {
    const root = tree();
    const listing = await browseFolder(root);
    expect(listing.folders.map((folder) => folder.name)).toEqual([
      'Archive',
      'holidays 9',
      'Holidays 10',
      'Linked archive',
    ]);
    expect(listing.folders[0]).toEqual({ name: 'Archive', path: join(root, 'Archive') });
    expect(listing).toMatchObject({ path: root, truncated: false, refused: null });
    expect(listing.parent).toBe(join(root, '..'));
  });

  it('starts at the home folder, and the top of the file system has no parent', async () => {
    expect((await browseFolder(null)).path).toBe(homedir());
    expect((await browseFolder('/')).parent).toBeNull();
  });

  it('says why a system folder cannot be added, while still listing it to walk through', async () => {
    const listing = await browseFolder('/usr');
    expect(listing.refused).toMatch(/\/usr is a system folder/);
    expect(listing.folders.length).toBeGreaterThan(0);
  });

  it('refuses a missing folder and a file in plain words', async () => {
    const root = tree();
    await expect(browseFolder(join(root, 'nowhere'))).rejects.toThrow(
      `There is no folder ${join(root, 'nowhere')}.`,
    );
    await expect(browseFolder(join(root, 'photo.jpg'))).rejects.toThrow('is a file, not a folder.');
  });

  it('lists at most MAX_LISTED_FOLDERS and says there are more', async () => {
    const root = mkdtempSync(join(tmpdir(), 'altlens-browse-many-'));
    for (let i = 0; i <= MAX_LISTED_FOLDERS; i += 1) mkdirSync(join(root, `f${i}`));
    const listing = await browseFolder(root);
    expect(listing.folders).toHaveLength(MAX_LISTED_FOLDERS);
    expect(listing.truncated).toBe(true);
  });
});

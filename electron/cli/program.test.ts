import { realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeImage } from '../core/testing/sample-images.js';
import { Library } from '../core/library/library.js';
import { buildProgram } from './program.js';

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const program = buildProgram({ out: (text) => (stdout += text), err: (text) => (stderr += text) });
  program.exitOverride();
  await program.parseAsync(['node', 'altlens', ...args]);
  return { stdout, stderr };
}

describe('altlens CLI', () => {
  it('adds a folder with progress on stderr, then lists {id, path, status, altText} as JSON', async () => {
    const photos = tempDir('cli-photos');
    const dataDir = tempDir('cli-data');
    await writeImage(join(photos, 'one.jpg'));
    await writeImage(join(photos, 'two.png'), { format: 'png' });
    writeFileSync(join(photos, 'broken.jpg'), 'nope');

    const added = await run('add', photos, '--data-dir', dataDir);
    expect(added.stdout).toMatch(/^Found 3 files: 3 added, 0 updated, 0 moved, 1 could not be read\.\n/);
    expect(added.stdout).toContain(`${join(photos, 'broken.jpg')}: Not an image AltLens can read`);
    expect(added.stderr).toContain('Scanning 3/3');

    const listed = await run('list', '--json', '--data-dir', dataDir);
    const rows = JSON.parse(listed.stdout) as unknown[];
    expect(rows).toEqual([
      { id: expect.any(Number), path: join(photos, 'broken.jpg'), status: 'failed', altText: null },
      { id: expect.any(Number), path: join(photos, 'one.jpg'), status: 'pending', altText: null },
      { id: expect.any(Number), path: join(photos, 'two.png'), status: 'pending', altText: null },
    ]);
    expect(listed.stderr).toBe('');
  });

  it('takes the library from ALTLENS_DATA_DIR when --data-dir is not given', async () => {
    const photos = tempDir('cli-env-photos');
    await writeImage(join(photos, 'x.webp'), { format: 'webp' });
    const dataDir = tempDir('cli-env-data');
    process.env.ALTLENS_DATA_DIR = dataDir;
    try {
      await run('add', photos);
      const { stdout } = await run('list', '--data-dir', dataDir);
      expect(stdout).toMatch(/^\d+\tpending\t.*x\.webp\t\n$/);
    } finally {
      delete process.env.ALTLENS_DATA_DIR;
    }
  });

  it('fails with a readable reason for a folder that does not exist', async () => {
    await expect(run('add', '/no/such/folder', '--data-dir', tempDir('cli-fail'))).rejects.toThrow(
      'The folder /no/such/folder does not exist or cannot be read.',
    );
  });

  it('says which links the scan of `add` did not follow, and why', async () => {
    const photos = realpathSync(tempDir('cli-links'));
    await writeImage(join(photos, 'one.jpg'));
    symlinkSync(photos, join(photos, 'loop'));
    symlinkSync(join(photos, 'gone.jpg'), join(photos, 'broken.jpg'));

    const { stdout } = await run('add', photos, '--data-dir', tempDir('cli-links-data'));

    expect(stdout).toBe(
      'Found 1 files: 1 added, 0 updated, 0 moved, 0 could not be read.\n' +
        'Links not followed: 2.\n' +
        `  ${join(photos, 'broken.jpg')}: it is a link to ${join(photos, 'gone.jpg')}, which does not exist: fix or remove the link\n` +
        `  ${join(photos, 'loop')}: it is a link to ${photos}, a folder it is in itself: following it would go round in a loop\n`,
    );
  });

  it('searches the library by words of the alt text and file names', async () => {
    const photos = tempDir('cli-search');
    const dataDir = tempDir('cli-search-data');
    await writeImage(join(photos, 'harbour.jpg'));
    await writeImage(join(photos, 'street.jpg'));
    await run('add', photos, '--data-dir', dataDir);
    const listed = JSON.parse((await run('list', '--json', '--data-dir', dataDir)).stdout) as {
      id: number;
      path: string;
    }[];
    const street = listed.find((row) => row.path.endsWith('street.jpg'));
    const library = Library.open(dataDir);
    library.saveDescription(street?.id ?? 0, 'A café on a busy street.');
    library.close();

    const found = (query: string[]) => run('search', ...query, '--json', '--data-dir', dataDir);
    expect(JSON.parse((await found(['cafe'])).stdout)).toEqual([
      {
        id: street?.id,
        path: join(photos, 'street.jpg'),
        status: 'edited',
        altText: 'A café on a busy street.',
      },
    ]);
    expect(JSON.parse((await found(['harb'])).stdout)).toHaveLength(1);
    expect(JSON.parse((await found(['nothing', 'here'])).stdout)).toEqual([]);
  });
});

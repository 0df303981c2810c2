import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../core/library/library.js';
import { tempDir, writeImage } from '../core/testing/sample-images.js';
import { buildProgram } from './program.js';

let stderr = '';

async function run(...args: string[]) {
  let stdout = '';
  stderr = '';
  const program = buildProgram({ out: (text) => (stdout += text), err: (text) => (stderr += text) });
  program.exitOverride();
  await program.parseAsync(['node', 'altlens', ...args]);
  return stdout;
}

describe('altlens write-approved, read, undo and export (real exiftool, real library)', () => {
  it('writes the approved alt text into the files, reads it back, exports it and undoes the write', async () => {
    const photos = tempDir('cli-write');
    const dataDir = tempDir('cli-write-data');
    await writeImage(join(photos, 'one.jpg'));
    await writeImage(join(photos, 'two.jpg'));
    const library = Library.open(dataDir);
    library.settings.write({ captionOnAdd: false });
    await library.addFolder(photos);
    const [one, two] = library.listImages().images;
    if (!one || !two) throw new Error('images missing');
    library.saveDescription(one.id, 'A red card.');
    library.approve(one.id);
    library.saveDescription(two.id, 'Not approved yet.');
    library.close();

    expect(await run('write-approved', '--data-dir', dataDir)).toBe('Written: 1, failed: 0.\n');
    expect(stderr).toBe('Written 1/1\n');
    const read = JSON.parse(await run('read', one.path, '--json')) as { altText: string | null };
    expect(read).toMatchObject({ path: one.path, altText: 'A red card.' });

    const csv = await run('export', '--format', 'csv', '--data-dir', dataDir);
    expect(csv.split('\r\n').slice(1, 3)).toEqual([
      `${one.path},A red card.,,false,written`,
      `${two.path},Not approved yet.,,false,edited`,
    ]);

    expect(await run('undo', one.path, '--data-dir', dataDir)).toBe(
      `Undone: ${one.path} has its previous metadata back.\n`,
    );
    expect(JSON.parse(await run('read', one.path, '--json'))).toMatchObject({ altText: null });
    const json = JSON.parse(await run('export', '--format', 'json', '--data-dir', dataDir)) as {
      status: string;
    }[];
    expect(json.map((row) => row.status)).toEqual(['approved', 'edited']);
  });
});

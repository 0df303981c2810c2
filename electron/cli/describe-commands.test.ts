import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../core/library/library.js';
import { tempDir, writeImage } from '../core/testing/sample-images.js';
import { altTextInFile, runCli } from './cli-test-run.js';

/** A library (captions off) of three photos made with sharp, in a temporary data dir. */
async function library() {
  const photos = tempDir('cli-describe');
  const dataDir = tempDir('cli-describe-data');
  const paths = {
    red: join(photos, 'red.jpg'),
    green: join(photos, 'green.jpg'),
    blue: join(photos, 'blue.png'),
  };
  await writeImage(paths.red, { color: '#c03030' });
  await writeImage(paths.green, { color: '#30c030' });
  await writeImage(paths.blue, { color: '#3030c0', format: 'png' });
  const opened = Library.open(dataDir);
  opened.settings.write({ captionOnAdd: false });
  await opened.addFolder(photos);
  opened.close();
  return { photos, dataDir, paths };
}

function imageAt(dataDir: string, path: string) {
  const opened = Library.open(dataDir);
  try {
    return opened.findImageByPath(path);
  } finally {
    opened.close();
  }
}

describe('altlens describe (real library)', () => {
  it("sets a person's description, as the review view's edit does, and approves it with --approve", async () => {
    const { dataDir, paths } = await library();
    const edited = await runCli('describe', paths.red, '--alt', ' A red card. ', '--data-dir', dataDir);
    expect(edited).toMatchObject({ error: null, stdout: `${paths.red}: edited, "A red card."\n` });
    expect(imageAt(dataDir, paths.red)).toMatchObject({
      status: 'edited',
      altText: 'A red card.',
      descriptionSource: 'human',
    });

    const approved = await runCli(
      'describe',
      paths.green,
      '--alt',
      'A green card.',
      '--ext-desc',
      'On a white table.',
      '--approve',
      '--json',
      '--data-dir',
      dataDir,
    );
    expect(approved.error).toBeNull();
    expect(JSON.parse(approved.stdout)).toEqual({
      id: expect.any(Number),
      path: paths.green,
      status: 'approved',
      altText: 'A green card.',
      extDescription: 'On a white table.',
    });
    expect(imageAt(dataDir, paths.green)).toMatchObject({ status: 'approved', descriptionSource: 'human' });
  });

  it('refuses a photo not in the library, and saves nothing when the text cannot be approved', async () => {
    const { dataDir, paths } = await library();
    const outside = join(tempDir('cli-describe-outside'), 'elsewhere.jpg');
    await writeImage(outside);
    const missing = await runCli('describe', outside, '--alt', 'A card.', '--data-dir', dataDir);
    expect(missing.error).toMatchObject({
      message: `${outside} is not in the library: add its folder first with "altlens add ${join(outside, '..')}".`,
    });
    const noLibrary = await runCli('describe', paths.red, '--alt', 'x', '--data-dir', tempDir('cli-empty'));
    expect(noLibrary.error).toMatchObject({
      message: expect.stringMatching(/is not in the library: add its folder/),
    });

    const tooLong = await runCli(
      'describe',
      paths.red,
      '--alt',
      'x'.repeat(251),
      '--approve',
      '--data-dir',
      dataDir,
    );
    expect(tooLong.error).toMatchObject({
      message: `${paths.red}: Alt text may be at most 250 characters; this one has 251.`,
    });
    expect(imageAt(dataDir, paths.red)).toMatchObject({ status: 'pending', altText: null });
  });
});

describe('altlens approve (real library, then written with real exiftool)', () => {
  it('approves the photos of a folder that have text, says which were skipped and why, and write-approved writes them', async () => {
    const { photos, dataDir, paths } = await library();
    await runCli('describe', paths.red, '--alt', 'A red card.', '--data-dir', dataDir);
    await runCli('describe', paths.green, '--alt', 'A green card.', '--approve', '--data-dir', dataDir);

    const approved = await runCli('approve', '--folder', photos, '--data-dir', dataDir);
    expect(approved.error).toBeNull();
    expect(approved.stdout).toBe('Approved 1 photo, skipped 2.\n');
    expect(approved.stderr).toBe(`  ${paths.blue}: no alt text\n  ${paths.green}: already approved\n`);
    expect(imageAt(dataDir, paths.red)?.status).toBe('approved');

    expect((await runCli('write-approved', '--data-dir', dataDir)).stdout).toBe('Written: 2, failed: 0.\n');
    expect(await altTextInFile(paths.red)).toBe('A red card.');
    expect(await altTextInFile(paths.green)).toBe('A green card.');
    expect(await altTextInFile(paths.blue)).toBeUndefined();
  });

  it('approves photos named one by one, and fails for a named photo that could not be approved', async () => {
    const { dataDir, paths } = await library();
    await runCli('describe', paths.red, '--alt', 'A red card.', '--data-dir', dataDir);
    await runCli('describe', paths.green, '--alt', 'A green card.', '--data-dir', dataDir);
    const both = await runCli('approve', paths.red, paths.green, '--json', '--data-dir', dataDir);
    expect(both.error).toBeNull();
    expect(JSON.parse(both.stdout)).toEqual({ approved: 2, skipped: [] });
    const again = await runCli('approve', paths.red, '--data-dir', dataDir);
    expect(again).toMatchObject({ error: null, stdout: 'Approved 0 photos, skipped 1.\n' });

    const outside = join(tempDir('cli-approve-outside'), 'x.jpg');
    const refused = await runCli('approve', paths.blue, outside, '--json', '--data-dir', dataDir);
    expect(JSON.parse(refused.stdout)).toEqual({
      approved: 0,
      skipped: [
        {
          path: outside,
          reason: `not in the library (add its folder first with "altlens add ${join(outside, '..')}")`,
        },
        { path: paths.blue, reason: 'no alt text' },
      ],
    });
    expect(refused.error).toMatchObject({ message: '2 of the 2 photo(s) named could not be approved.' });
    const nothing = await runCli('approve', '--data-dir', dataDir);
    expect(nothing.error).toMatchObject({
      message: 'Name the photos to approve, or a folder with --folder.',
    });
  });
});

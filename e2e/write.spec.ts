import type { ExifTool } from 'exiftool-vendored';
import type { Locator, Page } from '@playwright/test';
import { join } from 'node:path';
import { arrowTo, expectNoAxeViolations, tabTo } from './keyboard.js';
import { startServe, type ServeProcess } from './altlens-server.js';
import { addSampleLibrary, ALT_TEXT_TAG, altTextInFile, expect, test } from './fixtures.js';
import { makePhotoFolder, tempDir } from './photos.js';

const OLD_ALT_TEXT = 'Old alt text from another app.';
const OLD_DESCRIPTION = 'Holiday 2019';

let server: ServeProcess;

test.afterEach(async () => {
  await server.stop();
});

/** A photo that already holds alt text, and a description that says something else. */
async function addTaggedPhoto(exiftool: ExifTool, folder: string): Promise<string> {
  const path = join(folder, 'kite.jpg');
  const sharp = (await import('sharp')).default;
  await sharp({ create: { width: 320, height: 240, channels: 3, background: '#c02020' } }).toFile(path);
  await exiftool.write(
    path,
    {},
    {
      writeArgs: [
        `-${ALT_TEXT_TAG}=${OLD_ALT_TEXT}`,
        `-XMP-dc:Description=${OLD_DESCRIPTION}`,
        '-overwrite_original',
      ],
    },
  );
  return path;
}

async function press(page: Page, target: Locator): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press('Enter');
}

async function openPhoto(page: Page, fileName: string): Promise<void> {
  const grid = page.getByRole('grid', { name: 'Photos' });
  await tabTo(page, grid.getByRole('row').first(), 'Tab', 40);
  await arrowTo(page, fileName);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: fileName })).toBeFocused();
}

test('approve alt text, write it into the file, read it back with exiftool and undo — keyboard only', async ({
  page,
  exiftool,
}) => {
  test.setTimeout(120_000);
  const photos = await makePhotoFolder();
  const kite = await addTaggedPhoto(exiftool, photos);
  const harbour = join(photos, 'harbour.jpg');
  expect(await altTextInFile(exiftool, harbour)).toBeUndefined();
  expect(await altTextInFile(exiftool, kite)).toBe(OLD_ALT_TEXT);

  server = await startServe(tempDir('data'));
  await page.goto(server.url);
  await tabTo(page, page.getByRole('textbox', { name: 'Folder path' }));
  await page.keyboard.type(photos);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: /Scan finished/ })).toContainText('5 added');

  // A photo with no alt text in its file.
  await openPhoto(page, 'harbour.jpg');
  const description = page.getByRole('textbox', { name: 'Description (alt text)' });
  const found = page.getByRole('region', { name: 'Found in the file' });
  await expect(found).toContainText("Nothing was found in the file's metadata when it was scanned.");
  // Nothing typed yet, nothing tried: no error.
  await expect(description).not.toHaveAccessibleDescription(/Write alt text/);

  // Empty alt text is not approved: the reason is said, and the person is back in the field.
  const approve = page.getByRole('button', { name: 'Approve', exact: true });
  await press(page, approve);
  await expect(page.getByRole('alert').filter({ hasText: 'Not approved:' })).toHaveText(
    'Not approved: Write alt text, or mark the photo as decorative.',
  );
  await expect(description).toBeFocused();
  await expect(description).toHaveAttribute('aria-invalid', 'true');
  await expect(description).toHaveAccessibleDescription(/Write alt text, or mark the photo as decorative\./);

  // Hints follow the text, and are spoken once typing pauses.
  await page.keyboard.type('Photo of boats moored in a calm blue harbour.');
  const hint = 'Screen readers already say it is an image: leave out “Photo of”.';
  await expect(description).toHaveAccessibleDescription(new RegExp(`Warning: ${hint}`));
  await expect(page.locator('[aria-live="polite"]').filter({ hasText: hint })).toHaveText(
    `Length: 45 characters. Warning: ${hint}`,
  );
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Boats moored in a calm blue harbour.');
  await expect(page.locator('[aria-live="polite"]').filter({ hasText: 'No more hints.' })).toHaveText(
    'Length: 36 characters. No more hints.',
  );
  await expect(description).not.toHaveAccessibleDescription(/Warning/);

  await press(page, approve);
  await expect(page.getByRole('status').filter({ hasText: 'approved' })).toHaveText(
    'Description saved and approved. It can now be written to the file.',
  );
  await expect(page.getByRole('definition').filter({ hasText: /^approved$/ })).toBeVisible();

  const writeRegion = page.getByRole('region', { name: 'Alt text in the file' });
  await press(page, writeRegion.getByRole('button', { name: 'Write to file' }));
  await expect(writeRegion.getByRole('status').filter({ hasText: 'Written to' })).toHaveText(
    new RegExp(`^Written to ${harbour.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} at .+\\.$`),
    { timeout: 30_000 },
  );
  await expect(page.getByRole('definition').filter({ hasText: /^written to file$/ })).toBeVisible();
  // Focus was on "Write to file", which has gone: it is kept in the panel, never dropped to the page.
  await expect(page.locator('body')).not.toBeFocused();
  expect(await altTextInFile(exiftool, harbour)).toBe('Boats moored in a calm blue harbour.');

  await press(page, writeRegion.getByRole('button', { name: 'Undo last write' }));
  await expect(writeRegion.getByRole('status').filter({ hasText: 'back in the file' })).toHaveText(
    'The previous alt text is back in the file.',
  );
  await expect(writeRegion.getByRole('button', { name: 'Undo last write' })).toHaveCount(0);
  expect(await altTextInFile(exiftool, harbour)).toBeUndefined();

  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'harbour.jpg' })).toBeHidden();

  // A photo whose file already held alt text: it is imported, shown with where it came from.
  await openPhoto(page, 'kite.jpg');
  await expect(description).toHaveValue(OLD_ALT_TEXT);
  await expect(found).toContainText('2 values were found in the file.');
  await expect(found).toContainText('They disagree with each other');
  const values = found.getByRole('listitem');
  await expect(values).toHaveCount(2);
  await expect(values.filter({ hasText: OLD_ALT_TEXT })).toContainText(
    `Alt text (XMP-iptcCore:AltTextAccessibility), language x-default, from ${kite}`,
  );
  await expect(values.filter({ hasText: OLD_ALT_TEXT })).toContainText('Same as the description.');
  await expect(values.filter({ hasText: OLD_DESCRIPTION })).toContainText('Differs from the description.');

  // A hint that only warns does not stop approving.
  await tabTo(page, description);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Photo of a red kite against a red sky.');
  await expect(page.getByRole('listitem').filter({ hasText: 'leave out “Photo of”' })).toBeVisible();
  await press(page, approve);
  await expect(page.getByRole('definition').filter({ hasText: /^approved$/ })).toBeVisible();
  await press(page, writeRegion.getByRole('button', { name: 'Write to file' }));
  await expect(writeRegion.getByRole('status').filter({ hasText: 'Written to' })).toContainText(kite, {
    timeout: 30_000,
  });
  expect(await altTextInFile(exiftool, kite)).toBe('Photo of a red kite against a red sky.');

  // Hints, a write outcome and the found-in-file list, all on the page at once.
  await expect(found.getByRole('listitem')).toHaveCount(2);
  await expectNoAxeViolations(page);

  await press(page, writeRegion.getByRole('button', { name: 'Undo last write' }));
  await expect(writeRegion.getByRole('status').filter({ hasText: 'back in the file' })).toBeVisible();
  expect(await altTextInFile(exiftool, kite)).toBe(OLD_ALT_TEXT);
});

test('per-folder write settings, then "Write all approved" with progress — keyboard only', async ({
  page,
  exiftool,
}) => {
  test.setTimeout(120_000);
  server = await startServe(tempDir('data'));
  const photos = await addSampleLibrary(server, {
    'harbour.jpg': 'Boats in a blue harbour.',
    'meadow.png': 'A green meadow.',
  });
  await server.call('descriptions.approveMany', { filter: { status: 'edited' } });

  await page.goto(server.url);
  const writePanel = page.getByRole('region', { name: 'Write alt text to files' });
  await expect(writePanel).toContainText('2 approved photos are ready to be written into their files.');

  // This folder's alt text goes into darktable-style sidecars.
  const settingsLink = page.getByRole('link', { name: 'Settings' });
  await press(page, settingsLink);
  await expect(page.getByRole('heading', { name: 'Settings', level: 2 })).toBeFocused();
  const folder = page.getByRole('group', { name: photos });
  const where = folder.getByRole('radiogroup', { name: 'Where to write' });
  await expect(where.getByRole('radio', { name: 'In the file where possible (auto)' })).toBeChecked();
  await tabTo(page, where.getByRole('radio', { name: 'In the file where possible (auto)' }), 'Tab', 60);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(where.getByRole('radio', { name: 'In a sidecar file' })).toBeChecked();
  const saved = page.getByRole('status').filter({ hasText: 'Write settings saved.' });
  await expect(saved).toBeVisible();
  const naming = folder.getByRole('radiogroup', { name: 'Sidecar name' });
  await tabTo(page, naming.getByRole('radio', { name: 'photo.xmp — Lightroom, Capture One' }));
  await page.keyboard.press('ArrowDown');
  await expect(naming.getByRole('radio', { name: 'photo.jpg.xmp — darktable, digiKam' })).toBeChecked();
  const descriptionFields = folder.getByRole('checkbox', {
    name: 'Also write the description fields (dc:description, EXIF, IPTC)',
  });
  await tabTo(page, descriptionFields);
  await page.keyboard.press('Space');
  await expect(descriptionFields).toBeChecked();
  await expect(saved).toBeVisible();
  await expectNoAxeViolations(page);

  // Saved in the core, not only on the page.
  const folders = await server.call('folders.list', {});
  expect(folders[0]?.writeSettings).toEqual({
    target: 'sidecar',
    sidecarNaming: 'ext',
    descriptionFields: true,
  });

  await press(page, page.getByRole('link', { name: 'Library' }));
  await press(page, writePanel.getByRole('button', { name: 'Write all approved' }));
  await expect(writePanel.getByRole('status').filter({ hasText: 'Written:' })).toHaveText(
    'Written: 2, failed: 0.',
    {
      timeout: 30_000,
    },
  );
  await expect(writePanel.getByRole('progressbar', { name: 'Writing alt text' })).toHaveAttribute(
    'aria-valuetext',
    '2 of 2 photos',
  );
  const grid = page.getByRole('grid', { name: 'Photos' });
  await expect(grid.getByRole('row', { name: /^harbour\.jpg, written to file\b/ })).toBeVisible();
  await expect(grid.getByRole('row', { name: /^meadow\.png, written to file\b/ })).toBeVisible();
  await expectNoAxeViolations(page);

  // In sidecars named photo.jpg.xmp; the photos themselves are untouched.
  expect(await altTextInFile(exiftool, join(photos, 'harbour.jpg.xmp'))).toBe('Boats in a blue harbour.');
  expect(await altTextInFile(exiftool, join(photos, 'meadow.png.xmp'))).toBe('A green meadow.');
  expect(await altTextInFile(exiftool, join(photos, 'harbour.jpg'))).toBeUndefined();
});

import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../../contract/api.js';
import { writeTinyCaptioner } from '../../../models/test-model/tiny-captioner.js';
import { openCore, type Core } from '../app-core.js';
import { MetadataRepository } from '../metadata/metadata-repository.js';
import { copyWithoutPreview, writeFileWithPreview } from '../testing/embedded-previews.js';
import { tempDir } from '../testing/sample-images.js';
import { withinBound } from '../testing/within-bound.js';
import { Library } from './library.js';

let core: Core;
let photos: string;

beforeAll(async () => {
  const modelDir = join(tempDir('raw-model'), 'tiny');
  await writeTinyCaptioner(modelDir);
  photos = tempDir('raw-photos');
  // A portrait photo from a Canon (turned by its orientation tag), a Nikon's and a DNG's full-size JPEG,
  // an iPhone-style HEIC (no HEVC decoder here) with an EXIF thumbnail, and a raw file with no preview.
  await writeFileWithPreview('CanonRaw.cr2', photos, {
    previews: [{ tag: 'PreviewImage', width: 600, height: 400, color: '#c02020' }],
    orientation: 6,
  });
  await writeFileWithPreview('Nikon.nef', photos, {
    previews: [{ tag: 'JpgFromRaw', width: 640, height: 480, color: '#20b030' }],
  });
  await writeFileWithPreview('DNG.dng', photos, {
    previews: [{ tag: 'PreviewImage', width: 400, height: 300, color: '#2040d0' }],
  });
  await writeFileWithPreview('QuickTime.heic', photos, {
    previews: [{ tag: 'ThumbnailImage', width: 160, height: 120, color: '#2040d0' }],
  });
  copyWithoutPreview('CanonRaw.cr2', photos, 'no-preview.cr2');
  core = openCore({ dataDir: tempDir('raw-data'), overrides: { model: modelDir, device: 'cpu', ocr: true } });
});

afterAll(() => core.close());

/** The folder's images once every readable one has its caption (pushed events, no polling). */
async function captioned(count: number): Promise<ImageSummary[]> {
  const images = () => core.library.listImages({ folderPath: photos }).images;
  let unsubscribe = (): unknown => undefined;
  const done = new Promise<ImageSummary[]>((resolve) => {
    const check = () => {
      const now = images();
      const ended = (image: ImageSummary) => image.error !== null || image.captionJob?.state === 'done';
      if (now.length === count && now.every(ended)) resolve(now);
    };
    unsubscribe = core.library.events.subscribe(check);
    check();
  });
  try {
    return await withinBound(done, 60_000, 'captioning the raw files');
  } finally {
    unsubscribe();
  }
}

describe('camera raw and HEIC files through their embedded previews (real exiftool, sharp, engine, OCR)', () => {
  it('get thumbnails and captions from the preview, upright; one without a preview gets a plain reason', async () => {
    await core.library.addFolder(photos);
    const images = new Map((await captioned(5)).map((image) => [image.fileName, image]));
    expect(images.get('CanonRaw.cr2')).toMatchObject({
      altText: 'A red photo.',
      hasThumbnail: true,
      width: 400,
      height: 600,
      error: null,
    });
    expect(images.get('Nikon.nef')).toMatchObject({ altText: 'A green photo.', width: 640, height: 480 });
    expect(images.get('DNG.dng')).toMatchObject({ altText: 'A blue photo.', width: 400, height: 300 });
    expect(images.get('QuickTime.heic')).toMatchObject({ altText: 'A blue photo.', hasThumbnail: true });
    expect(images.get('no-preview.cr2')).toMatchObject({
      status: 'failed',
      hasThumbnail: false,
      error: expect.stringMatching(/^The camera raw file no-preview\.cr2 has no embedded preview/),
    });

    const cr2 = images.get('CanonRaw.cr2');
    if (!cr2) throw new Error('no CR2');
    expect(core.library.getImage(cr2.id).fromEmbeddedPreview).toBe(true);
    // The grid's thumbnail and the review's image are the preview, turned upright.
    const thumbnail = await sharp(await core.library.mediaPath('thumbnail', cr2.id)).metadata();
    expect([thumbnail.width, thumbnail.height]).toEqual([213, 320]);
    const preview = await sharp(await core.library.mediaPath('preview', cr2.id)).metadata();
    expect([preview.width, preview.height]).toEqual([400, 600]);
  });

  it('fails a caption asked for a raw file without a preview with the same reason', async () => {
    const id = core.library.findImageByPath(join(photos, 'no-preview.cr2'))?.id;
    if (id === undefined) throw new Error('not indexed');
    let unsubscribe = (): unknown => undefined;
    const failed = new Promise<string | null>((resolve) => {
      const check = () => {
        const job = core.library.getImage(id).captionJob;
        if (job?.state === 'failed') resolve(job.error);
      };
      unsubscribe = core.library.events.subscribe(check);
    });
    core.captions.queue([id], true);
    try {
      expect(await withinBound(failed, 60_000, 'the caption of the raw file without a preview')).toMatch(
        /^The camera raw file no-preview\.cr2 has no embedded preview/,
      );
    } finally {
      unsubscribe();
    }
  });

  it('gives a raw file indexed without previews (an older AltLens) its thumbnail at the next scan', async () => {
    const dir = tempDir('raw-upgrade');
    const cr2 = await writeFileWithPreview('CanonRaw.cr2', dir, { previews: [{ tag: 'PreviewImage' }] });
    const dataDir = tempDir('raw-upgrade-data');
    const before = Library.open(dataDir);
    try {
      await before.addFolder(dir);
      expect(before.findImageByPath(cr2)).toMatchObject({ hasThumbnail: false, error: null });
    } finally {
      before.close();
    }
    const metadata = new MetadataRepository();
    const after = Library.open(dataDir, { metadata, previews: metadata });
    try {
      await after.rescanFolder(dir);
      expect(after.findImageByPath(cr2)).toMatchObject({ hasThumbnail: true, width: 300, height: 200 });
    } finally {
      after.close();
      await metadata.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../../contract/api';
import { appendPage } from './image-pages';

function image(id: number): ImageSummary {
  return {
    id,
    path: `/photos/${id}.jpg`,
    fileName: `${id}.jpg`,
    format: 'jpeg',
    width: 64,
    height: 48,
    status: 'pending',
    altText: null,
    error: null,
    hasThumbnail: true,
    captionJob: null,
    writeJob: null,
    decorative: false,
  };
}
const ids = (images: readonly ImageSummary[]) => images.map((one) => one.id);

describe('appendPage', () => {
  it('starts over at offset 0 and appends later pages after the photos before them', () => {
    const first = appendPage(null, 0, { total: 5, images: [image(1), image(2)] });
    const second = appendPage(first, 2, { total: 5, images: [image(3), image(4)] });
    expect(ids(second.images)).toEqual([1, 2, 3, 4]);
    expect(second.total).toBe(5);
    expect(ids(appendPage(second, 0, { total: 1, images: [image(9)] }).images)).toEqual([9]);
  });

  it('replaces what came after the offset and never lists a photo twice', () => {
    const loaded = { total: 4, images: [image(1), image(2), image(3), image(4)] };
    // A photo was added before the third: the page from offset 2 repeats the second and moves the rest on.
    const next = appendPage(loaded, 2, { total: 5, images: [image(2), image(7), image(3)] });
    expect(ids(next.images)).toEqual([1, 2, 7, 3]);
    expect(next.total).toBe(5);
  });
});

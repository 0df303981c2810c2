import { describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../../contract/api';
import { gridItems, PAGE_SIZE, pageOf, withPage, type ImagePages } from './image-pages';

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
/** A full page of photos whose ids are their places in the list, plus `shift`. */
function page(number: number, shift = 0): ImageSummary[] {
  return Array.from({ length: PAGE_SIZE }, (_, i) => image(number * PAGE_SIZE + i + 1 + shift));
}
const none: ImagePages = { total: 0, pages: new Map() };

describe('withPage', () => {
  it('adds the page and its total, and drops the oldest pages out of view beyond those kept', () => {
    let loaded = withPage(none, 0, page(0), 1000, new Set(), 2);
    loaded = withPage(loaded, 3, page(3), 1000, new Set([0]), 2);
    loaded = withPage(loaded, 4, page(4), 1000, new Set([0]), 2);
    // Page 0 is in view, so page 3 (the oldest out of view) goes.
    expect([...loaded.pages.keys()]).toEqual([0, 4]);
    expect(loaded.total).toBe(1000);
    loaded = withPage(loaded, 0, page(0, 1), 1001, new Set(), 2);
    expect([...loaded.pages.keys()]).toEqual([4, 0]);
    expect(loaded.pages.get(0)?.[0]?.id).toBe(2);
    expect(loaded.total).toBe(1001);
  });
});

describe('gridItems', () => {
  it('has a card for every photo of the list: the loaded photos, and slots where pages have not arrived', () => {
    const loaded = withPage(none, 2, page(2), 2 * PAGE_SIZE + 50, new Set(), 5);
    const items = gridItems([], loaded, null);
    expect(items).toHaveLength(2 * PAGE_SIZE + 50);
    expect(items[0]).toEqual({ id: 'slot-0', index: 0, image: null, current: false });
    expect(items[2 * PAGE_SIZE]).toMatchObject({
      id: 2 * PAGE_SIZE + 1,
      index: 2 * PAGE_SIZE,
      current: false,
    });
    expect(items.at(-1)).toMatchObject({ id: 2 * PAGE_SIZE + 50, index: 2 * PAGE_SIZE + 49 });
    expect(pageOf(2 * PAGE_SIZE + 49)).toBe(2);
  });

  it('keeps the cards that did not change, and makes new ones for those that did', () => {
    const first = withPage(none, 0, page(0), 2 * PAGE_SIZE, new Set(), 5);
    const before = gridItems([], first, null);
    const second = withPage(first, 1, page(1), 2 * PAGE_SIZE, new Set(), 5);
    const after = gridItems(before, second, 3);
    expect(after[0]).toBe(before[0]);
    expect(after[2]).not.toBe(before[2]);
    expect(after[2]).toMatchObject({ id: 3, current: true });
    expect(after[PAGE_SIZE]).toMatchObject({
      id: PAGE_SIZE + 1,
      image: { fileName: `${PAGE_SIZE + 1}.jpg` },
    });
    expect(gridItems(after, second, 3)[PAGE_SIZE + 7]).toBe(after[PAGE_SIZE + 7]);
  });

  it('shows a photo listed twice (the library changed between two pages) once, so every key is unique', () => {
    // A photo was added at the start after page 0 arrived: page 1 begins with page 0's last photo.
    const first = withPage(none, 0, page(0), 2 * PAGE_SIZE + 1, new Set(), 5);
    const both = withPage(first, 1, page(1, -1), 2 * PAGE_SIZE + 1, new Set(), 5);
    const items = gridItems([], both, null);
    expect(items[PAGE_SIZE]).toMatchObject({ id: `slot-${PAGE_SIZE}`, image: null });
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
  });
});

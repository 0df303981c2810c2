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
/** A list of `total` photos whose ids are their places in the list plus one, none of their pages loaded. */
function list(total: number): ImagePages {
  return { ids: Array.from({ length: total }, (_, i) => i + 1), pages: new Map() };
}

describe('withPage', () => {
  it('adds the page, and drops the oldest pages out of view beyond those kept', () => {
    let loaded = withPage(list(1000), 0, page(0), new Set(), 2);
    loaded = withPage(loaded, 3, page(3), new Set([0]), 2);
    loaded = withPage(loaded, 4, page(4), new Set([0]), 2);
    // Page 0 is in view, so page 3 (the oldest out of view) goes.
    expect([...loaded.pages.keys()]).toEqual([0, 4]);
    expect(loaded.ids).toHaveLength(1000);
    loaded = withPage(loaded, 0, page(0, 1), new Set(), 2);
    expect([...loaded.pages.keys()]).toEqual([4, 0]);
    expect(loaded.pages.get(0)?.[0]?.id).toBe(2);
  });
});

describe('gridItems', () => {
  it('has a card keyed by id for every photo of the list, its summary null until its page arrives', () => {
    const loaded = withPage(list(2 * PAGE_SIZE + 50), 2, page(2), new Set(), 5);
    const items = gridItems([], loaded, null);
    expect(items).toHaveLength(2 * PAGE_SIZE + 50);
    expect(items[0]).toEqual({ id: 1, index: 0, image: null, current: false });
    expect(items[2 * PAGE_SIZE]).toMatchObject({
      id: 2 * PAGE_SIZE + 1,
      index: 2 * PAGE_SIZE,
      image: { fileName: `${2 * PAGE_SIZE + 1}.jpg` },
      current: false,
    });
    expect(items.at(-1)).toMatchObject({ id: 2 * PAGE_SIZE + 50, index: 2 * PAGE_SIZE + 49 });
    expect(pageOf(2 * PAGE_SIZE + 49)).toBe(2);
  });

  it('keeps the cards that did not change, and fills summaries in without changing keys', () => {
    const first = withPage(list(2 * PAGE_SIZE), 0, page(0), new Set(), 5);
    const before = gridItems([], first, null);
    const second = withPage(first, 1, page(1), new Set(), 5);
    const after = gridItems(before, second, 3);
    expect(after[0]).toBe(before[0]);
    expect(after[2]).not.toBe(before[2]);
    expect(after[2]).toMatchObject({ id: 3, current: true });
    expect(before[PAGE_SIZE]).toMatchObject({ id: PAGE_SIZE + 1, image: null });
    expect(after[PAGE_SIZE]).toMatchObject({
      id: PAGE_SIZE + 1,
      image: { fileName: `${PAGE_SIZE + 1}.jpg` },
    });
    expect(after.map((item) => item.id)).toEqual(before.map((item) => item.id));
    expect(gridItems(after, second, 3)[PAGE_SIZE + 7]).toBe(after[PAGE_SIZE + 7]);
  });

  it('shows each photo at its place in the ids, even from a page loaded before the list changed', () => {
    // A photo was added at the start after page 0 arrived: every photo of page 0 moved one place on.
    const loaded = withPage({ ids: [0, ...list(PAGE_SIZE).ids], pages: new Map() }, 0, page(0), new Set(), 5);
    const items = gridItems([], loaded, null);
    expect(items[0]).toMatchObject({ id: 0, image: null });
    expect(items[1]).toMatchObject({ id: 1, index: 1, image: { fileName: '1.jpg' } });
    expect(items.at(-1)).toMatchObject({ id: PAGE_SIZE, image: { fileName: `${PAGE_SIZE}.jpg` } });
  });
});

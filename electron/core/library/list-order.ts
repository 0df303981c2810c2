import type { ImageSort } from '../../../contract/api.js';

/** The order of a listing (contract ImageSort); `descending` reverses all of it, tie-break included. */
export interface ListOrder {
  readonly sort: ImageSort;
  readonly descending: boolean;
}

/** The library's order when none is asked for: by path (folder, then file name). */
export const PATH_ORDER: ListOrder = { sort: 'name', descending: false };

/**
 * Each order's key, over images `i` (and descriptions `d` for status), followed in every order by the id:
 * a key two photos share (a date, a status) never leaves their order to chance, so a page boundary between
 * them neither repeats nor skips one. Ids only grow as photos are added (SQLite gives a new row one more
 * than the largest), so the id alone is the order of adding, exactly (the clock behind `added_at` can go
 * back). Name, date taken and added are read from an index (the path's, images_taken's, the table itself);
 * status spans two tables, and is sorted.
 */
const KEYS: Record<ImageSort, string | null> = {
  name: 'i.path',
  // The expression of the images_taken index (migration 12), written the same way so SQLite uses it.
  taken: 'COALESCE(i.taken_at, i.mtime_ms)',
  // The order of the collections in the sidebar: the way a photo moves through them.
  status: `(CASE WHEN i.missing_since IS NOT NULL THEN 6 WHEN i.error IS NOT NULL THEN 5
    ELSE CASE d.status WHEN 'needs-review' THEN 1 WHEN 'edited' THEN 2 WHEN 'approved' THEN 3
      WHEN 'written' THEN 4 ELSE 0 END END)`,
  added: null,
};

/** Whether the order's key reads the descriptions table. */
export function readsDescriptions(order: ListOrder): boolean {
  return order.sort === 'status';
}

/** The ORDER BY terms of an order (without the keywords). */
export function orderBySql(order: ListOrder): string {
  const direction = order.descending ? 'DESC' : 'ASC';
  const key = KEYS[order.sort];
  return key === null ? `i.id ${direction}` : `${key} ${direction}, i.id ${direction}`;
}

/** The order reversed: the photos before one, nearest first. */
export function reversed(order: ListOrder): ListOrder {
  return { ...order, descending: !order.descending };
}

/** An image's key in this order, as a column `sort_key` (null for the id-only order). */
export function sortKeySql(order: ListOrder): string {
  return `${KEYS[order.sort] ?? 'NULL'} AS sort_key`;
}

/**
 * The condition that a row comes after (`after`) or before the photo whose key is `@sortKey` and id `@id`,
 * in this order: a row-value comparison, which SQLite answers from the order's index.
 */
export function comesSql(order: ListOrder, side: 'before' | 'after'): string {
  const greater = (side === 'after') !== order.descending;
  const op = greater ? '>' : '<';
  const key = KEYS[order.sort];
  return key === null ? `i.id ${op} @id` : `(${key}, i.id) ${op} (@sortKey, @id)`;
}

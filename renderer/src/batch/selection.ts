import type { Selection as GridSelection } from 'react-aria-components';
import type { Selection } from '../../../contract/api';
import { toImageFilter, type SearchFilters } from '../library/useSearch';

/**
 * The photos a person selected in the grid: some of them (by id), or every photo the library's search and
 * filters hold, loaded or not ("Select all N matching").
 */
export type BatchSelection = { kind: 'some'; ids: ReadonlySet<number> } | { kind: 'all-matching' };

export const noSelection: BatchSelection = { kind: 'some', ids: new Set() };

/** How many photos are selected, out of `total` matching. */
export function selectedCount(selection: BatchSelection, total: number): number {
  return selection.kind === 'all-matching' ? total : selection.ids.size;
}

/** The grid's selected keys: every item (loaded now or later) for all-matching. */
export function toGridKeys(selection: BatchSelection): GridSelection {
  return selection.kind === 'all-matching' ? 'all' : new Set(selection.ids);
}

/**
 * The grid's new selection. Its "all" (Ctrl+A) means the photos loaded so far, so it becomes their ids;
 * it stays all-matching when that was already chosen.
 */
export function fromGridKeys(
  keys: GridSelection,
  loadedIds: readonly number[],
  current: BatchSelection,
): BatchSelection {
  if (keys === 'all')
    return current.kind === 'all-matching' ? current : { kind: 'some', ids: new Set(loadedIds) };
  return { kind: 'some', ids: new Set([...keys].map(Number)) };
}

/** The selection as the core's batch calls take it. */
export function toApiSelection(selection: BatchSelection, filters: SearchFilters): Selection {
  return selection.kind === 'all-matching'
    ? { filter: toImageFilter(filters) }
    : { imageIds: [...selection.ids] };
}

import { describe, expect, it } from 'vitest';
import { noFilters } from '../library/useSearch';
import { fromGridKeys, noSelection, selectedCount, toApiSelection, toGridKeys } from './selection';

describe('batch selection', () => {
  it('keeps ids the grid selected, and turns its "all" (Ctrl+A) into the loaded photos', () => {
    const some = fromGridKeys(new Set([3, 5]), [1, 3, 5], noSelection);
    expect(some).toEqual({ kind: 'some', ids: new Set([3, 5]) });
    expect(selectedCount(some, 340)).toBe(2);
    expect(fromGridKeys('all', [1, 3, 5], some)).toEqual({ kind: 'some', ids: new Set([1, 3, 5]) });
  });

  it('selects every matching photo, loaded or not, as the filter itself', () => {
    const all = { kind: 'all-matching' } as const;
    expect(selectedCount(all, 340)).toBe(340);
    expect(toGridKeys(all)).toBe('all');
    expect(fromGridKeys('all', [1, 2], all)).toBe(all);
    expect(toApiSelection(all, { ...noFilters, query: ' boat ', status: 'edited' })).toEqual({
      filter: { query: 'boat', status: 'edited' },
    });
    expect(toApiSelection({ kind: 'some', ids: new Set([4, 2]) }, noFilters)).toEqual({ imageIds: [4, 2] });
  });
});

import { describe, expect, it } from 'vitest';
import { noFilters, toImageFilter } from './useSearch';

describe('toImageFilter: the filters and the order as the core takes them', () => {
  it('sends the order only when one is chosen, so the default stays the path order', () => {
    expect(toImageFilter(noFilters)).toEqual({ query: '' });
    expect(toImageFilter({ ...noFilters, sort: 'taken' })).toEqual({
      query: '',
      sort: 'taken',
      descending: false,
    });
    expect(toImageFilter({ ...noFilters, query: ' boat ', descending: true, folderPath: '/p' })).toEqual({
      query: 'boat',
      folderPath: '/p',
      sort: 'name',
      descending: true,
    });
  });
});

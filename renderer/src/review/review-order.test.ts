import { describe, expect, it } from 'vitest';
import { noFilters } from '../library/useSearch';
import { placeText } from './review-order';

describe('placeText', () => {
  const place = { previousId: 1, nextId: 3, position: 12, total: 340 };

  it('says where the photo is in the library, or in the search results or filtered photos', () => {
    expect(placeText(place, noFilters)).toBe('Photo 12 of 340');
    expect(placeText(place, { ...noFilters, query: 'boat' })).toBe('Photo 12 of 340 search results');
    expect(placeText(place, { ...noFilters, status: 'approved' })).toBe('Photo 12 of 340 filtered photos');
  });

  it('says when the photo is not in the list (approved while reviewing "needs review", say)', () => {
    expect(placeText({ ...place, position: null }, noFilters)).toBe('Not in the list of 340 photos');
    expect(placeText({ ...place, position: null }, { ...noFilters, status: 'needs-review' })).toBe(
      'Not in the list of 340 filtered photos',
    );
  });
});

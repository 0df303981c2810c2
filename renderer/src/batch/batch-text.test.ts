import { describe, expect, it } from 'vitest';
import { noFilters } from '../library/useSearch';
import { approvedText, selectAllText, selectionText, skippedText, writeQueuedText } from './batch-text';

describe('batch results, said once', () => {
  it('says what was done and what was skipped, with the reasons', () => {
    expect(approvedText({ approved: 12, skipped: [] })).toBe('Approved 12 photos.');
    const noText = [
      { imageId: 1, reason: 'no alt text' },
      { imageId: 2, reason: 'no alt text' },
    ];
    expect(approvedText({ approved: 12, skipped: noText })).toBe(
      'Approved 12 photos; 2 skipped: no alt text.',
    );
    expect(skippedText([...noText, { imageId: 3, reason: 'already approved' }])).toBe(
      '3 skipped: no alt text (2), already approved (1)',
    );
    expect(writeQueuedText({ queued: 1, skipped: [{ imageId: 4, reason: 'not approved' }] })).toBe(
      'Writing the alt text of 1 photo; 1 skipped: not approved.',
    );
  });

  it('counts the selection, and names the list it covers', () => {
    expect(selectionText(3, false, noFilters)).toBe('3 photos selected');
    expect(selectionText(340, true, noFilters)).toBe('All 340 photos selected');
    expect(selectionText(2, true, { ...noFilters, query: 'boat' })).toBe('All 2 matching photos selected');
    expect(selectAllText(340, { ...noFilters, status: 'edited' })).toBe('Select all 340 matching photos');
  });
});

import { describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../../contract/api';
import { firstToReview, neighbours } from './review-order';

function image(id: number, status: ImageSummary['status']): ImageSummary {
  return {
    id,
    path: `/p/${id}.jpg`,
    fileName: `${id}.jpg`,
    format: 'jpeg',
    width: 1,
    height: 1,
    status,
    altText: null,
    error: null,
    hasThumbnail: false,
    captionJob: null,
    writeJob: null,
    decorative: false,
  };
}

describe('firstToReview', () => {
  it('opens on the first generated caption, else the first photo without a description, else any', () => {
    expect(firstToReview([image(1, 'written'), image(2, 'pending'), image(3, 'needs-review')])?.id).toBe(3);
    expect(firstToReview([image(1, 'approved'), image(2, 'pending'), image(3, 'pending')])?.id).toBe(2);
    expect(firstToReview([image(4, 'written')])?.id).toBe(4);
    expect(firstToReview([])).toBeUndefined();
  });
});

describe('neighbours', () => {
  it('finds the photos before and after, and none past the ends', () => {
    const list = [image(1, 'pending'), image(5, 'pending'), image(9, 'pending')];
    expect(neighbours(list, 5)).toEqual({ index: 1, previous: 1, next: 9 });
    expect(neighbours(list, 1)).toEqual({ index: 0, previous: null, next: 5 });
    expect(neighbours(list, 9)).toEqual({ index: 2, previous: 5, next: null });
    expect(neighbours(list, 7)).toEqual({ index: -1, previous: null, next: null });
  });
});

import { describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../../contract/api';
import { failures } from './failures';

function image(id: number, captionJob: ImageSummary['captionJob'], writeJob: ImageSummary['writeJob']) {
  const summary: ImageSummary = {
    id,
    path: `/p/${id}.jpg`,
    fileName: `${id}.jpg`,
    format: 'jpeg',
    width: 1,
    height: 1,
    status: 'approved',
    altText: 'A cat.',
    error: null,
    hasThumbnail: true,
    captionJob,
    writeJob,
    decorative: false,
  };
  return summary;
}

describe('failures', () => {
  it('lists the failed jobs of one kind with their reasons', () => {
    const images = [
      image(1, { state: 'failed', error: 'The model crashed.' }, null),
      image(2, { state: 'done', error: null }, { state: 'failed', error: null }),
      image(3, null, { state: 'done', error: null }),
    ];
    expect(failures(images, 'captionJob')).toEqual([
      { id: 1, fileName: '1.jpg', reason: 'The model crashed.' },
    ]);
    expect(failures(images, 'writeJob')).toEqual([
      { id: 2, fileName: '2.jpg', reason: 'No reason was given.' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { captionJobText, photoName } from './status-text';

const queued = { state: 'queued', error: null } as const;
const photo = { fileName: 'harbour.jpg', status: 'pending', writeJob: null, decorative: false } as const;

describe('a queued caption, in words', () => {
  it('says it waits for a model while none can make it, and is queued otherwise', () => {
    expect(captionJobText(queued, true)).toBe('Waiting for a captioning model');
    expect(captionJobText(queued)).toBe('Queued for a caption');
    expect(photoName({ ...photo, captionJob: queued }, true)).toBe(
      'harbour.jpg, no description yet, caption waits for a model',
    );
    expect(photoName({ ...photo, captionJob: queued })).toBe(
      'harbour.jpg, no description yet, caption queued',
    );
  });

  it('says a running or failed caption as before, model or not', () => {
    expect(captionJobText({ state: 'running', error: null }, true)).toBe('Captioning…');
    expect(photoName({ ...photo, captionJob: { state: 'failed', error: 'x' } }, true)).toBe(
      'harbour.jpg, no description yet, caption failed',
    );
  });
});

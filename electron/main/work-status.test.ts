import { describe, expect, it } from 'vitest';
import type { ApiEvent, CaptionQueueStatus } from '../../contract/api.js';
import { LONG_BATCH_MS, WorkStatus, type TrayLike } from './work-status.js';

/** Fake Electron Tray and Notification, recording what the status does with them, and a settable clock. */
function fakes() {
  const trays: { tooltips: string[]; destroyed: boolean }[] = [];
  const notifications: [string, string][] = [];
  let time = 0;
  const status = new WorkStatus({
    createTray: (): TrayLike => {
      const tray = { tooltips: [] as string[], destroyed: false };
      trays.push(tray);
      return { setToolTip: (text) => tray.tooltips.push(text), destroy: () => (tray.destroyed = true) };
    },
    notify: (title, body) => notifications.push([title, body]),
    now: () => time,
  });
  return { status, trays, notifications, advance: (ms: number) => (time += ms) };
}

function captions(queued: number, running: number, done: number, failed = 0): ApiEvent {
  const status: CaptionQueueStatus = {
    counts: { queued, running, done, failed, paused: 0, cancelled: 0 },
    paused: false,
    current: null,
    engine: { state: 'ready', model: 'm', modelName: 'm', device: 'cpu', skipped: [], message: null },
  };
  return { type: 'captions.status', status };
}

describe('work status in the tray (fake Electron)', () => {
  it('shows a tray icon while captions run, says how far, and removes it when done', () => {
    const { status, trays } = fakes();
    status.onEvent(captions(0, 0, 0));
    expect(trays).toHaveLength(0);
    status.onEvent(captions(9, 1, 2));
    status.onEvent({ type: 'scan.progress', folderPath: '/photos', done: 1, total: 4, currentPath: null });
    expect(trays[0]?.tooltips).toEqual([
      'AltLens: captioning 2 of 12 photos',
      'AltLens: captioning 2 of 12 photos; scanning /photos',
    ]);
    status.onEvent({
      type: 'scan.finished',
      folderPath: '/photos',
      result: { folderId: 1, found: 4, added: 4, updated: 0, moved: 0, failed: 0, missing: 0, skipped: [] },
    });
    status.onEvent(captions(0, 0, 12));
    expect(trays[0]?.destroyed).toBe(true);
    expect(status.text()).toBeNull();
  });

  it('notifies when a long batch finishes, not a short one', () => {
    const { status, notifications, advance } = fakes();
    status.onEvent(captions(1, 0, 0));
    advance(1000);
    status.onEvent(captions(0, 0, 1));
    expect(notifications).toEqual([]);

    status.onEvent({
      type: 'writes.status',
      counts: { queued: 5, running: 0, done: 0, failed: 0, paused: 0, cancelled: 0 },
      current: null,
      paused: false,
    });
    advance(LONG_BATCH_MS);
    status.onEvent({
      type: 'writes.status',
      counts: { queued: 0, running: 0, done: 4, failed: 1, paused: 0, cancelled: 0 },
      current: null,
      paused: false,
    });
    expect(notifications).toEqual([['Alt text written', '4 photos written, 1 failed.']]);
  });
});

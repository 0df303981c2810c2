import type { CaptionQueueStatus } from '../../../contract/api';
import type { Progress } from '../library/status-text';
import { deviceName } from '../settings/device-names';

export function queueProgress({ counts }: CaptionQueueStatus): Progress {
  const done = counts.done ?? 0;
  const total = done + (counts.queued ?? 0) + (counts.running ?? 0) + (counts.failed ?? 0);
  return { done, total };
}

/** Captions still to make: queued or running (paused jobs wait for Resume). */
export function remaining({ counts }: CaptionQueueStatus): number {
  return (counts.queued ?? 0) + (counts.running ?? 0);
}

export function countsText({ counts }: CaptionQueueStatus): string {
  const parts = [
    `${counts.done ?? 0} generated`,
    `${counts.running ?? 0} in progress`,
    `${counts.queued ?? 0} queued`,
  ];
  if ((counts.paused ?? 0) > 0) parts.push(`${counts.paused} paused`);
  parts.push(`${counts.failed ?? 0} failed`);
  if ((counts.cancelled ?? 0) > 0) parts.push(`${counts.cancelled} cancelled`);
  return `${parts.join(', ')}.`;
}

export function finishedText({ counts }: CaptionQueueStatus): string {
  return `Captions finished: ${counts.done ?? 0} generated, ${counts.failed ?? 0} failed.`;
}

export function engineText({ engine }: CaptionQueueStatus, modelName: string): string {
  switch (engine.state) {
    case 'ready':
      return `Model: ${modelName} on ${engine.device === null ? 'an unknown device' : deviceName(engine.device)}`;
    case 'starting':
      return `Model: ${modelName}, starting…`;
    case 'failed':
      return `Model: ${modelName}, could not start`;
    default:
      return `Model: ${modelName}, starts with the next caption`;
  }
}

import type { CaptionQueueStatus } from '../../../contract/api';
import { SkippedDevices } from '../captions/SkippedDevices';

/** Which device the captions run on now, and why: the devices skipped before it, with their reasons. */
export function DeviceReason({ status }: { status: CaptionQueueStatus | null }) {
  const engine = status?.engine;
  let text: string;
  if (!engine || engine.state === 'idle') text = 'The device is chosen when the next caption starts.';
  else if (engine.state === 'starting') text = 'The model is starting; the device is being chosen.';
  else if (engine.state === 'failed')
    text = `The model could not start: ${engine.message ?? 'no reason given.'}`;
  else
    text =
      engine.skipped.length === 0
        ? `Captions run on ${engine.device ?? 'an unknown device'}: the first device tried.`
        : `Captions run on ${engine.device ?? 'an unknown device'}, after the devices before it were skipped.`;
  return (
    <div className="device-reason">
      <p>{text}</p>
      {engine && <SkippedDevices skipped={engine.skipped} />}
    </div>
  );
}

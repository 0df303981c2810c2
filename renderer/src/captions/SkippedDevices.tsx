import type { CaptionQueueStatus } from '../../../contract/api';

/** The devices tried before the one in use, each with why it was skipped. */
export function SkippedDevices({ skipped }: { skipped: CaptionQueueStatus['engine']['skipped'] }) {
  if (skipped.length === 0) return null;
  return (
    <details className="disclosure">
      <summary>Why not another device ({skipped.length} skipped)</summary>
      <ul>
        {skipped.map((skip) => (
          <li key={skip.device}>
            {skip.device}: {skip.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}

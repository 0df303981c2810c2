import { useState } from 'react';
import { useViewHeading } from '../app/useViewHeading';
import { CaptionQueuePanel } from '../captions/CaptionQueuePanel';
import type { CaptionQueue } from '../captions/useCaptionQueue';
import type { Models } from '../models/useModels';
import { DownloadsPanel } from './DownloadsPanel';
import { FailureList } from './FailureList';
import { ScanPanel } from './ScanPanel';
import { useFailures, type Failures } from './useFailures';
import { WritesPanel } from './WritesPanel';

interface Props {
  queue: CaptionQueue;
  models: Models;
  /** The failed writes (the window keeps them, to announce new ones). */
  writeFailures: Failures | null;
}

/** Everything running in the background: downloads, scans, captions and writes, and what failed. */
export function ActivityView({ queue, models, writeFailures }: Props) {
  const headingRef = useViewHeading('Activity');
  const [error, setError] = useState('');
  const captionFailures = useFailures('caption');
  return (
    <div className="view">
      <h2 ref={headingRef} tabIndex={-1}>
        Activity
      </h2>
      <CaptionQueuePanel queue={queue} models={models}>
        <FailureList label="Failed captions" failures={captionFailures} />
      </CaptionQueuePanel>
      <WritesPanel failures={writeFailures} />
      <ScanPanel />
      <DownloadsPanel models={models} onError={setError} />
      <p role="alert" className="error-message">
        {error}
      </p>
    </div>
  );
}

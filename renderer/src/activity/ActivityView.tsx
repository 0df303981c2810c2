import { useState } from 'react';
import type { ImageSummary } from '../../../contract/api';
import { useViewHeading } from '../app/useViewHeading';
import { CaptionQueuePanel } from '../captions/CaptionQueuePanel';
import type { CaptionQueue } from '../captions/useCaptionQueue';
import type { Models } from '../models/useModels';
import { DownloadsPanel } from './DownloadsPanel';
import { FailureList } from './FailureList';
import { failures } from './failures';
import { ScanPanel } from './ScanPanel';
import { WritesPanel } from './WritesPanel';

interface Props {
  queue: CaptionQueue;
  models: Models;
  images: ImageSummary[] | null;
}

/** Everything running in the background: downloads, scans, captions and writes, and what failed. */
export function ActivityView({ queue, models, images }: Props) {
  const headingRef = useViewHeading('Activity');
  const [error, setError] = useState('');
  const captionFailures = images ? failures(images, 'captionJob') : [];
  return (
    <div className="view">
      <h2 ref={headingRef} tabIndex={-1}>
        Activity
      </h2>
      <CaptionQueuePanel queue={queue} models={models}>
        <FailureList label="Failed captions" items={captionFailures} />
      </CaptionQueuePanel>
      <WritesPanel images={images} />
      <ScanPanel />
      <DownloadsPanel models={models} onError={setError} />
      <p role="alert" className="error-message">
        {error}
      </p>
    </div>
  );
}

import { useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import type { ImageSummary } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { FormMessages } from '../app/FormMessages';
import { Meter } from '../app/Meter';
import { useAnnouncement } from '../app/useAnnouncement';
import { useFocusRescue } from '../app/useFocusRescue';
import { countText } from '../library/status-text';
import { useWriteQueue } from '../library/useWriteQueue';
import { writeProgress, writeProgressText, writesRemaining } from '../library/write-text';
import { useShortcut } from '../shortcuts/ShortcutContext';
import { FailureList } from './FailureList';
import { failures } from './failures';

/** Alt text being written into files: progress, the writes that failed and why, and retrying them (F). */
export function WritesPanel({ images }: { images: ImageSummary[] | null }) {
  const api = useApi();
  const status = useWriteQueue();
  const [announcement, announce] = useAnnouncement();
  const [error, setError] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  useFocusRescue(sectionRef, headingRef);
  const failed = images ? failures(images, 'writeJob') : [];
  const progress = status ? writeProgress(status) : null;

  async function retry() {
    setError('');
    if (failed.length === 0) {
      announce('No writes have failed.');
      return;
    }
    try {
      const { queued } = await api.call('metadata.write', { imageIds: failed.map((item) => item.id) });
      announce(`${countText(queued, 'write', 'writes')} queued again.`);
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  useShortcut('activity.retryWrites', () => void retry());

  return (
    <section className="panel" aria-labelledby="writes-heading" ref={sectionRef}>
      <h3 id="writes-heading" ref={headingRef} tabIndex={-1}>
        Writes
      </h3>
      {progress && progress.total > 0 ? (
        <Meter
          label="Writing alt text"
          value={progress.done}
          maxValue={progress.total}
          valueText={writeProgressText(progress)}
        />
      ) : (
        <p>No alt text is being written.</p>
      )}
      {status?.current && writesRemaining(status) > 0 && (
        <p className="queue-now">Now writing {status.current.fileName}.</p>
      )}
      <p>
        {failed.length === 0
          ? 'No writes have failed.'
          : `${countText(failed.length, 'write', 'writes')} failed:`}
      </p>
      <FailureList label="Failed writes" items={failed} />
      {failed.length > 0 && (
        <div className="form-actions">
          <Button className="button" onPress={() => void retry()}>
            Retry failed writes
          </Button>
        </div>
      )}
      <FormMessages status={announcement} error={error} />
    </section>
  );
}

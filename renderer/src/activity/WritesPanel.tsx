import { useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { FormMessages } from '../app/FormMessages';
import { useAnnouncement } from '../app/useAnnouncement';
import { useFocusRescue } from '../app/useFocusRescue';
import { countText } from '../library/status-text';
import { useWriteQueue } from '../library/useWriteQueue';
import { WriteProgressMeter } from '../library/WriteProgressMeter';
import { writesRemaining } from '../library/write-text';
import { useShortcut } from '../shortcuts/ShortcutContext';
import { FailureList } from './FailureList';
import type { Failures } from './useFailures';

type Action = 'writes.pause' | 'writes.resume' | 'writes.cancel';

const actionDone: Record<Action, string> = {
  'writes.pause': 'Writes paused. A write under way finishes.',
  'writes.resume': 'Writes resumed.',
  'writes.cancel': 'Remaining writes cancelled.',
};

/**
 * Alt text being written into files: progress, pause or resume (Shift+P), cancel (Shift+X), the writes that
 * failed and why, and retrying them (F).
 */
export function WritesPanel({ failures }: { failures: Failures | null }) {
  const api = useApi();
  const status = useWriteQueue();
  const [announcement, announce] = useAnnouncement();
  const [error, setError] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  useFocusRescue(sectionRef, headingRef);
  const failed = failures?.failures ?? [];
  const left = status ? writesRemaining(status) : 0;
  const paused = status?.paused ?? false;

  async function act(action: Action) {
    setError('');
    try {
      await api.call(action, {});
      announce(actionDone[action]);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function retry() {
    setError('');
    if (failed.length === 0) {
      announce('No writes have failed.');
      return;
    }
    try {
      const { queued } = await api.call('metadata.write', { imageIds: failed.map((item) => item.imageId) });
      announce(`${countText(queued, 'write', 'writes')} queued again.`);
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  useShortcut('activity.retryWrites', () => void retry());
  useShortcut(
    'activity.pauseWrites',
    () => void act(paused ? 'writes.resume' : 'writes.pause'),
    status !== null,
  );
  useShortcut('activity.cancelWrites', () => void act('writes.cancel'), status !== null);

  let now = 'No alt text is being written.';
  if (paused) now = 'Writes are paused.';
  else if (status?.current && left > 0) now = `Now writing ${status.current.fileName}.`;

  return (
    <section className="panel" aria-labelledby="writes-heading" ref={sectionRef}>
      <h3 id="writes-heading" ref={headingRef} tabIndex={-1}>
        Writes
      </h3>
      <WriteProgressMeter status={status} />
      <p className="queue-now">{now}</p>
      {(paused || left > 0) && (
        <div className="form-actions">
          <Button className="button" onPress={() => void act(paused ? 'writes.resume' : 'writes.pause')}>
            {paused ? 'Resume writes' : 'Pause writes'}
          </Button>
          {left > 0 && (
            <Button className="button" onPress={() => void act('writes.cancel')}>
              Cancel remaining writes
            </Button>
          )}
        </div>
      )}
      <p>
        {failed.length === 0
          ? 'No writes have failed.'
          : `${countText(failures?.total ?? failed.length, 'write', 'writes')} failed:`}
      </p>
      <FailureList label="Failed writes" failures={failures} />
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

import { useRef, useState, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import type { CaptionQueueStatus } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { FormMessages } from '../app/FormMessages';
import { Meter } from '../app/Meter';
import { useAnnouncement } from '../app/useAnnouncement';
import { useFocusRescue } from '../app/useFocusRescue';
import type { Models } from '../models/useModels';
import { useShortcut } from '../shortcuts/ShortcutContext';
import { EngineStatus } from './EngineStatus';
import { progressText } from '../library/status-text';
import { countsText, queueProgress, remaining } from './queue-text';
import type { CaptionQueue } from './useCaptionQueue';

type Action = 'captions.pause' | 'captions.resume' | 'captions.cancel' | 'captions.retry';

const actionDone: Record<Action, string> = {
  'captions.pause': 'Captions paused.',
  'captions.resume': 'Captions resumed.',
  'captions.cancel': 'Remaining captions cancelled.',
  'captions.retry': 'Failed captions queued again.',
};

interface Props {
  queue: CaptionQueue;
  models: Models;
  /** Shown under the counts: the photos whose caption failed. */
  children?: ReactNode;
}

/**
 * The caption queue: progress, the model and device in use, and pause, resume, cancel and retry (P, X, T).
 * Its end is announced in the window's live region (useMilestones), not every step on the way.
 */
export function CaptionQueuePanel({ queue, models, children }: Props) {
  const api = useApi();
  const { status } = queue;
  const [announcement, announce] = useAnnouncement();
  const [error, setError] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  useFocusRescue(sectionRef, headingRef);

  async function act(action: Action) {
    setError('');
    try {
      const next = await api.call(action, {});
      queue.update(next);
      announce(actionDone[action]);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  const paused = status !== null && (status.paused || (status.counts.paused ?? 0) > 0);
  useShortcut(
    'activity.pause',
    () => void act(paused ? 'captions.resume' : 'captions.pause'),
    status !== null,
  );
  useShortcut('activity.cancel', () => void act('captions.cancel'), status !== null);
  useShortcut('activity.retryCaptions', () => void act('captions.retry'), status !== null);

  return (
    <section className="panel queue-panel" aria-labelledby="captions-heading" ref={sectionRef}>
      <h3 id="captions-heading" ref={headingRef} tabIndex={-1}>
        Captions
      </h3>
      {status ? (
        <QueueDetails status={status} onAct={(action) => void act(action)} />
      ) : (
        <p>{queue.error ?? 'Loading the caption queue…'}</p>
      )}
      {children}
      {status && <EngineStatus status={status} models={models} onMessage={announce} onError={setError} />}
      <FormMessages status={announcement} error={error} />
    </section>
  );
}

function QueueDetails({ status, onAct }: { status: CaptionQueueStatus; onAct: (action: Action) => void }) {
  const progress = queueProgress(status);
  const left = remaining(status);
  const paused = status.paused || (status.counts.paused ?? 0) > 0;
  const failed = status.counts.failed ?? 0;
  let now: string;
  if (status.current) now = `Now captioning ${status.current.fileName}.`;
  else if (status.engine.state === 'failed') now = 'Captions wait for a model that can start.';
  else if (paused) now = 'Captions are paused.';
  else if (left > 0) now = 'Waiting to start…';
  else now = 'No photos are waiting for a caption.';

  return (
    <>
      {progress.total > 0 && (
        <Meter
          label="Captioning photos"
          value={progress.done}
          maxValue={progress.total}
          valueText={progressText(progress)}
        />
      )}
      <p className="queue-now">{now}</p>
      {progress.total > 0 && <p className="queue-counts">{countsText(status)}</p>}
      {(paused || left > 0 || failed > 0) && (
        <div className="form-actions">
          {(paused || left > 0) && (
            <Button className="button" onPress={() => onAct(paused ? 'captions.resume' : 'captions.pause')}>
              {paused ? 'Resume captions' : 'Pause captions'}
            </Button>
          )}
          {(left > 0 || (status.counts.paused ?? 0) > 0) && (
            <Button className="button" onPress={() => onAct('captions.cancel')}>
              Cancel remaining captions
            </Button>
          )}
          {failed > 0 && (
            <Button className="button" onPress={() => onAct('captions.retry')}>
              Retry failed captions
            </Button>
          )}
        </div>
      )}
    </>
  );
}

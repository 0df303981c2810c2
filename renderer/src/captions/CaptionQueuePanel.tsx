import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import type { CaptionQueueStatus } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { FormMessages } from '../app/FormMessages';
import { Meter } from '../app/Meter';
import { useAnnouncement } from '../app/useAnnouncement';
import { useFocusRescue } from '../app/useFocusRescue';
import type { Models } from '../models/useModels';
import { EngineStatus } from './EngineStatus';
import { countsText, finishedText, progressText, queueProgress, remaining } from './queue-text';
import type { CaptionQueue } from './useCaptionQueue';

/** Screen readers hear captioning progress at most this often; the bar always shows the latest count. */
const ANNOUNCE_EVERY_MS = 5000;

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
}

/** The caption queue: progress, the model and device in use, and pause, resume, cancel and retry. */
export function CaptionQueuePanel({ queue, models }: Props) {
  const api = useApi();
  const { status } = queue;
  const [announcement, announce] = useAnnouncement();
  const [error, setError] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  useFocusRescue(sectionRef, headingRef);
  const wasActive = useRef(false);
  const lastAnnounced = useRef(0);

  useEffect(() => {
    if (!status) return;
    if (remaining(status) > 0 && !status.paused) {
      wasActive.current = true;
      const now = Date.now();
      if (now - lastAnnounced.current >= ANNOUNCE_EVERY_MS) {
        lastAnnounced.current = now;
        announce(`Captioning: ${progressText(queueProgress(status))}.`);
      }
    } else if (wasActive.current && remaining(status) === 0) {
      wasActive.current = false;
      lastAnnounced.current = 0;
      announce(finishedText(status));
    }
  }, [status, announce]);

  async function act(action: Action) {
    setError('');
    // A cancelled queue is not a finished one: say so instead of "Captions finished".
    if (action === 'captions.cancel') wasActive.current = false;
    try {
      const next = await api.call(action, {});
      queue.update(next);
      announce(actionDone[action]);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <section className="panel queue-panel" aria-labelledby="captions-heading" ref={sectionRef}>
      <h2 id="captions-heading" ref={headingRef} tabIndex={-1}>
        Captions
      </h2>
      {status ? (
        <QueueDetails status={status} onAct={(action) => void act(action)} />
      ) : (
        <p>{queue.error ?? 'Loading the caption queue…'}</p>
      )}
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

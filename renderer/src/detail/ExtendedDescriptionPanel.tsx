import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { ImageDetail, ModelTasks } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { FormMessages } from '../app/FormMessages';
import { useAnnouncement } from '../app/useAnnouncement';
import { whyNot } from '../captions/useModelTasks';
import { addToExtendedDescription } from './extended-text';
import { useTokenStream } from './useTokenStream';

interface Props {
  image: ImageDetail;
  /** What the chosen model can do; null while that is not known. */
  tasks: ModelTasks | null;
  /** Called with the image once the description was added to its extended description. */
  onChanged: (image: ImageDetail) => void;
}

/**
 * "Write extended description": a longer description by the chosen model, built up as it is written (heard
 * once, when finished, through the polite status region) and added to the extended description as an edit.
 * A model that cannot write one is named, with why and which model can.
 */
export function ExtendedDescriptionPanel({ image, tasks, onChanged }: Props) {
  const api = useApi();
  const [partial, reset] = useTokenStream(image.id, 'extended');
  const [busy, setBusy] = useState(false);
  const [announcement, announce] = useAnnouncement();
  const [error, setError] = useState('');
  const reason = whyNot(tasks, 'extended');

  async function write() {
    if (busy) return;
    setBusy(true);
    setError('');
    reset();
    announce('Writing an extended description…');
    try {
      const result = await api.call('images.extended', { imageId: image.id });
      onChanged(await addToExtendedDescription(api, image.id, result.text));
      announce(
        `Added to the extended description, saved as yours: ${result.text}` +
          (result.stoppedAtTokenLimit ? ' (cut off at the length limit)' : ''),
      );
    } catch (e) {
      announce('');
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      reset();
    }
  }

  return (
    <section className="extended-panel" aria-labelledby="extended-heading">
      <h3 id="extended-heading">Extended description by the model</h3>
      {tasks === null && <p>Checking what the model can do…</p>}
      {reason && <p>{reason}</p>}
      {tasks !== null && !reason && (
        <div className="form-actions">
          <Button className="button" aria-disabled={busy || undefined} onPress={() => void write()}>
            Write extended description with {tasks.modelName}
          </Button>
        </div>
      )}
      {busy && (
        <p className="ask-partial" aria-hidden="true">
          {partial || 'Writing…'}
        </p>
      )}
      <FormMessages status={announcement} error={error} />
    </section>
  );
}

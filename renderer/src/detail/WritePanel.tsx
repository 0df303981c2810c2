import { useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import type { ImageDetail } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { FormMessages } from '../app/FormMessages';
import { useAnnouncement } from '../app/useAnnouncement';
import { useFocusRescue } from '../app/useFocusRescue';
import { writeJobText } from '../library/status-text';
import { useShortcut } from '../shortcuts/ShortcutContext';
import { writtenText } from './write-text';

interface Props {
  image: ImageDetail;
  /** Called with the image after an action changed it. */
  onChanged: (image: ImageDetail) => void;
}

/**
 * Writing the approved alt text into the file (or a sidecar): the action, where it stands, the outcome, and
 * undoing the last write. The state line is a polite live region, so the outcome is heard when it arrives;
 * a failed write is shown here and said once, by the window's live region (useMilestones), not here too.
 */
export function WritePanel({ image, onChanged }: Props) {
  const api = useApi();
  const [announcement, announce] = useAnnouncement();
  const [callError, setCallError] = useState('');
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  // "Write to file" and "Undo last write" come and go with the image's state: focus never falls to the page.
  useFocusRescue(sectionRef, headingRef);

  const job = image.writeJob;
  const writing = job?.state === 'queued' || job?.state === 'running';
  const canWrite = image.status === 'approved' && !writing;
  let state = writeJobText(job?.state === 'failed' ? null : job) ?? '';
  if (!writing && image.lastWrite) state = writtenText(image.lastWrite);
  const failure = job?.state === 'failed' ? (writeJobText(job) ?? '') : '';

  async function write() {
    if (busy) return;
    setBusy(true);
    setCallError('');
    try {
      const { queued } = await api.call('metadata.write', { imageIds: [image.id] });
      if (queued === 0) announce('Nothing was queued: only approved alt text is written.');
      onChanged(await api.call('images.get', { id: image.id }));
    } catch (e) {
      setCallError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function undo() {
    if (busy) return;
    setBusy(true);
    setCallError('');
    try {
      onChanged(await api.call('metadata.undo', { imageId: image.id }));
      announce('The previous alt text is back in the file.');
    } catch (e) {
      setCallError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  let hint: string | null = null;
  if (image.status === 'failed') hint = 'This photo could not be read, so nothing can be written into it.';
  else if (image.status !== 'approved' && image.status !== 'written' && !writing)
    hint = 'Approve the description to write it into the file.';
  const whyNot = hint ?? 'Nothing to write now.';
  useShortcut('review.write', () => {
    if (canWrite) void write();
    else announce(whyNot);
  });
  useShortcut('review.undo', () => {
    if (image.lastWrite && !writing) void undo();
    else announce('There is no write to undo.');
  });

  return (
    <section className="write-panel" aria-labelledby="write-heading" ref={sectionRef}>
      <h3 id="write-heading" ref={headingRef} tabIndex={-1}>
        Alt text in the file
      </h3>
      {hint && <p>{hint}</p>}
      <p role="status" className="write-state">
        {state}
      </p>
      {(canWrite || image.lastWrite) && (
        <div className="form-actions">
          {canWrite && (
            <Button className="button button-primary" onPress={() => void write()}>
              Write to file
            </Button>
          )}
          {image.lastWrite && !writing && (
            <Button className="button" onPress={() => void undo()}>
              Undo last write
            </Button>
          )}
        </div>
      )}
      {failure && <p className="error-message">{failure}</p>}
      <FormMessages status={announcement} error={callError} />
    </section>
  );
}

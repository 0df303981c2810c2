import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Button, Label, Text, TextArea, TextField } from 'react-aria-components';
import { altTextHints, SUGGESTED_ALT_TEXT_LENGTH, type AltTextHint } from '../../../contract/alt-text-hints';
import type { ImageDetail } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { CheckboxField } from '../app/CheckboxField';
import { FormMessages } from '../app/FormMessages';
import { useDebouncedValue } from '../app/useDebouncedValue';
import { countText } from '../library/status-text';
import { speak } from '../review/speech';
import { useShortcut } from '../shortcuts/ShortcutContext';
import { AltTextHintList } from './AltTextHintList';
import {
  approvalNote,
  approvalStage,
  followApproval,
  hintsKey,
  shownHints,
  spokenDescriptionText,
  type Approval,
} from './description-text';

/** The length and the hints are spoken once typing pauses, not after every key. */
const ANNOUNCE_AFTER_MS = 1000;

interface Props {
  image: ImageDetail;
  onSaved: (image: ImageDetail) => void;
  /** Called with whether the form differs from the saved description. */
  onDirtyChange: (dirty: boolean) => void;
  /** A message from outside the form for the status region (e.g. about unsaved changes); a new object each time. */
  notice: { text: string } | null;
  /** Review's next photo, for "Approve and next" (absent on the last photo of the list). */
  onApprovedNext?: () => void;
}

function firstError(hints: AltTextHint[]): AltTextHint | undefined {
  return hints.find((hint) => hint.level === 'error');
}

/** Edits, saves and approves one image's description: alt text, an extended description, decorative or not. */
export function DescriptionForm({ image, onSaved, onDirtyChange, notice, onApprovedNext }: Props) {
  const api = useApi();
  const saved = image.altText ?? '';
  const savedExt = image.extDescription ?? '';
  // null: not edited, so follow the saved value (it may change while the view is open).
  const [draft, setDraft] = useState<string | null>(null);
  const [extDraft, setExtDraft] = useState<string | null>(null);
  const [decorativeDraft, setDecorativeDraft] = useState<boolean | null>(null);
  // A new description that came from elsewhere (a caption) while the person had typed something of their own.
  const [kept, setKept] = useState<string | null>(null);
  const [previousSaved, setPreviousSaved] = useState(saved);
  if (saved !== previousSaved) {
    setPreviousSaved(saved);
    // What the person typed is never overwritten; a draft equal to the old text was not really an edit.
    if (draft === previousSaved) setDraft(null);
    else setKept(draft === null ? null : saved);
  }
  const text = draft ?? saved;
  const extText = extDraft ?? savedExt;
  const decorative = decorativeDraft ?? image.decorative;
  const length = [...text.trim()].length;
  const hints = useMemo(
    () => altTextHints(text, { decorative, fileName: image.fileName }),
    [text, decorative, image.fileName],
  );
  const blocking = firstError(hints);

  const [busy, setBusy] = useState(false);
  // Errors wait until the person acts: an attempt to save or approve, or an edit and then leaving the field.
  const [attempted, setAttempted] = useState(false);
  const [touched, setTouched] = useState(false);
  const acted = attempted || touched;
  const visibleHints = useMemo(() => shownHints(hints, acted), [hints, acted]);
  const [status, setStatus] = useState('');
  // The note after an approval follows the photo (approved, being written, written) instead of going stale.
  const [approval, setApproval] = useState<Approval | null>(null);
  if (approval) {
    const followed = followApproval(approval, image);
    if (followed !== approval) setApproval(followed);
  }
  const note = approval ? (approvalNote(approval, image) ?? '') : status;
  const [error, setError] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const textAreaRef = useRef<HTMLTextAreaElement>(null);
  const hintsId = useId();
  const textDirty = draft !== null && draft !== saved;
  const dirty =
    textDirty ||
    (extDraft !== null && extDraft !== savedExt) ||
    (decorativeDraft !== null && decorativeDraft !== image.decorative);

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  // The polite region speaks once typing pauses: the length, and the hints when they have changed.
  const settledText = useDebouncedValue(text, ANNOUNCE_AFTER_MS);
  const settledDecorative = useDebouncedValue(decorative, ANNOUNCE_AFTER_MS);
  const [spoken, setSpoken] = useState(() => ({
    text: settledText,
    decorative: settledDecorative,
    key: hintsKey(visibleHints),
    said: spokenDescriptionText(length, visibleHints, false),
  }));
  if (spoken.text !== settledText || spoken.decorative !== settledDecorative) {
    const settledHints = shownHints(
      altTextHints(settledText, { decorative: settledDecorative, fileName: image.fileName }),
      acted,
    );
    const key = hintsKey(settledHints);
    const settledLength = [...settledText.trim()].length;
    setSpoken({
      text: settledText,
      decorative: settledDecorative,
      key,
      said: spokenDescriptionText(settledLength, settledHints, key !== spoken.key),
    });
  }

  useEffect(() => {
    if (notice) setStatusSoon(notice.text);
  }, [notice]);

  function setStatusSoon(message: string) {
    // Clear first so that the same message, said twice, is announced twice.
    setApproval(null);
    setStatus('');
    window.setTimeout(() => setStatus(message), 100);
  }

  /** Says why the text cannot be saved or approved, and puts the person back in the field. */
  function refuse(action: string, hint: AltTextHint) {
    setAttempted(true);
    setApproval(null);
    setStatus('');
    setError(`${action}: ${hint.message}`);
    textAreaRef.current?.focus();
  }

  function clearDrafts() {
    setDraft(null);
    setExtDraft(null);
    setDecorativeDraft(null);
    setKept(null);
    setAttempted(false);
    setTouched(false);
  }

  function saveCall() {
    return api.call('descriptions.save', {
      imageId: image.id,
      text,
      extDescription: extText.trim() === '' ? null : extText,
      decorative,
    });
  }

  async function save(event?: FormEvent<HTMLFormElement>) {
    event?.preventDefault();
    if (busy) return;
    if (blocking) return refuse('Not saved', blocking);
    setBusy(true);
    setError('');
    try {
      const result = await saveCall();
      clearDrafts();
      onSaved(result);
      setStatusSoon('Description saved.');
    } catch (e) {
      setStatus('');
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  /** Approves the description (saving an edit first); true once it is approved. */
  async function approve(): Promise<boolean> {
    if (busy) return false;
    if (blocking) {
      refuse('Not approved', blocking);
      return false;
    }
    if (!dirty && (image.status === 'approved' || image.status === 'written')) {
      setError('');
      setStatusSoon(
        image.status === 'written' ? 'Already approved and written to the file.' : 'Already approved.',
      );
      return true;
    }
    setBusy(true);
    setError('');
    try {
      if (dirty) {
        const result = await saveCall();
        clearDrafts();
        onSaved(result);
      }
      const approved = await api.call('descriptions.approve', { imageId: image.id });
      onSaved(approved);
      setStatus('');
      setApproval({ stage: approvalStage(approved) ?? 'approved', saved: dirty });
      return true;
    } catch (e) {
      setStatus('');
      setApproval(null);
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  function toggleDecorative() {
    setDecorativeDraft(!decorative);
    setStatusSoon(
      `${decorative ? 'No longer marked as decorative' : 'Marked as decorative'}. Save or approve to keep it.`,
    );
  }

  function readAloud() {
    const said = text.trim() || (decorative ? 'Decorative photo: no alt text needed.' : 'No alt text yet.');
    if (!speak(said)) setStatusSoon('Reading aloud is not available here.');
  }

  useShortcut('review.save', () => formRef.current?.requestSubmit());
  useShortcut('review.approve', () => void approve());
  const approveAndNext = async () => {
    if (onApprovedNext && (await approve())) onApprovedNext();
  };
  useShortcut('review.approveNext', () => void approveAndNext(), onApprovedNext !== undefined);
  useShortcut('review.edit', () => textAreaRef.current?.focus());
  useShortcut('review.decorative', toggleDecorative);
  useShortcut('review.speak', readAloud);

  return (
    <form ref={formRef} className="description-form" onSubmit={(e) => void save(e)}>
      <TextField
        className="field"
        value={text}
        onChange={setDraft}
        aria-describedby={hintsId}
        validationBehavior="aria"
        isInvalid={Boolean(blocking) && acted}
        onBlur={() => {
          if (draft !== null) setTouched(true);
        }}
      >
        <Label>Description (alt text)</Label>
        <TextArea ref={textAreaRef} className="input textarea" rows={5} />
        <Text slot="description" className="hint">
          Describe what matters in the photo. Aim for 125 characters or fewer.
        </Text>
      </TextField>
      <AltTextHintList id={hintsId} hints={visibleHints} />
      <p
        className="char-count"
        aria-hidden="true"
        data-over={length > SUGGESTED_ALT_TEXT_LENGTH || undefined}
      >
        {countText(length, 'character', 'characters')}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {spoken.said}
      </p>
      <div role="status" className="notice-region">
        {kept !== null && textDirty && (
          <p className="notice">
            A new caption arrived while you were editing: “{kept}”. Your text was kept; save it, or use the
            new caption instead.
          </p>
        )}
      </div>
      {kept !== null && textDirty && (
        <div className="form-actions">
          <Button
            className="button"
            onPress={() => {
              setDraft(null);
              setKept(null);
              textAreaRef.current?.focus();
            }}
          >
            Use the new caption
          </Button>
        </div>
      )}
      <CheckboxField isSelected={decorative} onChange={setDecorativeDraft}>
        Decorative photo (no alt text needed)
      </CheckboxField>
      <TextField className="field extended-field" value={extText} onChange={setExtDraft}>
        <Label>Extended description (optional)</Label>
        <TextArea className="input textarea" rows={4} />
        <Text slot="description" className="hint">
          A longer description for readers who want more: what a chart shows, or all the text in the photo.
        </Text>
      </TextField>
      <div className="form-actions">
        <Button type="submit" className="button">
          Save description
        </Button>
        <Button className="button button-primary" onPress={() => void approve()}>
          Approve
        </Button>
        {onApprovedNext && (
          <Button className="button" onPress={() => void approveAndNext()}>
            Approve and next
          </Button>
        )}
        <Button className="button" onPress={readAloud}>
          Read aloud
        </Button>
        <span className="hint">Press ? for the keyboard shortcuts.</span>
      </div>
      <FormMessages status={note} error={error} />
    </form>
  );
}

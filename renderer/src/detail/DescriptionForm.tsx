import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Button, Label, Text, TextArea, TextField } from 'react-aria-components';
import type { ImageDetail } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { countText } from '../library/status-text';
import { FormMessages } from '../app/FormMessages';

const SUGGESTED_LENGTH = 125;
/** The live count is spoken once typing pauses, not after every key. */
const ANNOUNCE_AFTER_MS = 1000;

interface Props {
  image: ImageDetail;
  onSaved: (image: ImageDetail) => void;
  /** Called with whether the text differs from the saved description. */
  onDirtyChange: (dirty: boolean) => void;
  /** A message from outside the form for the status region (e.g. about unsaved changes); a new object each time. */
  notice: { text: string } | null;
}

function lengthText(length: number): string {
  const over = length - SUGGESTED_LENGTH;
  const base = countText(length, 'character', 'characters');
  return over > 0 ? `${base}, ${over} more than the suggested ${SUGGESTED_LENGTH}` : base;
}

/** Worded differently from the visible count, so the page never holds the same text twice. */
function spokenLengthText(length: number): string {
  const over = length - SUGGESTED_LENGTH;
  return over > 0
    ? `Length: ${length}, ${over} more than the suggested ${SUGGESTED_LENGTH} characters.`
    : `Length: ${length} of the suggested ${SUGGESTED_LENGTH} characters.`;
}

/** Edits and saves one image's description. */
export function DescriptionForm({ image, onSaved, onDirtyChange, notice }: Props) {
  const api = useApi();
  const saved = image.altText ?? '';
  // null: not edited, so follow the saved text (it may change while the view is open).
  const [draft, setDraft] = useState<string | null>(null);
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
  const length = [...text].length;
  const [spokenLength, setSpokenLength] = useState(length);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const textAreaRef = useRef<HTMLTextAreaElement>(null);
  const dirty = draft !== null && draft !== saved;

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  useEffect(() => {
    const timer = window.setTimeout(() => setSpokenLength(length), ANNOUNCE_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, [length]);

  useEffect(() => {
    if (notice) setStatusSoon(notice.text);
  }, [notice]);

  function setStatusSoon(message: string) {
    // Clear first so that the same message, said twice, is announced twice.
    setStatus('');
    window.setTimeout(() => setStatus(message), 100);
  }

  async function save(event?: FormEvent<HTMLFormElement>) {
    event?.preventDefault();
    if (saving) return;
    setSaving(true);
    setError('');
    try {
      const result = await api.call('descriptions.save', { imageId: image.id, text });
      setDraft(null);
      setKept(null);
      onSaved(result);
      setStatusSoon('Description saved.');
    } catch (e) {
      setStatus('');
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  }

  return (
    <form ref={formRef} className="description-form" onSubmit={(e) => void save(e)}>
      <TextField className="field" value={text} onChange={setDraft}>
        <Label>Description (alt text)</Label>
        <TextArea ref={textAreaRef} className="input textarea" rows={5} onKeyDown={onKeyDown} />
        <Text slot="description" className="hint">
          Describe what matters in the photo. Aim for 125 characters or fewer.
        </Text>
      </TextField>
      <div role="status" className="notice-region">
        {kept !== null && dirty && (
          <p className="notice">
            A new caption arrived while you were editing: “{kept}”. Your text was kept; save it, or use the
            new caption instead.
          </p>
        )}
      </div>
      {kept !== null && dirty && (
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
      <p className="char-count" aria-hidden="true" data-over={length > SUGGESTED_LENGTH || undefined}>
        {lengthText(length)}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {spokenLengthText(spokenLength)}
      </p>
      <div className="form-actions">
        <Button type="submit" className="button button-primary">
          Save description
        </Button>
        <span className="hint">Ctrl+Enter (⌘+Enter on a Mac) saves from the text box.</span>
      </div>
      <FormMessages status={status} error={error} />
    </form>
  );
}

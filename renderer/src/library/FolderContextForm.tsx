import { useEffect, useId, useState, type FormEvent } from 'react';
import {
  Button,
  Disclosure,
  DisclosurePanel,
  Heading,
  Label,
  Text,
  TextArea,
  TextField,
} from 'react-aria-components';
import type { Folder } from '../../../contract/api';
import { FOLDER_NOTE_MAX_LENGTH, type FolderContext } from '../../../contract/style';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { CheckboxField } from '../app/CheckboxField';
import { FormMessages } from '../app/FormMessages';
import { useAnnouncement } from '../app/useAnnouncement';

/**
 * One folder's context for its photos' prompts: a note the person writes ("my sister's wedding in Lisbon,
 * 2024") and whether descriptions may say gender, age, ethnicity or names. Opened from the folder's row.
 */
export function FolderContextForm({ folder }: { folder: Folder }) {
  const api = useApi();
  const [context, setContext] = useState<FolderContext | null>(null);
  const [note, setNote] = useState('');
  const [status, announce] = useAnnouncement();
  const [error, setError] = useState('');
  const countId = useId();

  useEffect(() => {
    let live = true;
    api.call('folders.context', { folderId: folder.id }).then(
      (loaded) => {
        if (!live) return;
        setContext(loaded);
        setNote(loaded.note);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [api, folder.id]);

  async function save(changes: { note?: string; allowIdentity?: boolean }, done: string) {
    setError('');
    try {
      const saved = await api.call('folders.updateContext', { folderId: folder.id, ...changes });
      setContext(saved);
      setNote(saved.note);
      announce(done);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  function saveNote(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void save({ note }, note.trim() === '' ? 'Folder note removed.' : 'Folder note saved.');
  }

  const length = [...note].length;
  const tooLong = length > FOLDER_NOTE_MAX_LENGTH;
  return (
    <Disclosure className="folder-context">
      <Heading level={3} className="folder-context-heading">
        <Button slot="trigger" className="button">
          Prompt context<span className="visually-hidden"> for {folder.path}</span>
          {context?.note ? ' (has a note)' : ''}
        </Button>
      </Heading>
      <DisclosurePanel className="folder-context-panel">
        {context === null && !error && <p>Loading the folder&apos;s context…</p>}
        {context && (
          <>
            <form className="folder-context-note" onSubmit={saveNote}>
              <TextField
                className="field"
                value={note}
                onChange={setNote}
                isInvalid={tooLong}
                validationBehavior="aria"
                aria-describedby={countId}
              >
                <Label>Note for this folder&apos;s photos</Label>
                <TextArea className="input textarea textarea-short" rows={2} />
                <Text slot="description" className="hint">
                  Given to the model as context, for example &quot;my sister&apos;s wedding in Lisbon,
                  2024&quot;. Only models that take a prompt use it.
                </Text>
              </TextField>
              <p id={countId} className="hint">
                {length} of {FOLDER_NOTE_MAX_LENGTH} characters
                {tooLong ? ': too long, shorten it to save.' : '.'}
              </p>
              <div className="form-actions">
                <Button type="submit" className="button" isDisabled={tooLong || note === context.note}>
                  Save note
                </Button>
              </div>
            </form>
            <CheckboxField
              isSelected={context.allowIdentity}
              onChange={(allowIdentity) =>
                void save(
                  { allowIdentity },
                  allowIdentity
                    ? 'Descriptions of this folder may now say gender, age, ethnicity and names.'
                    : 'Descriptions of this folder will not guess gender, age, ethnicity or identity.',
                )
              }
            >
              Allow gender, age, ethnicity and names of people (from the note) in descriptions
            </CheckboxField>
          </>
        )}
        <FormMessages status={status} error={error} />
      </DisclosurePanel>
    </Disclosure>
  );
}

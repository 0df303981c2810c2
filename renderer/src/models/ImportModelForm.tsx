import { useState, type FormEvent } from 'react';
import { Button, Input, Label, Text, TextField } from 'react-aria-components';
import type { ModelSummary } from '../../../contract/api';
import { ChooseFolderButton } from '../app/ChooseFolderButton';
import type { Models } from './useModels';

interface Props {
  models: Models;
  /** Called with the model the folder became (null if the list did not show which). */
  onImported: (model: ModelSummary | null) => void;
  onError: (message: string) => void;
}

/** Imports a model folder (for machines without internet): a path, or the system's folder dialog. */
export function ImportModelForm({ models, onImported, onError }: Props) {
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);

  async function importFolder(folder: string) {
    if (busy || !folder.trim()) return;
    setBusy(true);
    onError('');
    const outcome = await models.importFolder(folder.trim());
    setBusy(false);
    if ('error' in outcome) onError(outcome.error);
    else {
      setPath('');
      onImported(outcome.model);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void importFolder(path);
  }

  return (
    <form className="add-folder" onSubmit={onSubmit}>
      <div className="add-folder-row">
        <TextField className="field" value={path} onChange={setPath}>
          <Label>Model folder path</Label>
          <Input className="input" autoComplete="off" spellCheck={false} />
          <Text slot="description" className="hint">
            A folder with config.json and an onnx folder, as transformers.js loads it.
          </Text>
        </TextField>
        <Button type="submit" className="button button-primary" isDisabled={busy}>
          Import model
        </Button>
        <ChooseFolderButton onChosen={(folder) => void importFolder(folder)} onError={onError} />
      </div>
    </form>
  );
}

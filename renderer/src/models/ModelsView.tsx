import { useCallback, useEffect, useState } from 'react';
import type { ModelSummary } from '../../../contract/api';
import type { CaptionQueue } from '../captions/useCaptionQueue';
import { FormMessages } from '../app/FormMessages';
import { useAnnouncement } from '../app/useAnnouncement';
import { useViewHeading } from '../app/useViewHeading';
import type { Settings } from '../settings/useSettings';
import { ImportModelForm } from './ImportModelForm';
import { missingModel, modelName } from './model-text';
import { ModelList } from './ModelList';
import type { Models } from './useModels';

interface Props {
  models: Models;
  settings: Settings;
  /** Names the model in use (the core tells a test model by its folder). */
  queue: CaptionQueue;
}

/** The model catalog with sizes: download, remove, choose, or import a folder. */
export function ModelsView({ models, settings, queue }: Props) {
  const headingRef = useViewHeading('Models');
  const [status, announce] = useAnnouncement();
  const [error, setError] = useState('');
  const { refresh } = models;
  useEffect(refresh, [refresh]);

  const onError = useCallback((message: string) => setError(message), []);
  async function choose(model: ModelSummary, done = `Captions now use ${model.displayName}.`) {
    setError('');
    const failure = await settings.save({ model: model.id });
    if (failure) setError(failure);
    else {
      announce(done);
      refresh();
    }
  }

  // While the captions wait for a model that is not installed, the folder just imported is the one to use.
  function imported(model: ModelSummary | null) {
    if (model && missingModel(models.list))
      void choose(model, `${model.displayName} is imported, and captions now use it.`);
    else
      announce(`${model?.displayName ?? 'The model folder'} is imported. Choose it with "Use this model".`);
  }

  return (
    <div className="view">
      <h2 ref={headingRef} tabIndex={-1}>
        Models
      </h2>
      <p className="hint">
        Models run on this computer; a photo never leaves it. Download a model once, then choose it.
      </p>
      {settings.settings && (
        <p>Captions use {modelName(models.list, settings.settings.model, queue.status)}.</p>
      )}
      <section className="panel" aria-labelledby="catalog-heading">
        <h3 id="catalog-heading">Catalog</h3>
        <ModelList models={models} onUse={(m) => void choose(m)} onMessage={announce} onError={onError} />
      </section>
      <section className="panel" aria-labelledby="import-heading">
        <h3 id="import-heading">Import a model folder</h3>
        <ImportModelForm models={models} onImported={imported} onError={onError} />
      </section>
      <FormMessages status={status} error={error} />
    </div>
  );
}

import { useCallback, useEffect, useState } from 'react';
import type { ModelSummary } from '../../../contract/api';
import { FormMessages } from '../app/FormMessages';
import { useAnnouncement } from '../app/useAnnouncement';
import { useViewHeading } from '../app/useViewHeading';
import type { Settings } from '../settings/useSettings';
import { ImportModelForm } from './ImportModelForm';
import { modelName } from './model-text';
import { ModelList } from './ModelList';
import type { Models } from './useModels';

/** The model catalog with sizes: download, remove, choose, or import a folder. */
export function ModelsView({ models, settings }: { models: Models; settings: Settings }) {
  const headingRef = useViewHeading('Models');
  const [status, announce] = useAnnouncement();
  const [error, setError] = useState('');
  const { refresh } = models;
  useEffect(refresh, [refresh]);

  const onError = useCallback((message: string) => setError(message), []);
  async function use(model: ModelSummary) {
    setError('');
    const failure = await settings.save({ model: model.id });
    if (failure) setError(failure);
    else {
      announce(`Captions now use ${model.displayName}.`);
      refresh();
    }
  }

  return (
    <div className="view">
      <h2 ref={headingRef} tabIndex={-1}>
        Models
      </h2>
      <p className="hint">
        Models run on this computer; a photo never leaves it. Download a model once, then choose it.
      </p>
      {settings.settings && <p>Captions use {modelName(models.list, settings.settings.model)}.</p>}
      <section className="panel" aria-labelledby="catalog-heading">
        <h3 id="catalog-heading">Catalog</h3>
        <ModelList models={models} onUse={(m) => void use(m)} onMessage={announce} onError={onError} />
      </section>
      <section className="panel" aria-labelledby="import-heading">
        <h3 id="import-heading">Import a model folder</h3>
        <ImportModelForm models={models} onMessage={announce} onError={onError} />
      </section>
      <FormMessages status={status} error={error} />
    </div>
  );
}

import type { ModelSummary } from '../../../contract/api';
import { ModelItem } from './ModelItem';
import { useDownloadAnnouncements } from './useDownloadAnnouncements';
import type { Models } from './useModels';

interface Props {
  models: Models;
  onUse: (model: ModelSummary) => void;
  onMessage: (message: string) => void;
  onError: (message: string) => void;
}

/** The model catalog (and imported folders): download, cancel, choose. */
export function ModelList({ models, onUse, onMessage, onError }: Props) {
  const { list, downloads } = models;
  useDownloadAnnouncements(models, onMessage);

  async function download(model: ModelSummary) {
    const error = await models.download(model.id);
    if (error) onError(error);
  }

  async function remove(model: ModelSummary) {
    const error = await models.remove(model.id);
    if (error) onError(error);
    else onMessage(`${model.displayName} is removed.`);
  }

  async function cancel(model: ModelSummary) {
    const error = await models.cancelDownload(model.id);
    if (error) onError(error);
  }

  if (!list) return <p>{models.error ?? 'Loading the models…'}</p>;
  return (
    <ul className="model-list">
      {list.map((model) => (
        <ModelItem
          key={model.id}
          model={model}
          download={downloads.get(model.id)}
          onDownload={(m) => void download(m)}
          onCancelDownload={(m) => void cancel(m)}
          onUse={onUse}
          onRemove={(m) => void remove(m)}
        />
      ))}
    </ul>
  );
}

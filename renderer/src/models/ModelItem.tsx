import { useRef } from 'react';
import { Button } from 'react-aria-components';
import type { ModelDownloadState, ModelSummary } from '../../../contract/api';
import { useFocusRescue } from '../app/useFocusRescue';
import { DownloadStatus } from './DownloadStatus';
import { megabytes } from './model-text';

interface Props {
  model: ModelSummary;
  download: ModelDownloadState | undefined;
  onDownload: (model: ModelSummary) => void;
  onCancelDownload: (model: ModelSummary) => void;
  onUse: (model: ModelSummary) => void;
  onRemove: (model: ModelSummary) => void;
}

function stateText(model: ModelSummary): string {
  if (model.active) return model.installed ? 'In use' : 'Chosen, but not installed';
  return model.installed ? 'Installed' : 'Not installed';
}

/**
 * One model: its facts and one action button whose job changes with the model's state (Download, Cancel
 * download, Use this model), so keyboard focus stays put while a download runs and finishes.
 */
export function ModelItem({ model, download, onDownload, onCancelDownload, onUse, onRemove }: Props) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const itemRef = useRef<HTMLLIElement>(null);
  useFocusRescue(itemRef, headingRef);
  const headingId = `model-${model.id.replace(/[^\w-]/g, '-')}`;
  const downloading = download?.state === 'running';

  let action: { label: string; press: () => void } | null = null;
  if (downloading) action = { label: 'Cancel download', press: () => onCancelDownload(model) };
  else if (!model.installed && model.kind === 'catalog')
    action = { label: 'Download', press: () => onDownload(model) };
  else if (model.installed && !model.active) action = { label: 'Use this model', press: () => onUse(model) };

  const removable = model.installed && !model.active && !downloading;

  return (
    <li className="model" ref={itemRef}>
      <h4 id={headingId} ref={headingRef} tabIndex={-1}>
        {model.displayName}
      </h4>
      <dl className="facts">
        <div>
          <dt>State</dt>
          <dd>{stateText(model)}</dd>
        </div>
        <div>
          <dt>Download size</dt>
          <dd>{model.downloadBytes === null ? 'Unknown' : `${megabytes(model.downloadBytes)} MB`}</dd>
        </div>
        <div>
          <dt>Licence</dt>
          <dd>{model.licence ?? 'Not stated'}</dd>
        </div>
        <div>
          <dt>Identifier</dt>
          <dd className="path">{model.id}</dd>
        </div>
      </dl>
      <DownloadStatus name={model.displayName} download={download} />
      {(action || removable) && (
        <div className="form-actions">
          {action && (
            <Button
              className="button"
              onPress={action.press}
              aria-label={`${action.label}: ${model.displayName}`}
            >
              {action.label}
            </Button>
          )}
          {removable && (
            <Button
              className="button"
              onPress={() => onRemove(model)}
              aria-label={`Remove: ${model.displayName}`}
            >
              Remove
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

import { useEffect, useRef } from 'react';
import type { ModelDownloadState } from '../../../contract/api';
import { modelName } from './model-text';
import type { Models } from './useModels';

/**
 * Says when a download starts, finishes or is cancelled (the bar shows its progress; a failure is in the
 * model's alert, and the stale progress message is cleared). `only` limits it to one model.
 */
export function useDownloadAnnouncements(models: Models, announce: (message: string) => void, only?: string) {
  const { downloads, list } = models;
  const previous = useRef<ReadonlyMap<string, ModelDownloadState>>(downloads);

  useEffect(() => {
    for (const [id, download] of downloads) {
      if (only !== undefined && id !== only) continue;
      if (previous.current.get(id)?.state === download.state) continue;
      const name = modelName(list, id);
      if (download.state === 'running') announce(`Downloading ${name}.`);
      else if (download.state === 'done') announce(`${name} is downloaded and ready to use.`);
      else if (download.state === 'cancelled') announce(`The download of ${name} was cancelled.`);
      else announce(''); // failed: the model's alert says why; "Downloading…" would now be wrong
    }
    previous.current = downloads;
  }, [downloads, list, announce, only]);
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ModelDownloadState, ModelSummary } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';

export interface Models {
  /** null until the first list has arrived. */
  list: ModelSummary[] | null;
  error: string | null;
  /** The latest state of each download started in this session, by model id. */
  downloads: ReadonlyMap<string, ModelDownloadState>;
  refresh: () => void;
  /** Starts a download; resolves with an error message, or null when it started. */
  download: (modelId: string) => Promise<string | null>;
  cancelDownload: (modelId: string) => Promise<string | null>;
  /** Copies a model folder into the app's models; resolves with the model it added, or an error message. */
  importFolder: (path: string) => Promise<{ model: ModelSummary | null } | { error: string }>;
  remove: (modelId: string) => Promise<string | null>;
}

/** The model catalog and its downloads, kept current by `models.download` events. */
export function useModels(): Models {
  const api = useApi();
  const [list, setList] = useState<ModelSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [downloads, setDownloads] = useState<ReadonlyMap<string, ModelDownloadState>>(new Map());
  const generation = useRef(0);

  const refresh = useCallback(() => {
    const mine = ++generation.current;
    void (async () => {
      try {
        const models = await api.call('models.list', {});
        if (mine !== generation.current) return;
        setList(models);
        setError(null);
      } catch (e) {
        if (mine === generation.current) setError(errorMessage(e));
      }
    })();
  }, [api]);

  const record = useCallback((state: ModelDownloadState) => {
    setDownloads((previous) => new Map(previous).set(state.modelId, state));
  }, []);

  useEffect(() => {
    refresh();
    return api.subscribe((event) => {
      if (event.type !== 'models.download') return;
      record(event.download);
      if (event.download.state === 'done') refresh();
    });
  }, [api, refresh, record]);

  const download = useCallback(
    async (modelId: string) => {
      // Forget the last attempt; events about this one may come before the call's answer, and win over it.
      setDownloads((previous) => {
        const next = new Map(previous);
        next.delete(modelId);
        return next;
      });
      try {
        const state = await api.call('models.download', { modelId });
        setDownloads((previous) =>
          previous.has(modelId) ? previous : new Map(previous).set(modelId, state),
        );
        return null;
      } catch (e) {
        return errorMessage(e);
      }
    },
    [api],
  );

  const cancelDownload = useCallback(
    async (modelId: string) => {
      try {
        await api.call('models.cancelDownload', { modelId });
        return null;
      } catch (e) {
        return errorMessage(e);
      }
    },
    [api],
  );

  const replaceList = useCallback(async (call: () => Promise<ModelSummary[]>) => {
    generation.current += 1; // a refresh already on its way would be older than this answer
    try {
      setList(await call());
      return null;
    } catch (e) {
      return errorMessage(e);
    }
  }, []);
  const importFolder = useCallback(
    async (path: string) => {
      generation.current += 1; // a refresh already on its way would be older than this answer
      try {
        const next = await api.call('models.import', { path });
        const known = new Set(list?.map((model) => model.id));
        setList(next);
        return { model: next.find((model) => model.kind === 'imported' && !known.has(model.id)) ?? null };
      } catch (e) {
        return { error: errorMessage(e) };
      }
    },
    [api, list],
  );
  const remove = useCallback(
    (modelId: string) => replaceList(() => api.call('models.remove', { modelId })),
    [api, replaceList],
  );

  return { list, error, downloads, refresh, download, cancelDownload, importFolder, remove };
}

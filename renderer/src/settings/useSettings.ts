import { useCallback, useEffect, useState } from 'react';
import type { AppSettings } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';

export interface Settings {
  /** null until loaded. */
  settings: AppSettings | null;
  loadError: string | null;
  /** Saves some settings at once (shown before the core answers); resolves with an error message or null. */
  save: (changes: Partial<AppSettings>) => Promise<string | null>;
}

export function useSettings(): Settings {
  const api = useApi();
  const [settings, setSettings] = useState<AppSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const loaded = await api.call('settings.get', {});
        if (live) setSettings(loaded);
      } catch (e) {
        if (live) setLoadError(errorMessage(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [api]);

  const save = useCallback(
    async (changes: Partial<AppSettings>) => {
      const before = settings;
      if (before) setSettings({ ...before, ...changes });
      try {
        setSettings(await api.call('settings.update', changes));
        return null;
      } catch (e) {
        setSettings(before);
        return errorMessage(e);
      }
    },
    [api, settings],
  );

  return { settings, loadError, save };
}

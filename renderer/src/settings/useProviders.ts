import { useCallback, useEffect, useState } from 'react';
import type { CallName, CallParams, ProvidersState } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';

type ChangingCall = 'providers.add' | 'providers.remove' | 'providers.choose';

export interface Providers {
  /** null until loaded. */
  state: ProvidersState | null;
  loadError: string | null;
  /** Adds, removes or chooses; resolves with an error message or null. */
  change: <N extends ChangingCall & CallName>(name: N, params: CallParams<N>) => Promise<string | null>;
}

/** The saved model providers of the library, and the one the captions use. */
export function useProviders(): Providers {
  const api = useApi();
  const [state, setState] = useState<ProvidersState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const loaded = await api.call('providers.list', {});
        if (live) setState(loaded);
      } catch (e) {
        if (live) setLoadError(errorMessage(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [api]);

  const change = useCallback(
    async <N extends ChangingCall>(name: N, params: CallParams<N>) => {
      try {
        setState((await api.call(name, params)) as ProvidersState);
        return null;
      } catch (e) {
        return errorMessage(e);
      }
    },
    [api],
  );

  return { state, loadError, change };
}

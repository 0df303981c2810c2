// The saved model providers through the API (issue 13 §4): Settings lists, adds, tests, removes and chooses
// them with the same core calls as `altlens providers`. A key pasted in goes to the 0600 key file and never
// comes back out: the answers hold only where it is kept, masked.
import type { ProvidersState } from '../../../contract/api.js';
import type { CallLimits } from '../providers/calls.js';
import { DEFAULT_URL } from '../providers/make-provider.js';
import { checked } from '../providers/provider-settings.js';
import type { SavedProviders } from '../providers/saved-providers.js';
import { badRequest } from './errors.js';
import type { Handlers } from './handlers.js';

type ProviderCall =
  'providers.list' | 'providers.add' | 'providers.remove' | 'providers.test' | 'providers.choose';

/** "Test connection" answers within seconds: one try, no retries, so a dead server is said at once. */
export const TEST_LIMITS: CallLimits = {
  connectTimeoutMs: 5000,
  totalTimeoutMs: 8000,
  retries: 0,
  backoffMs: 0,
  maxRetryWaitMs: 0,
};

/** The core's refusals (no such provider, not agreed to, a field not right) are the person's to fix. */
async function refusedAsBadRequest<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw badRequest(error instanceof Error ? error.message : String(error));
  }
}

export function createProviderHandlers(
  saved: SavedProviders,
  limits: CallLimits = TEST_LIMITS,
  /** Told the name of a provider just removed (the folders it described go back to the library's choice). */
  onRemoved: (name: string) => void = () => undefined,
): Pick<Handlers, ProviderCall> {
  const state = async (): Promise<ProvidersState> => {
    const providers = [];
    for (const provider of saved.list()) {
      const { name, kind, url, model } = provider;
      providers.push({
        name,
        kind,
        url,
        model,
        key: await saved.keySource(provider),
        agreed: saved.agreed(name),
      });
    }
    return { providers, captionProvider: saved.chosen(), defaultUrls: { ...DEFAULT_URL } };
  };
  return {
    'providers.list': state,
    'providers.add': ({ key, ...fields }) =>
      refusedAsBadRequest(async () => {
        const trimmed = key?.trim();
        await saved.add(checked(fields), trimmed ? trimmed : undefined);
        return state();
      }),
    'providers.remove': ({ name }) =>
      refusedAsBadRequest(async () => {
        if (!(await saved.remove(name))) throw new Error(`There is no saved provider named "${name}".`);
        onRemoved(name);
        return state();
      }),
    'providers.test': async ({ name }) => {
      const { provider, saved: entry } = await refusedAsBadRequest(() => saved.open(name, limits));
      try {
        const models = await provider.listModels();
        const listed = models.includes(entry.model)
          ? `${provider.label} answers with ${models.length} model${models.length === 1 ? '' : 's'}.`
          : `${provider.label} answers, but the model ${entry.model} is not among its models: add the provider again with one of them.`;
        return { ok: true, models, message: listed };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { ok: false, models: [], message: reason.split('\n')[0] ?? reason };
      }
    },
    'providers.choose': ({ name, sendPhotos }) =>
      refusedAsBadRequest(() => {
        if (name !== null && sendPhotos) saved.agree(name);
        saved.choose(name);
        return state();
      }),
  };
}

// The provider flags of `caption` and `ask` (issue 13 §4): `--provider ollama|openai|anthropic` with
// `--provider-url` and `--model` for one-off use (the key from the environment), or `--provider NAME` for a
// saved provider (`altlens providers add`). The key is never printed: failures name what failed only.
import { Option } from 'commander';
import { KeyFile, keyFromEnvironment } from '../core/providers/keys.js';
import { DEFAULT_URL, makeProvider, providerFromSaved } from '../core/providers/make-provider.js';
import type { CaptionsProvider } from '../core/providers/provider-captions.js';
import { checked } from '../core/providers/provider-settings.js';
import { ProviderKind, type RetryNotice } from '../core/providers/provider.js';
import { SavedProviders } from '../core/providers/saved-providers.js';
import { resolveDataDir } from '../core/paths.js';
import { openExistingLibrary } from './library-access.js';
import type { CliIo } from './options.js';

export interface ProviderFlags {
  provider?: string;
  providerUrl?: string;
  /** With --provider: the provider's model (for a saved one, over its own). */
  model?: string;
  dataDir?: string;
}

export const providerOption = () =>
  new Option(
    '--provider <kind|name>',
    'describe with a model provider instead of on this computer: ollama, openai or anthropic ' +
      "(the photo is sent to it as a JPEG without metadata), or a saved provider's name",
  );

export const providerUrlOption = () =>
  new Option('--provider-url <url>', "with --provider: the API's address (default: the kind's own)");

/** The provider the flags name, its key from the environment (or, for a saved one, the key file). */
export async function providerFromFlags(flags: ProviderFlags): Promise<CaptionsProvider> {
  const given = flags.provider ?? '';
  const kind = ProviderKind.safeParse(given);
  const dataDir = resolveDataDir(flags.dataDir);
  if (kind.success) {
    if (!flags.model) throw new Error(`--provider ${given} needs --model: the model's name on the server.`);
    const saved = checked({
      name: given,
      kind: kind.data,
      url: flags.providerUrl ?? DEFAULT_URL[kind.data],
      model: flags.model,
    });
    const key = keyFromEnvironment(saved.kind, undefined);
    return {
      provider: makeProvider(saved.kind, { url: saved.url, model: saved.model, key }),
      origin: { kind: saved.kind, name: null },
      model: saved.model,
    };
  }
  const library = openExistingLibrary(flags.dataDir);
  if (!library) {
    throw new Error(
      `"${given}" is not a provider kind (ollama, openai, anthropic) and there is no library with saved providers.`,
    );
  }
  try {
    const providers = new SavedProviders(library.settings, KeyFile.inDataDir(dataDir));
    const saved = providers.find(given);
    if (!saved) {
      throw new Error(
        `"${given}" is neither a provider kind (ollama, openai, anthropic) nor a saved provider: see "altlens providers list".`,
      );
    }
    const changed = checked({
      ...saved,
      ...(flags.providerUrl ? { url: flags.providerUrl } : {}),
      ...(flags.model ? { model: flags.model } : {}),
    });
    const provider = providerFromSaved(changed, await providers.keys.read(saved.name));
    return { provider, origin: { kind: saved.kind, name: saved.name }, model: changed.model };
  } finally {
    library.close();
  }
}

/** Says each wait before a retry on stderr. */
export function retryNotices(io: CliIo): (notice: RetryNotice) => void {
  return ({ reason, waitMs, attempt }) =>
    io.err(`  ${reason}; trying again in ${(waitMs / 1000).toFixed(1)} s (try ${attempt}).\n`);
}

// A provider from its settings: the kinds, their default URLs, and a provider made from a saved one
// (provider-settings.ts), its key read from the environment or the key file.
import { AnthropicProvider, ANTHROPIC_DEFAULT_URL } from './anthropic.js';
import { DEFAULT_LIMITS, type CallLimits } from './calls.js';
import { keyFromEnvironment } from './keys.js';
import { OllamaProvider, OLLAMA_DEFAULT_URL } from './ollama.js';
import { OpenAiProvider, OPENAI_DEFAULT_URL } from './openai.js';
import type { DescriptionProvider, ProviderKind, ProviderOptions } from './provider.js';
import type { SavedProvider } from './provider-settings.js';

export const DEFAULT_URL: Record<ProviderKind, string> = {
  ollama: OLLAMA_DEFAULT_URL,
  openai: OPENAI_DEFAULT_URL,
  anthropic: ANTHROPIC_DEFAULT_URL,
};

/** A provider of the kind, reached as the options say. */
export function makeProvider(
  kind: ProviderKind,
  options: ProviderOptions,
  limits: CallLimits = DEFAULT_LIMITS,
): DescriptionProvider {
  const url = options.url.replace(/\/+$/, '');
  const trimmed = { ...options, url };
  if (kind === 'ollama') return new OllamaProvider(trimmed, limits);
  if (kind === 'openai') return new OpenAiProvider(trimmed, limits);
  return new AnthropicProvider(trimmed, limits);
}

/** A saved provider, its key read from the environment, else from `savedKey` (the key file). */
export function providerFromSaved(
  saved: SavedProvider,
  savedKey: string | null,
  env: NodeJS.ProcessEnv = process.env,
  limits: CallLimits = DEFAULT_LIMITS,
): DescriptionProvider {
  const key = keyFromEnvironment(saved.kind, saved.keyVariable, env) ?? savedKey;
  return makeProvider(
    saved.kind,
    {
      url: saved.url,
      model: saved.model,
      key,
      ...(saved.concurrency === undefined ? {} : { concurrency: saved.concurrency }),
    },
    limits,
  );
}

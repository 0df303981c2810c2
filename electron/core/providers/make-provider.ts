// A provider from its settings: the kinds, their default URLs, and a saved provider's shape (a name, the
// kind, URL, model, the environment variable its key is read from, its concurrency; never the key).
import { z } from 'zod';
import { AnthropicProvider, ANTHROPIC_DEFAULT_URL } from './anthropic.js';
import { DEFAULT_LIMITS, type CallLimits } from './calls.js';
import { keyFromEnvironment } from './keys.js';
import { OllamaProvider, OLLAMA_DEFAULT_URL } from './ollama.js';
import { OpenAiProvider, OPENAI_DEFAULT_URL } from './openai.js';
import { ProviderKind, type DescriptionProvider, type ProviderOptions } from './provider.js';

export const DEFAULT_URL: Record<ProviderKind, string> = {
  ollama: OLLAMA_DEFAULT_URL,
  openai: OPENAI_DEFAULT_URL,
  anthropic: ANTHROPIC_DEFAULT_URL,
};

/** A provider kept in the settings. It holds no key: only where the key is read from. */
export const SavedProvider = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'a name of lowercase letters, digits, ".", "_" or "-"'),
  kind: ProviderKind,
  url: z.url({ protocol: /^https?$/ }),
  model: z.string().trim().min(1).max(200),
  /** The environment variable holding its key, when not the kind's default. */
  keyVariable: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
});
export type SavedProvider = z.infer<typeof SavedProvider>;

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

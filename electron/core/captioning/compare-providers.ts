// Saved model providers as Compare candidates (issue 13 §5): offered only once the person agreed to send
// photos to them, asked with the same prompt as the models beside them, the photo sent as a metadata-free
// JPEG like every provider call.
import type { CompareOption } from '../../../contract/api.js';
import { captionWithProvider, type ProviderCaptionResult } from '../providers/provider-captions.js';
import type { SavedProviders } from '../providers/saved-providers.js';
import type { PromptRequest } from './prompt.js';

export type CompareProviders = Pick<SavedProviders, 'list' | 'agreed' | 'openAgreed'>;

/** The saved providers the person agreed to send photos to, named by model and provider, with where they go. */
export async function providerOptions(providers: CompareProviders): Promise<CompareOption[]> {
  const offered: CompareOption[] = [];
  for (const saved of providers.list()) {
    if (!providers.agreed(saved.name)) continue;
    const { provider } = await providers.openAgreed(saved.name);
    offered.push({
      candidate: { kind: 'provider', id: saved.name },
      name: `${saved.model} (provider ${saved.name})`,
      family: `the photo is sent to ${provider.label}`,
    });
  }
  return offered;
}

/** The saved provider's alt text for the photo, in the settings' style; the provenance says where it went. */
export async function providerAnswer(
  providers: CompareProviders,
  name: string,
  path: string,
  request: PromptRequest,
  signal: AbortSignal,
): Promise<ProviderCaptionResult> {
  const { saved, provider } = await providers.openAgreed(name);
  const origin = { kind: saved.kind, name: saved.name };
  return captionWithProvider(provider, origin, path, { ocr: false, request, signal });
}

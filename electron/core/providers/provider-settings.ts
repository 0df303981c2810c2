// What the settings keep about model providers (issue 13 §2, §4): the saved providers (a name, the kind, URL,
// model, the environment variable its key is read from, its concurrency; never the key), the one chosen for
// the captions (none: the on-device model, the default), and the providers the person agreed to send photos
// to. Imports zod only, so the settings can hold it without loading the providers' SDKs.
import { z } from 'zod';
import { ON_DEVICE } from '../../../contract/api.js';
import { ProviderKind } from './provider.js';

/** A URL with a user name or password in it would keep a secret in the settings. */
function holdsNoCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** A provider kept in the settings. It holds no key: only where the key is read from. */
export const SavedProvider = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'a name of lowercase letters, digits, ".", "_" or "-"')
    .refine((name) => name !== ON_DEVICE, `a name other than "${ON_DEVICE}", which means this computer`),
  kind: ProviderKind,
  url: z
    .url({ protocol: /^https?$/ })
    .refine(holdsNoCredentials, 'a URL without a user name or password (keys go in the environment)'),
  model: z.string().trim().min(1).max(200),
  /** The environment variable holding its key, when not the kind's default. */
  keyVariable: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
});
export type SavedProvider = z.infer<typeof SavedProvider>;

/** The input as a saved provider, or an error naming the first field that is not right. */
export function checked(input: unknown): SavedProvider {
  const parsed = SavedProvider.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') ?? 'provider';
  throw new Error(`The provider's ${field} is not right: ${issue?.message ?? 'check it'}.`);
}

/** The provider settings, each with its default (private by default: no provider, nothing sent). */
export const ProviderSettings = {
  providers: z.array(SavedProvider).default([]),
  /** The saved provider the caption queue uses; null: the on-device model. */
  captionProvider: z.string().nullable().default(null),
  /** Saved providers the person agreed to send photos to ("photos go to X", asked once per provider). */
  providerConsent: z.array(z.string()).default([]),
};

// The saved model providers (issue 13 §2, §4), kept in the library's settings without their keys: added,
// removed, agreed to ("photos go to X", once per provider) and chosen for the captions. A key given when one
// is added goes to the 0600 key file outside the library (keys.ts); the environment's key comes first.
import { ON_DEVICE } from '../../../contract/api.js';
import type { SettingsStore } from '../settings.js';
import { DEFAULT_LIMITS, type CallLimits } from './calls.js';
import { DEFAULT_KEY_VARIABLE, keyFromEnvironment, maskKey, type KeyFile } from './keys.js';
import { providerFromSaved } from './make-provider.js';
import type { DescriptionProvider } from './provider.js';
import type { SavedProvider } from './provider-settings.js';

/** A saved provider made ready to call, with its name. */
export interface OpenedProvider {
  readonly saved: SavedProvider;
  readonly provider: DescriptionProvider;
}

/** Where a saved provider's key comes from, shown masked. */
export interface KeySource {
  readonly from: 'environment' | 'key file' | 'none';
  /** The environment variable, for `environment` (and the one looked at, for `none`). */
  readonly variable: string | null;
  /** The key masked ("••••WXYZ"), never the key. */
  readonly masked: string | null;
}

export class SavedProviders {
  constructor(
    private readonly settings: Pick<SettingsStore, 'read' | 'write'>,
    readonly keys: KeyFile,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  list(): SavedProvider[] {
    return this.settings.read().providers;
  }

  find(name: string): SavedProvider | null {
    return this.list().find((saved) => saved.name === name) ?? null;
  }

  /** The provider the captions use; null for the on-device model. */
  chosen(): string | null {
    return this.settings.read().captionProvider;
  }

  agreed(name: string): boolean {
    return this.settings.read().providerConsent.includes(name);
  }

  /**
   * Saves a provider, replacing one of the same name; sending to it must be agreed to again if it now goes
   * elsewhere (another kind or URL). A key given is saved in the key file, never in the settings.
   */
  async add(provider: SavedProvider, key?: string): Promise<void> {
    if (key !== undefined) await this.keys.save(provider.name, key);
    const { providers, providerConsent } = this.settings.read();
    const before = providers.find((saved) => saved.name === provider.name);
    const sameDestination = before?.kind === provider.kind && before.url === provider.url;
    this.settings.write({
      providers: [...providers.filter((saved) => saved.name !== provider.name), provider],
      providerConsent: sameDestination
        ? providerConsent
        : providerConsent.filter((name) => name !== provider.name),
    });
  }

  /** Removes a saved provider, its key in the key file and its consent; the captions go back on-device if it was chosen. */
  async remove(name: string): Promise<boolean> {
    const { providers, providerConsent, captionProvider } = this.settings.read();
    if (!providers.some((saved) => saved.name === name)) return false;
    await this.keys.remove(name);
    this.settings.write({
      providers: providers.filter((saved) => saved.name !== name),
      providerConsent: providerConsent.filter((agreed) => agreed !== name),
      captionProvider: captionProvider === name ? null : captionProvider,
    });
    return true;
  }

  /** Records that the person agreed to send photos to the saved provider. */
  agree(name: string): void {
    this.named(name);
    const { providerConsent } = this.settings.read();
    if (!providerConsent.includes(name)) this.settings.write({ providerConsent: [...providerConsent, name] });
  }

  /** Chooses the provider the captions use (null: on-device); sending to it must have been agreed to. */
  choose(name: string | null): void {
    if (name !== null) this.refuseUnagreed(this.named(name));
    this.settings.write({ captionProvider: name });
  }

  /**
   * Refuses what a folder may not be described with: a name that is no saved provider, or one the person
   * has not agreed to send photos to. Null (as the library) and ON_DEVICE are always fine.
   */
  checkFolderChoice(name: string | null): void {
    if (name === null || name === ON_DEVICE) return;
    this.refuseUnagreed(this.named(name));
  }

  /** Where the saved provider's key comes from, masked. */
  async keySource(saved: SavedProvider): Promise<KeySource> {
    const variable = saved.keyVariable ?? DEFAULT_KEY_VARIABLE[saved.kind];
    const fromEnvironment = keyFromEnvironment(saved.kind, saved.keyVariable, this.env);
    if (fromEnvironment) return { from: 'environment', variable, masked: maskKey(fromEnvironment) };
    const fromFile = await this.keys.read(saved.name);
    if (fromFile) return { from: 'key file', variable: null, masked: maskKey(fromFile) };
    return { from: 'none', variable, masked: null };
  }

  /** The saved provider ready to call, its key read from the environment or the key file. */
  async open(name: string, limits: CallLimits = DEFAULT_LIMITS): Promise<OpenedProvider> {
    const saved = this.named(name);
    const provider = providerFromSaved(saved, await this.keys.read(saved.name), this.env, limits);
    return { saved, provider };
  }

  /** A saved provider ready to be sent photos (captions, Compare); refused if that was not agreed to. */
  async openAgreed(name: string, limits: CallLimits = DEFAULT_LIMITS): Promise<OpenedProvider> {
    this.refuseUnagreed(this.named(name));
    return this.open(name, limits);
  }

  private named(name: string): SavedProvider {
    const saved = this.find(name);
    if (!saved) {
      throw new Error(`There is no saved provider named "${name}": see "altlens providers list".`);
    }
    return saved;
  }

  private refuseUnagreed(saved: SavedProvider): void {
    if (this.agreed(saved.name)) return;
    throw new Error(
      `Photos would be sent to ${saved.kind} at ${saved.url} (provider "${saved.name}"), which was not ` +
        `agreed to: agree first (in Settings, or "altlens providers choose ${saved.name} --send-photos"), ` +
        'or caption on this computer.',
    );
  }
}

// Provider keys (issue 13 §2): read from an environment variable, or in CLI and browser mode from a file
// readable by its owner only (0600) kept outside the library; never stored in the library database, never
// written to logs, errors or exports; shown masked.
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { ProviderKind } from './provider.js';

/** The environment variable each kind's key is read from, unless a provider names its own. */
export const DEFAULT_KEY_VARIABLE: Record<ProviderKind, string | null> = {
  ollama: null,
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
};

/** The key from the environment: the provider's own variable, else its kind's default; null when unset. */
export function keyFromEnvironment(
  kind: ProviderKind,
  variable: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const name = variable ?? DEFAULT_KEY_VARIABLE[kind];
  const value = name ? env[name]?.trim() : undefined;
  return value ? value : null;
}

/** A key as people may see it: its last four characters at most, the rest hidden. */
export function maskKey(key: string): string {
  return key.length >= 16 ? `••••${key.slice(-4)}` : '••••';
}

/** `text` with every occurrence of the key (and of its longer pieces) replaced by its masked form. */
export function scrubKey(text: string, key: string | null): string {
  if (!key || key.length < 4) return text;
  let scrubbed = text.split(key).join(maskKey(key));
  // Some servers echo a key partly ("sk-abc***xyz"): hide any 8-character piece of it too.
  for (let start = 0; key.length >= 8 && start + 8 <= key.length; start += 1) {
    scrubbed = scrubbed.split(key.slice(start, start + 8)).join('••••');
  }
  return scrubbed;
}

const KeyFileContent = z.record(z.string(), z.string().min(1));

/**
 * Saved keys for CLI and browser mode, one per saved provider name, in a JSON file only its owner may
 * read (0600). It lives outside the library (the library and its exports never hold a key); a file
 * others can read is refused rather than used.
 */
export class KeyFile {
  constructor(readonly path: string) {}

  /** The key file's default place: beside the data folder's library, in a file of its own. */
  static inDataDir(dataDir: string): KeyFile {
    return new KeyFile(join(dataDir, 'provider-keys.json'));
  }

  async read(name: string): Promise<string | null> {
    return (await this.all())[name] ?? null;
  }

  async save(name: string, key: string): Promise<void> {
    await this.write({ ...(await this.all()), [name]: key.trim() });
  }

  async remove(name: string): Promise<void> {
    const keys = await this.all();
    if (!(name in keys)) return;
    await this.write(Object.fromEntries(Object.entries(keys).filter(([saved]) => saved !== name)));
  }

  private async all(): Promise<Record<string, string>> {
    const info = await stat(this.path).catch(() => null);
    if (!info) return {};
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      throw new Error(
        `The key file ${this.path} can be read by others; make it private (chmod 600 ${this.path}) or delete it.`,
      );
    }
    const parsed = KeyFileContent.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
    if (!parsed.success)
      throw new Error(`The key file ${this.path} is damaged; delete it and add the keys again.`);
    return { ...parsed.data };
  }

  private async write(keys: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const partial = `${this.path}.${process.pid}.partial`;
    await writeFile(partial, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
    await chmod(partial, 0o600);
    await rename(partial, this.path);
  }
}

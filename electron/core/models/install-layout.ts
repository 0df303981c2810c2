import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/*
 * Where models live in the cache dir. A downloaded model is one folder per (model, revision, dtype):
 *   <cacheDir>/<owner>/<name>/<revision>/<dtype>/   config.json, tokenizer…, onnx/*.onnx, .altlens-model.json
 * staged first in `<dtype>.partial` beside it. Imported folders live in <cacheDir>/imported/<name>/.
 * Each folder is loadable by transformers.js by its absolute path.
 */

export const MANIFEST_FILE = '.altlens-model.json';
export const STAGING_SUFFIX = '.partial';
export const IMPORTED_DIR = 'imported';

export const installManifestSchema = z.object({
  modelId: z.string(),
  revision: z.string(),
  dtype: z.string(),
  host: z.string(),
  installedAt: z.string(),
  files: z.array(z.object({ path: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string() })),
});

export type InstallManifest = z.infer<typeof installManifestSchema>;

export function modelRoot(cacheDir: string, modelId: string): string {
  return join(cacheDir, ...modelId.split('/'));
}

export function installDir(cacheDir: string, modelId: string, revision: string, dtype: string): string {
  return join(modelRoot(cacheDir, modelId), revision, dtype);
}

export function stagingDirFor(finalDir: string): string {
  return `${finalDir}${STAGING_SUFFIX}`;
}

/** The manifest of an installed folder, or null when there is none (or it is not ours). */
export async function readManifest(dir: string): Promise<InstallManifest | null> {
  try {
    const parsed = installManifestSchema.safeParse(
      JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

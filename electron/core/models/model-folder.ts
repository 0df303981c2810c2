import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readEmbeddingFamily, readModelFamily, UnsupportedModelError } from '../captioning/architectures.js';

/** A folder given as a model is not one transformers.js could load; `message` is one readable line. */
export class ModelStoreError extends Error {
  override readonly name = 'ModelStoreError';
}

/**
 * Checks that `dir` looks like a model transformers.js can load by path: config.json at its root and at least
 * one onnx/*.onnx file. Throws a ModelStoreError saying what is missing.
 */
export async function assertModelFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new ModelStoreError(`${dir} is not a folder.`);
  const config = await stat(join(dir, 'config.json')).catch(() => null);
  if (!config?.isFile()) throw new ModelStoreError(`${dir} is not a model folder: it has no config.json.`);
  const onnx = await readdir(join(dir, 'onnx')).catch(() => []);
  if (!onnx.some((name) => name.endsWith('.onnx'))) {
    throw new ModelStoreError(`${dir} is not a model folder: it has no onnx/*.onnx files.`);
  }
}

/**
 * Checks that `dir` is a model folder (assertModelFolder) of a kind AltLens runs: its config.json names, as
 * `model_type`, a family that has an adapter (architectures.ts).
 */
export async function assertSupportedModelFolder(dir: string): Promise<void> {
  await assertModelFolder(dir);
  try {
    readModelFamily(dir);
  } catch (error) {
    if (error instanceof UnsupportedModelError) throw new ModelStoreError(error.message);
    throw new ModelStoreError(`${dir} is not a model folder: its config.json is not a model's settings.`);
  }
}

/**
 * Checks that `dir` is a model folder that AltLens runs for something: a captioning model
 * (assertSupportedModelFolder), or an embedding model (CLIP) for search by meaning.
 */
export async function assertImportableModelFolder(dir: string): Promise<void> {
  await assertModelFolder(dir);
  try {
    readEmbeddingFamily(dir);
  } catch {
    await assertSupportedModelFolder(dir);
  }
}

/** Total size of the files under `dir`. */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}

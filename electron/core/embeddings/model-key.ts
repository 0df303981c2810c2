// Which model made an embedding, as the embeddings table keeps it: the same model gives the same key wherever
// its folder is (given by path, or imported into the model store), and another model another key, so that
// vectors of two models are never compared.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Files whose content says which model a folder holds (those missing are left out). */
const SETTINGS_FILES = ['config.json', 'preprocessor_config.json', 'tokenizer.json'];

/** `<family>@<16 hex digits>`: a fingerprint of the folder's settings and the sizes of its ONNX files. */
export async function embeddingModelKey(modelDir: string, family: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of SETTINGS_FILES) {
    const content = await readFile(join(modelDir, file)).catch(() => null);
    if (content) hash.update(`${file}\0`).update(content).update('\0');
  }
  const onnx = (await readdir(join(modelDir, 'onnx')).catch(() => []))
    .filter((f) => f.endsWith('.onnx'))
    .sort();
  for (const file of onnx) hash.update(`${file}\0${(await stat(join(modelDir, 'onnx', file))).size}\0`);
  return `${family}@${hash.digest('hex').slice(0, 16)}`;
}

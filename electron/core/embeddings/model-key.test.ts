import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTinyClip } from '../../../models/test-model/tiny-clip.js';
import { tempDir } from '../testing/sample-images.js';
import { embeddingModelKey } from './model-key.js';

let dir: string;

beforeAll(async () => {
  dir = join(tempDir('model-key'), 'tiny-clip');
  await writeTinyClip(dir);
});

describe('embeddingModelKey', () => {
  it('is the same for a copy of the folder under another name, and differs when the model differs', async () => {
    const key = await embeddingModelKey(dir, 'clip');
    expect(key).toMatch(/^clip@[0-9a-f]{16}$/);
    const copy = join(tempDir('model-key-copy'), 'renamed');
    await cp(dir, copy, { recursive: true });
    expect(await embeddingModelKey(copy, 'clip')).toBe(key);
    await writeFile(join(copy, 'onnx', 'vision_model.onnx'), 'other weights');
    const otherWeights = await embeddingModelKey(copy, 'clip');
    expect(otherWeights).not.toBe(key);
    await writeFile(join(copy, 'config.json'), '{"model_type":"clip","projection_dim":512}');
    expect(await embeddingModelKey(copy, 'clip')).not.toBe(otherWeights);
  });
});

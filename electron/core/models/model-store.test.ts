import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalog, defaultModelId } from '../../../models/catalog.js';
import { writeTinyCaptioner } from '../../../models/test-model/tiny-captioner.js';
import { writeTinyClip } from '../../../models/test-model/tiny-clip.js';
import { writeTinyFlorence2 } from '../../../models/test-model/tiny-florence2.js';
import { writeTinyIdefics3 } from '../../../models/test-model/tiny-idefics3.js';
import { tempDir } from '../testing/sample-images.js';
import { ModelStoreError } from './model-folder.js';
import { ModelStore } from './model-store.js';
import { startFakeHub, type FakeHub } from './testing/fake-hub.js';
import { TEST_MODEL_ID, TEST_REVISION, testCatalogModel, testModelFiles } from './testing/test-model.js';

/** A folder shaped like the tiny test model: config.json and onnx/*.onnx. */
function writeModelFolder(dir: string): string {
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'config.json'), '{"model_type":"vision-encoder-decoder"}');
  writeFileSync(join(dir, 'onnx', 'encoder_model.onnx'), Buffer.alloc(1000, 1));
  return dir;
}

const files = testModelFiles();
let hub: FakeHub;
let store: ModelStore;

beforeEach(async () => {
  hub = await startFakeHub(TEST_MODEL_ID, TEST_REVISION, files);
  store = new ModelStore(tempDir('store'), [...catalog, testCatalogModel(files)]);
});
afterEach(async () => {
  await hub.close();
});

describe('ModelStore', () => {
  it('lists every catalog model as not installed in an empty store, distilvit marked default', async () => {
    const listed = await store.list();
    expect(listed.map((m) => m.id)).toEqual([...catalog.map((m) => m.id), TEST_MODEL_ID]);
    expect(listed.every((m) => m.kind === 'catalog' && !m.installed)).toBe(true);
    expect(listed.find((m) => m.kind === 'catalog' && m.isDefault)?.id).toBe(defaultModelId);
  });

  it('lists a downloaded model with its dtype and bytes, gives its path, and removes it', async () => {
    const result = await store.download(TEST_MODEL_ID, { host: hub.host });
    const listed = (await store.list()).find((m) => m.id === TEST_MODEL_ID);
    expect(listed).toMatchObject({ kind: 'catalog', installed: true });
    expect(listed?.kind === 'catalog' && listed.copies).toEqual([
      { revision: TEST_REVISION, dtype: 'q8', dir: result.dir, bytes: expect.any(Number) },
    ]);
    // bytes on disk include the manifest written beside the model files
    expect(listed?.kind === 'catalog' ? listed.copies[0]?.bytes : 0).toBeGreaterThan(result.bytes);
    await expect(store.pathOf(TEST_MODEL_ID)).resolves.toBe(result.dir);
    await expect(store.pathOf(TEST_MODEL_ID, 'fp16')).rejects.toThrow(
      `${TEST_MODEL_ID} (fp16) is not installed`,
    );

    await store.remove(TEST_MODEL_ID);
    expect(existsSync(result.dir)).toBe(false);
    await expect(store.pathOf(TEST_MODEL_ID)).rejects.toThrow(`${TEST_MODEL_ID} is not installed`);
    await expect(store.remove(TEST_MODEL_ID)).rejects.toThrow(ModelStoreError);
  });

  it('imports a model folder by copying it in whole, then lists, resolves and removes it', async () => {
    const source = writeModelFolder(join(tempDir('import-src'), 'my model'));
    const imported = await store.importFolder(source);
    expect(imported).toMatchObject({
      kind: 'imported',
      id: 'imported/my-model',
      name: 'my-model',
      displayName: 'my-model',
      bytes: 1039,
    });
    expect(readdirSync(join(store.cacheDir, 'imported'))).toEqual(['my-model']);

    const listed = await store.list();
    expect(listed.at(-1)).toEqual(imported);
    await expect(store.pathOf('imported/my-model')).resolves.toBe(imported.dir);
    await expect(store.importFolder(source)).rejects.toThrow(
      'An imported model called my-model already exists',
    );

    await store.remove('imported/my-model');
    expect(readdirSync(join(store.cacheDir, 'imported'))).toEqual([]);
  });

  it('names models for people: by catalog name, by folder name (never the path), a test model as one', async () => {
    const tiny = join(tempDir('name-src'), 'tiny-captioner');
    await writeTinyCaptioner(tiny);
    const imported = await store.importFolder(tiny);
    expect(imported.displayName).toBe('tiny-captioner (test model)');
    expect((await store.list()).at(-1)).toMatchObject({ displayName: 'tiny-captioner (test model)' });
    await expect(store.nameOf('imported/tiny-captioner')).resolves.toBe('tiny-captioner (test model)');
    await expect(store.nameOf(tiny)).resolves.toBe('tiny-captioner (test model)');
    const plain = writeModelFolder(join(tempDir('name-plain'), 'plain-model'));
    await expect(store.nameOf(plain)).resolves.toBe('plain-model');
    // Not installed, not a folder: still named, by the catalog or by the last part of the path.
    await expect(store.nameOf(defaultModelId)).resolves.toBe('DistilViT (Mozilla) — short alt text');
    await expect(store.nameOf(join(tempDir('name-gone'), 'gone'))).resolves.toBe('gone');
  });

  it('refuses a folder without config.json or without onnx files, copying nothing', async () => {
    const noConfig = tempDir('no-config');
    mkdirSync(join(noConfig, 'onnx'));
    writeFileSync(join(noConfig, 'onnx', 'model.onnx'), 'x');
    await expect(store.importFolder(noConfig)).rejects.toThrow(
      `${noConfig} is not a model folder: it has no config.json.`,
    );

    const noOnnx = tempDir('no-onnx');
    writeFileSync(join(noOnnx, 'config.json'), '{}');
    await expect(store.importFolder(noOnnx)).rejects.toThrow(
      `${noOnnx} is not a model folder: it has no onnx/*.onnx files.`,
    );
    expect(existsSync(join(store.cacheDir, 'imported'))).toBe(false);
  });

  it('imports idefics3 (SmolVLM) and Florence-2 folders, and refuses a kind of model it has no adapter for', async () => {
    const smol = join(tempDir('import-idefics3'), 'tiny-idefics3');
    await writeTinyIdefics3(smol);
    const imported = await store.importFolder(smol);
    expect(imported).toMatchObject({
      id: 'imported/tiny-idefics3',
      displayName: 'tiny-idefics3 (test model)',
    });
    const florence = join(tempDir('import-florence2'), 'tiny-florence2');
    await writeTinyFlorence2(florence);
    const importedFlorence = await store.importFolder(florence);
    expect(importedFlorence).toMatchObject({
      id: 'imported/tiny-florence2',
      displayName: 'tiny-florence2 (test model)',
    });
    expect(existsSync(join(importedFlorence.dir, 'onnx', 'encoder_model.onnx'))).toBe(true);

    const unknown = tempDir('import-unknown-kind');
    mkdirSync(join(unknown, 'onnx'));
    writeFileSync(join(unknown, 'config.json'), '{"model_type":"made-up-vlm"}');
    writeFileSync(join(unknown, 'onnx', 'encoder_model.onnx'), 'x');
    await expect(store.importFolder(unknown)).rejects.toThrow(
      `${unknown} holds a "made-up-vlm" model, which AltLens cannot run; ` +
        'it runs vision-encoder-decoder, idefics3, smolvlm, florence2 models.',
    );
  });

  it('imports a CLIP folder as an embedding model, and still refuses it as the model that describes photos', async () => {
    const clip = join(tempDir('import-clip'), 'tiny-clip');
    await writeTinyClip(clip);
    const imported = await store.importFolder(clip);
    expect(imported).toMatchObject({ id: 'imported/tiny-clip', displayName: 'tiny-clip (test model)' });
    expect(existsSync(join(imported.dir, 'onnx', 'vision_model.onnx'))).toBe(true);
    await expect(store.checkChoice('imported/tiny-clip')).rejects.toThrow(
      'which finds photos by meaning but does not describe them',
    );
  });

  it('takes a model folder given by absolute or relative path, after checking it', async () => {
    const dir = writeModelFolder(tempDir('direct'));
    await expect(store.pathOf(dir)).resolves.toBe(dir);
    await expect(store.pathOf(relative(process.cwd(), dir))).resolves.toBe(dir);
    await expect(store.pathOf(tempDir('empty'))).rejects.toThrow('it has no config.json');
    await expect(store.pathOf('no/such/model')).rejects.toThrow(
      'no/such/model is neither a model in the catalog nor a folder.',
    );
  });
});

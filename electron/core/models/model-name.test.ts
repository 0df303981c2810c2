import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTinyCaptioner } from '../../../models/test-model/tiny-captioner.js';
import { tempDir } from '../testing/sample-images.js';
import { isTestModelFolder, modelDisplayName } from './model-name.js';
import { testCatalogModel, testModelFiles } from './testing/test-model.js';

describe('modelDisplayName', () => {
  it('names a catalog model by its catalog name', () => {
    expect(modelDisplayName('Mozilla/distilvit')).toBe('DistilViT (Mozilla) — short alt text');
    const test = testCatalogModel(testModelFiles());
    expect(modelDisplayName(test.id, { catalog: [test] })).toBe('Tiny test captioner');
  });

  it('names an imported model by its name and a folder by its own name, never the whole path', () => {
    expect(modelDisplayName('imported/my-captioner')).toBe('my-captioner');
    expect(modelDisplayName('/tmp/altlens-e2e-model-x/tiny-captioner')).toBe('tiny-captioner');
    expect(modelDisplayName('/tmp/models/tiny-captioner/')).toBe('tiny-captioner');
    expect(modelDisplayName('C:\\Users\\ana\\Models\\florence')).toBe('florence');
    expect(modelDisplayName('models/tiny-captioner')).toBe('tiny-captioner');
    expect(modelDisplayName('tiny-captioner')).toBe('tiny-captioner');
  });

  it('says "(test model)" after a test model\'s name, whatever kind of name it is', () => {
    expect(modelDisplayName('/tmp/x/tiny-captioner', { testModel: true })).toBe(
      'tiny-captioner (test model)',
    );
    expect(modelDisplayName('imported/tiny', { testModel: true })).toBe('tiny (test model)');
    expect(modelDisplayName('Mozilla/distilvit', { testModel: false })).toBe(
      'DistilViT (Mozilla) — short alt text',
    );
  });
});

describe('isTestModelFolder', () => {
  it('recognises the tiny test captioner by the marker in its config.json', async () => {
    const dir = join(tempDir('model-name'), 'tiny-captioner');
    await writeTinyCaptioner(dir);
    await expect(isTestModelFolder(dir)).resolves.toBe(true);
  });

  it('takes a folder without the marker, with an unreadable config or none for a real model', async () => {
    const root = tempDir('model-name');
    const real = join(root, 'real');
    mkdirSync(real);
    writeFileSync(
      join(real, 'config.json'),
      '{"model_type":"vision-encoder-decoder","altlens_test_model":"yes"}',
    );
    const broken = join(root, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'config.json'), '{not json');
    await expect(isTestModelFolder(real)).resolves.toBe(false);
    await expect(isTestModelFolder(broken)).resolves.toBe(false);
    await expect(isTestModelFolder(join(root, 'absent'))).resolves.toBe(false);
  });
});

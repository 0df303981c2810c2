import { describe, expect, it } from 'vitest';
import { familyOf } from '../electron/core/captioning/architectures.js';
import {
  catalog,
  catalogModelSchema,
  catalogSchema,
  defaultModelId,
  filesFor,
  findCatalogModel,
} from './catalog.js';

describe('model catalog', () => {
  it('parses, with distilvit as the default model', () => {
    expect(() => catalogSchema.parse(catalog)).not.toThrow();
    expect(defaultModelId).toBe('Mozilla/distilvit');
    expect(findCatalogModel(defaultModelId)?.architecture).toBe('vision-encoder-decoder');
    expect(catalog.map((m) => m.id)).toEqual([
      'Mozilla/distilvit',
      'onnx-community/Florence-2-base-ft',
      'HuggingFaceTB/SmolVLM-256M-Instruct',
      'Xenova/vit-gpt2-image-captioning',
    ]);
  });

  it('offers only models whose family AltLens runs', () => {
    for (const model of catalog) expect(familyOf(model.architecture)).toBeDefined();
    expect(findCatalogModel('HuggingFaceTB/SmolVLM-256M-Instruct')?.architecture).toBe('idefics3');
    expect(findCatalogModel('onnx-community/Florence-2-base-ft')?.architecture).toBe('florence2');
  });

  it('pins revisions as 40-hex commits where known, and hashes as 64-hex', () => {
    for (const model of catalog) {
      if (model.revision !== null) expect(model.revision).toMatch(/^[0-9a-f]{40}$/);
      for (const dtype of Object.keys(model.dtypes)) {
        for (const file of filesFor(model, dtype)) {
          if (file.sha256 !== null) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
          // a size is either exact or approximate, never both
          expect(file.bytes === null || file.approxBytes === null).toBe(true);
        }
      }
    }
  });

  it('keeps an unknown licence explicit rather than guessed', () => {
    const vitGpt2 = findCatalogModel('Xenova/vit-gpt2-image-captioning');
    expect(vitGpt2?.licence.id).toBeNull();
    expect(vitGpt2?.licence.note).toMatch(/Not stated/);
    expect(findCatalogModel('Mozilla/distilvit')?.licence.id).toBe('apache-2.0');
  });

  it('lists the q8 distilvit download at about 187 MB, as MODELS.md says', () => {
    const distilvit = findCatalogModel(defaultModelId);
    if (!distilvit) throw new Error('no distilvit');
    const onnx = distilvit.dtypes[distilvit.defaultDtype.cpu]?.files ?? [];
    const total = onnx.reduce((sum, file) => sum + (file.bytes ?? file.approxBytes ?? 0), 0);
    expect(total).toBe(186_800_000);
  });

  it('rejects entries that break the rules', () => {
    const distilvit = findCatalogModel(defaultModelId);
    if (!distilvit) throw new Error('no distilvit');
    expect(catalogModelSchema.safeParse({ ...distilvit, revision: '9e4003c' }).success).toBe(false);
    expect(
      catalogModelSchema.safeParse({ ...distilvit, defaultDtype: { cpu: 'int4', gpu: 'fp16' } }).success,
    ).toBe(false);
    expect(catalogModelSchema.safeParse({ ...distilvit, licence: { id: null } }).success).toBe(false);
    expect(catalogSchema.safeParse([distilvit, distilvit]).success).toBe(false);
    expect(() => filesFor(distilvit, 'int4')).toThrow('Mozilla/distilvit has no dtype "int4"');
  });
});

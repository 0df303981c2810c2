import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTinyCaptioner } from '../../../models/test-model/tiny-captioner.js';
import { openCore, type Core } from '../app-core.js';
import { tempDir, writeImage } from '../testing/sample-images.js';

let core: Core;

beforeEach(() => {
  core = openCore({ dataDir: tempDir('handlers-data') });
  core.library.settings.write({ captionOnAdd: false });
});

afterEach(async () => {
  await core.close();
});

describe('settings and approving through the handlers (real core)', () => {
  it('keeps the theme and auto-write settings', async () => {
    const { handlers } = core;
    expect(await handlers['settings.get']({})).toMatchObject({ theme: 'system', autoWrite: false });
    expect(await handlers['settings.update']({ theme: 'dark', autoWrite: true })).toMatchObject({
      theme: 'dark',
      autoWrite: true,
    });
    expect(core.library.settings.read()).toMatchObject({ theme: 'dark', autoWrite: true });
  });

  it('queues the write when a description is approved with auto-write on, and not otherwise', async () => {
    const photos = tempDir('handlers-photos');
    await writeImage(join(photos, 'a.jpg'), { width: 64, height: 48 });
    await writeImage(join(photos, 'b.jpg'), { width: 64, height: 48 });
    const { handlers } = core;
    await handlers['folders.add']({ path: photos });
    const [a, b] = (await handlers['images.list']({ offset: 0, limit: 100 })).images;
    if (!a || !b) throw new Error('the two photos were not added');
    await handlers['descriptions.save']({ imageId: a.id, text: 'A grey square.' });
    await handlers['descriptions.save']({ imageId: b.id, text: 'Another grey square.' });

    expect((await handlers['descriptions.approve']({ imageId: a.id })).writeJob).toBeNull();
    await handlers['settings.update']({ autoWrite: true });
    const approved = await handlers['descriptions.approve']({ imageId: b.id });
    expect(approved.status).toBe('approved');
    expect(approved.writeJob?.state).toMatch(/^(queued|running)$/);
  });
});

describe('importing and removing models through the handlers (real model store)', () => {
  it('imports a model folder, lists it, removes it, and refuses a folder that is not a model', async () => {
    const folder = join(tempDir('handlers-model'), 'tiny');
    await writeTinyCaptioner(folder);
    const { handlers } = core;
    const listed = await handlers['models.import']({ path: folder });
    expect(listed.find((model) => model.id === 'imported/tiny')).toMatchObject({
      kind: 'imported',
      installed: true,
    });
    const after = await handlers['models.remove']({ modelId: 'imported/tiny' });
    expect(after.some((model) => model.id === 'imported/tiny')).toBe(false);
    await expect(handlers['models.import']({ path: tempDir('handlers-empty') })).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});

describe('settings.update checks the model like every other input (real model store)', () => {
  it('takes a catalog id, an imported model or a model folder of a kind AltLens runs, and nothing else', async () => {
    const { handlers } = core;
    const update = (model: string) => handlers['settings.update']({ model });
    const tiny = join(tempDir('handlers-choice'), 'tiny');
    await writeTinyCaptioner(tiny);
    const otherKind = tempDir('handlers-bert');
    mkdirSync(join(otherKind, 'onnx'));
    writeFileSync(join(otherKind, 'config.json'), JSON.stringify({ model_type: 'bert' }));
    writeFileSync(join(otherKind, 'onnx', 'model.onnx'), 'x');

    const refusals: [string, RegExp][] = [
      ['/etc', /^\/etc is not a model folder: it has no config\.json\.$/],
      ['/no/such/model', /is neither a model in the catalog nor a folder/],
      ['imported/nothing', /No imported model is called imported\/nothing/],
      [otherKind, /holds a "bert" model, which AltLens cannot run; it runs vision-encoder-decoder/],
      ['', /No model was given/],
    ];
    for (const [model, message] of refusals) {
      await expect(update(model), model).rejects.toMatchObject({
        code: 'bad_request',
        message: expect.stringMatching(message),
      });
    }
    expect(core.library.settings.read().model).toBe('Mozilla/distilvit');

    expect(await update('Xenova/vit-gpt2-image-captioning')).toMatchObject({
      model: 'Xenova/vit-gpt2-image-captioning',
    });
    expect(await update(tiny)).toMatchObject({ model: tiny });
    await handlers['models.import']({ path: tiny });
    expect(await update('imported/tiny')).toMatchObject({ model: 'imported/tiny' });
    expect(core.library.settings.read().model).toBe('imported/tiny');
  });
});

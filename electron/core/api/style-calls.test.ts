import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../app-core.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { dispatch } from './dispatch.js';

let core: Core;

beforeEach(() => {
  core = openCore({ dataDir: tempDir('style-calls-data') });
  core.library.settings.write({ captionOnAdd: false });
});

afterEach(async () => {
  await core.close();
});

async function addFolder(): Promise<number> {
  const photos = tempDir('style-calls-photos');
  await writeImage(join(photos, 'a.jpg'), { width: 64, height: 48 });
  const added = await dispatch(core.handlers, 'folders.add', { path: photos });
  if (!added.ok) throw new Error('the folder was not added');
  const [folder] = core.library.folders();
  if (!folder) throw new Error('no folder');
  return folder.id;
}

describe('folder context calls (real core, through the contract)', () => {
  it('reads and updates a folder note and the identity permission, kept apart and trimmed', async () => {
    const folderId = await addFolder();
    expect(await dispatch(core.handlers, 'folders.context', { folderId })).toEqual({
      ok: true,
      value: { folderId, note: '', allowIdentity: false, provider: null },
    });
    await dispatch(core.handlers, 'folders.updateContext', { folderId, note: '  Lisbon, 2024 ' });
    expect(await dispatch(core.handlers, 'folders.updateContext', { folderId, allowIdentity: true })).toEqual(
      {
        ok: true,
        value: { folderId, note: 'Lisbon, 2024', allowIdentity: true, provider: null },
      },
    );
    // Kept in the library: a new core on the same data sees it.
    expect(core.library.folderContexts.of(folderId)).toEqual({
      folderId,
      note: 'Lisbon, 2024',
      allowIdentity: true,
      provider: null,
    });
    expect(core.library.folderContexts.ofImage(core.library.listImages().images[0]?.id ?? 0)).toEqual({
      folderId,
      note: 'Lisbon, 2024',
      allowIdentity: true,
      provider: null,
    });
  });

  it('refuses a note over 500 characters, a NUL, a wrong type and a folder that does not exist', async () => {
    const folderId = await addFolder();
    const long = await dispatch(core.handlers, 'folders.updateContext', { folderId, note: 'x'.repeat(501) });
    expect(long).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(JSON.stringify(long)).toContain('A folder note may be at most 500 characters long.');
    expect(
      await dispatch(core.handlers, 'folders.updateContext', { folderId, note: 'a\u0000b' }),
    ).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(
      await dispatch(core.handlers, 'folders.updateContext', { folderId, allowIdentity: 'yes' }),
    ).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await dispatch(core.handlers, 'folders.context', { folderId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(
      await dispatch(core.handlers, 'folders.updateContext', { folderId: 999, note: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(core.library.folderContexts.of(folderId).note).toBe('');
    expect(
      (await dispatch(core.handlers, 'folders.updateContext', { folderId, note: 'x'.repeat(500) })).ok,
    ).toBe(true);
  });
});

describe('style settings (real core, through the contract)', () => {
  it('defaults to 125 characters in English with every context allowed, and keeps changes', async () => {
    expect(await dispatch(core.handlers, 'settings.get', {})).toMatchObject({
      ok: true,
      value: {
        altTextMaxLength: 125,
        altTextLanguage: 'en',
        contextFolderName: true,
        contextFileName: true,
        contextMetadata: true,
      },
    });
    const changed = await dispatch(core.handlers, 'settings.update', {
      altTextMaxLength: 80,
      altTextLanguage: ' pt-br ',
      contextFileName: false,
    });
    expect(changed).toMatchObject({
      ok: true,
      value: { altTextMaxLength: 80, altTextLanguage: 'pt-BR', contextFileName: false },
    });
    expect(core.library.settings.read()).toMatchObject({ altTextMaxLength: 80, altTextLanguage: 'pt-BR' });
  });

  it('refuses a limit over 250 or under 20, and a language that is no BCP 47 tag', async () => {
    for (const params of [
      { altTextMaxLength: 251 },
      { altTextMaxLength: 19 },
      { altTextMaxLength: 99.5 },
      { altTextLanguage: 'not a language' },
      { altTextLanguage: '' },
    ]) {
      expect(await dispatch(core.handlers, 'settings.update', params)).toMatchObject({
        ok: false,
        error: { code: 'bad_request' },
      });
    }
    expect(core.library.settings.read()).toMatchObject({ altTextMaxLength: 125, altTextLanguage: 'en' });
  });
});

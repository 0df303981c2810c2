import { describe, expect, it } from 'vitest';
import { openDatabase } from './db/open.js';
import { SettingsStore } from './settings.js';
import { tempDir } from './testing/sample-images.js';

describe('settings (real SQLite)', () => {
  it('has defaults, keeps what is written across a reopen, and ignores a value it cannot read', () => {
    const dir = tempDir('settings');
    const store = new SettingsStore(openDatabase(dir));
    expect(store.read()).toEqual({
      captionOnAdd: true,
      model: 'Mozilla/distilvit',
      device: 'auto',
      ocr: true,
      autoWrite: false,
      theme: 'system',
      threads: null,
      textReader: 'paddle',
      altTextMaxLength: 125,
      altTextLanguage: 'en',
      contextFolderName: true,
      contextFileName: true,
      contextMetadata: true,
      // Private by default: no model provider saved, none chosen for the captions, none agreed to.
      providers: [],
      captionProvider: null,
      providerConsent: [],
    });
    store.write({ captionOnAdd: false, device: 'cpu' });
    const db = openDatabase(dir);
    db.prepare(`INSERT INTO settings (key, value) VALUES ('threads', '"many"')`).run();
    expect(new SettingsStore(db).read()).toMatchObject({ captionOnAdd: false, device: 'cpu', threads: null });
    expect(() => store.write({ device: 'tpu' as never })).toThrow();
    store.write({ textReader: 'florence2' });
    expect(new SettingsStore(openDatabase(dir)).read().textReader).toBe('florence2');
    db.prepare(`UPDATE settings SET value = '"tesseract"' WHERE key = 'textReader'`).run();
    expect(new SettingsStore(db).read().textReader).toBe('paddle');
  });

  it('keeps the style settings, and falls back to the default for a stored one it cannot read', () => {
    const dir = tempDir('settings-style');
    const store = new SettingsStore(openDatabase(dir));
    store.write({ altTextMaxLength: 90, altTextLanguage: 'de', contextMetadata: false });
    const db = openDatabase(dir);
    db.prepare(`UPDATE settings SET value = '"not a language!"' WHERE key = 'altTextLanguage'`).run();
    db.prepare(`INSERT INTO settings (key, value) VALUES ('contextFileName', '"yes"')`).run();
    expect(new SettingsStore(db).read()).toMatchObject({
      altTextMaxLength: 90,
      altTextLanguage: 'en',
      contextFileName: true,
      contextMetadata: false,
    });
    expect(() => store.write({ altTextMaxLength: 251 })).toThrow();
    expect(() => store.write({ altTextMaxLength: 19 })).toThrow();
  });
});

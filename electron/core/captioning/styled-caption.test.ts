import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyCaptioner } from '../../../models/test-model/tiny-captioner.js';
import { writeTinyIdefics3 } from '../../../models/test-model/tiny-idefics3.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { Settings } from '../settings.js';
import { CaptionEngine } from './caption-engine.js';
import { altTextRequest, captionInStyle } from './styled-caption.js';

let photo: string;
let smol: CaptionEngine;
let vit: CaptionEngine;
/** The prompts each engine was sent, in order (the engines themselves are real). */
const sent = new Map<CaptionEngine, string[]>();

function recording(engine: CaptionEngine): Pick<CaptionEngine, 'caption'> {
  sent.set(engine, []);
  return {
    caption: (path, options) => {
      sent.get(engine)?.push(options.prompt ?? '');
      return engine.caption(path, options);
    },
  };
}

beforeAll(async () => {
  const models = tempDir('styled-models');
  await writeTinyIdefics3(join(models, 'smol'));
  await writeTinyCaptioner(join(models, 'vit'));
  const settings = { device: 'cpu', dtype: null, threads: 1 } as const;
  smol = new CaptionEngine({ modelDir: join(models, 'smol'), modelId: 'smol', ...settings });
  vit = new CaptionEngine({ modelDir: join(models, 'vit'), modelId: 'vit', ...settings });
  photo = join(tempDir('styled-photos'), 'Lisbon 2024', 'cake-cutting.jpg');
  mkdirSync(dirname(photo));
  await writeImage(photo, { color: '#c01010' });
});

afterAll(() => {
  smol.close();
  vit.close();
});

const defaults = Settings.parse({});

describe('altTextRequest', () => {
  it('carries the style settings and only the context the person allows', () => {
    const found = [
      { field: 'Description', lang: 'x-default', value: 'The cake', source: photo },
      { field: 'AltTextAccessibility', lang: 'x-default', value: 'Old alt text', source: photo },
    ];
    const folder = { note: 'Wedding', allowIdentity: true };
    expect(altTextRequest({ ...defaults, altTextLanguage: 'de' }, { path: photo, folder, found })).toEqual({
      task: 'alt',
      maxLength: 125,
      language: 'de',
      allowIdentity: true,
      context: {
        folderName: 'Lisbon 2024',
        fileName: 'cake-cutting.jpg',
        metadata: [found[0]],
        note: 'Wedding',
      },
    });
    const none = { ...defaults, contextFolderName: false, contextFileName: false, contextMetadata: false };
    expect(altTextRequest(none, { path: photo, found }).context).toEqual({
      folderName: null,
      fileName: null,
      metadata: [],
      note: null,
    });
    expect(altTextRequest(none, { path: photo }).allowIdentity).toBe(false);
  });
});

describe('captionInStyle (real engine processes, tiny models)', () => {
  it('sends the prompt built with the context, and keeps a text within the limit as it is', async () => {
    const request = altTextRequest(defaults, {
      path: photo,
      folder: { note: 'Wedding', allowIdentity: false },
    });
    const result = await captionInStyle(recording(smol), photo, { ocr: false, request, prompted: true });
    expect(sent.get(smol)).toHaveLength(1);
    expect(sent.get(smol)?.[0]).toContain('Note from the photo\'s owner: "Wedding"');
    expect(result.altText).toBe('A red photo.');
    expect(result.provenance).toMatchObject({ prompted: true, retriedShorter: false, cutToLength: false });
  });

  it('asks a prompted model once for a shorter text when it is over the limit, then cuts and flags it', async () => {
    const request = { ...altTextRequest(defaults, { path: photo }), maxLength: 8 };
    const engine = recording(smol);
    const result = await captionInStyle(engine, photo, { ocr: false, request, prompted: true });
    const prompts = sent.get(smol) ?? [];
    expect(prompts).toHaveLength(2);
    expect(prompts[1]).toContain('Your last answer was 11 characters long, over the limit');
    expect(result.altText).toBe('A red…');
    expect(result.provenance).toMatchObject({ maxLength: 8, retriedShorter: true, cutToLength: true });
  });

  it('does not ask a model that takes no prompt again, and says no context was used', async () => {
    const request = { ...altTextRequest(defaults, { path: photo }), maxLength: 8 };
    const result = await captionInStyle(recording(vit), photo, { ocr: false, request, prompted: false });
    expect(sent.get(vit)).toHaveLength(1);
    expect(result.provenance).toMatchObject({
      prompted: false,
      context: [],
      retriedShorter: false,
      cutToLength: true,
    });
  });
});

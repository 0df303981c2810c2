import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_CLIP, writeTinyClip } from '../../../models/test-model/tiny-clip.js';
import { writeTinyCaptioner } from '../../../models/test-model/tiny-captioner.js';
import { tempDir, writeImage, writeTruncatedJpeg } from '../testing/sample-images.js';
import { CaptionEngine, EngineLoadError } from './caption-engine.js';

let clipDir: string;
let photos: string;

beforeAll(async () => {
  clipDir = join(tempDir('clip-model'), 'tiny-clip');
  await writeTinyClip(clipDir);
  photos = tempDir('embed-photos');
  await writeImage(join(photos, 'red.jpg'), { color: '#e01010', width: 800, height: 600 });
  await writeImage(join(photos, 'dark-red.png'), { color: '#801010', format: 'png' });
  await writeImage(join(photos, 'green.jpg'), { color: '#10c020' });
  await writeImage(join(photos, 'blue.webp'), { color: '#1020d0', format: 'webp' });
  await writeTruncatedJpeg(join(photos, 'broken.jpg'));
});

const settings = (modelDir: string) =>
  ({ modelDir, modelId: 'tiny-clip', device: 'cpu', dtype: null, threads: 1, purpose: 'embed' }) as const;

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
const length = (v: Float32Array) => Math.hypot(...v);

/** The index of the vector in `candidates` closest (largest dot product) to `to`. */
function closest(to: Float32Array, candidates: readonly Float32Array[]): number {
  const scores = candidates.map((candidate) => dot(to, candidate));
  return scores.indexOf(Math.max(...scores));
}

function vectorOf(result: { vector: Float32Array } | { error: string } | undefined): Float32Array {
  if (!result || !('vector' in result)) throw new Error(`no vector: ${JSON.stringify(result)}`);
  return result.vector;
}

describe('CaptionEngine embeddings: the tiny CLIP model in a real engine process', () => {
  let engine: CaptionEngine;
  beforeAll(() => {
    engine = new CaptionEngine(settings(clipDir));
  });
  afterAll(() => engine.close());

  it('embeds photos and texts as normalised vectors of the model’s length, a photo nearest its colour’s text', async () => {
    expect(await engine.ready()).toMatchObject({ device: 'cpu', skipped: [] });
    const names = ['red.jpg', 'green.jpg', 'blue.webp'];
    const images = (await engine.embedImages(names.map((name) => join(photos, name)))).map(vectorOf);
    const colours = ['red', 'green', 'blue', 'yellow', 'white', 'black'];
    const texts = await engine.embedTexts(colours.map((colour) => `a ${colour} photo`));
    for (const vector of [...images, ...texts]) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(TINY_CLIP.dims);
      expect(length(vector)).toBeCloseTo(1, 5);
    }
    expect(images.map((image) => colours[closest(image, texts)])).toEqual(['red', 'green', 'blue']);
    // And the other way round: each text finds its photo.
    expect(texts.slice(0, 3).map((text) => names[closest(text, images)])).toEqual(names);
  });

  it('ranks a darker red nearer a red photo than green or blue ones', async () => {
    const [red, darkRed, green, blue] = (
      await engine.embedImages(
        ['red.jpg', 'dark-red.png', 'green.jpg', 'blue.webp'].map((n) => join(photos, n)),
      )
    ).map(vectorOf);
    if (!red || !darkRed || !green || !blue) throw new Error('missing vectors');
    expect(dot(red, darkRed)).toBeGreaterThan(dot(red, blue));
    expect(dot(red, darkRed)).toBeGreaterThan(dot(red, green));
    expect(dot(red, red)).toBeCloseTo(1, 5);
  });

  it('gives a photo that cannot be decoded a reason, and still embeds the others of its batch in order', async () => {
    const results = await engine.embedImages(
      ['blue.webp', 'broken.jpg', 'missing.jpg', 'red.jpg'].map((name) => join(photos, name)),
    );
    expect(results).toHaveLength(4);
    expect('vector' in (results[0] ?? {})).toBe(true);
    // Each reason is positional (the caller names the file): damaged data, and a file that is not there.
    expect(results[1]).toEqual({ error: expect.stringMatching(/damaged or incomplete/) as unknown });
    expect(results[2]).toEqual({ error: expect.stringMatching(/./) as unknown });
    const texts = await engine.embedTexts(['a blue photo', 'a red photo']);
    expect(closest(vectorOf(results[0]), texts)).toBe(0);
    expect(closest(vectorOf(results[3]), texts)).toBe(1);
  });

  it('embeds more photos than one engine request carries, each the same as alone', async () => {
    const paths = Array.from({ length: 70 }, (_, i) => join(photos, i % 2 === 0 ? 'red.jpg' : 'green.jpg'));
    const results = (await engine.embedImages(paths)).map(vectorOf);
    const alone = (await engine.embedImages(paths.slice(0, 2))).map((result) => Array.from(vectorOf(result)));
    expect(results).toHaveLength(70);
    results.forEach((vector, i) => expect(Array.from(vector)).toEqual(alone[i % 2]));
  });

  it('handles an empty text and a 5,000-character one (cut at the model’s length)', async () => {
    const long = `a red photo ${'and more words '.repeat(400)}`.slice(0, 5000);
    const [empty, cut, red, blue] = await engine.embedTexts(['', long, 'a red photo', 'a blue photo']);
    if (!empty || !cut || !red || !blue) throw new Error('missing vectors');
    expect(empty).toHaveLength(TINY_CLIP.dims);
    expect(length(cut)).toBeCloseTo(1, 5);
    expect(closest(cut, [red, blue])).toBe(0);
  });
});

describe('CaptionEngine embeddings: folders that hold no embedding model', () => {
  it('says in one line that a folder of another model_type makes no embeddings', async () => {
    const dir = tempDir('unknown-embed-model');
    writeFileSync(join(dir, 'config.json'), '{"model_type":"made-up-encoder"}');
    const engine = new CaptionEngine(settings(dir));
    const error: unknown = await engine.ready().catch((caught: unknown) => caught);
    engine.close();
    expect(error).toBeInstanceOf(EngineLoadError);
    expect((error as Error).message).toBe(
      `${dir} holds a "made-up-encoder" model, which makes no embeddings; search by meaning needs a clip model.`,
    );
  });

  it('says so for a captioning model loaded to embed', async () => {
    const dir = join(tempDir('captioner-as-embedder'), 'tiny-captioner');
    await writeTinyCaptioner(dir);
    const engine = new CaptionEngine(settings(dir));
    const error: unknown = await engine.ready().catch((caught: unknown) => caught);
    engine.close();
    expect(error).toBeInstanceOf(EngineLoadError);
    expect((error as Error).message).toMatch(
      /^.* holds a "vision-encoder-decoder" model, which makes no embeddings; .*$/,
    );
  });

  it('refuses to describe photos with a CLIP folder, saying what it is for', async () => {
    const engine = new CaptionEngine({ ...settings(clipDir), purpose: 'caption' });
    const error: unknown = await engine.ready().catch((caught: unknown) => caught);
    engine.close();
    expect(error).toBeInstanceOf(EngineLoadError);
    expect((error as Error).message).toBe(
      `${clipDir} holds a "clip" model, which finds photos by meaning but does not describe them; ` +
        'AltLens describes photos with vision-encoder-decoder, idefics3, smolvlm, florence2 models.',
    );
  });
});

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyCaptioner } from '../../../models/test-model/tiny-captioner.js';
import { writeTinyFlorence2 } from '../../../models/test-model/tiny-florence2.js';
import { writeTinyIdefics3 } from '../../../models/test-model/tiny-idefics3.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import {
  CaptionEngine,
  EngineCrashedError,
  EngineLoadError,
  ImageCaptionError,
  RequestRefusedError,
} from './caption-engine.js';
import { forkEngine } from './engine-channel.js';
import { FromEngine } from './engine-protocol.js';

let modelDir: string;
let photos: string;

beforeAll(async () => {
  modelDir = join(tempDir('model'), 'tiny-captioner');
  await writeTinyCaptioner(modelDir);
  photos = tempDir('engine-photos');
  await writeImage(join(photos, 'red.jpg'), { color: '#d01010', width: 800, height: 600 });
  await writeImage(join(photos, 'green.jpg'), { color: '#10b020' });
  await writeImage(join(photos, 'blue.jpg'), { color: '#1020c0' });
  const sign = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="300">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <text x="450" y="190" font-family="DejaVu Sans" font-size="110" font-weight="bold" text-anchor="middle"
      fill="#000000">EXIT ONLY</text></svg>`;
  await sharp(Buffer.from(sign)).png().toFile(join(photos, 'sign.png'));
});

const settings = (device: 'cpu' | 'gpu' = 'cpu') => ({
  modelDir,
  modelId: 'tiny-captioner',
  device,
  dtype: null,
  threads: 1,
});

describe('CaptionEngine: the tiny model in a real engine process', () => {
  const engine = () => new CaptionEngine(settings());
  let shared: CaptionEngine;
  beforeAll(() => {
    shared = engine();
  });
  afterAll(() => shared.close());

  it('captions red, green and blue photos by their dominant colour', async () => {
    const status = await shared.ready();
    expect(status).toMatchObject({ device: 'cpu', skipped: [] });
    for (const colour of ['red', 'green', 'blue']) {
      const result = await shared.caption(join(photos, `${colour}.jpg`), { ocr: false });
      expect(result).toMatchObject({ caption: `a ${colour} photo`, ocrText: '', device: 'cpu' });
      expect(result.ms.inference).toBeGreaterThan(0);
    }
  });

  it('reads the text in an image with OCR', async () => {
    const result = await shared.caption(join(photos, 'sign.png'), { ocr: true });
    expect(result.ocrText).toBe('EXIT ONLY');
    expect(result.caption).toMatch(/^a (red|green|blue) photo$/);
  });

  it('fails one image that cannot be decoded, as that image’s fault', async () => {
    await expect(shared.caption(join(photos, 'missing.jpg'), { ocr: false })).rejects.toBeInstanceOf(
      ImageCaptionError,
    );
    expect((await shared.caption(join(photos, 'red.jpg'), { ocr: false })).caption).toBe('a red photo');
  });

  it('refuses a question: a vision-encoder-decoder captioner cannot answer one, and the engine goes on', async () => {
    const refused: unknown = await shared
      .ask(join(photos, 'red.jpg'), 'What colour is it?')
      .catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(RequestRefusedError);
    expect((refused as Error).message).toBe('This model cannot answer questions about photos.');
    expect((await shared.caption(join(photos, 'blue.jpg'), { ocr: false })).caption).toBe('a blue photo');
  });

  it('refuses the extended and ocr tasks a captioner does not declare, and reads text with PaddleOCR when asked for the model’s reader', async () => {
    for (const task of ['extended', 'ocr'] as const) {
      const refused: unknown = await shared
        .caption(join(photos, 'red.jpg'), { ocr: false, task })
        .catch((caught: unknown) => caught);
      expect(refused).toBeInstanceOf(RequestRefusedError);
      expect((refused as Error).message).toBe(`This model cannot do the ${task} task.`);
    }
    // The captioner has no <OCR> task of its own: PaddleOCR reads the sign.
    const read = await shared.caption(join(photos, 'sign.png'), { ocr: true, textReader: 'model' });
    expect(read.ocrText).toBe('EXIT ONLY');
  });

  it('fails the running job when the engine is killed, then starts again for the next one', async () => {
    const own = engine();
    await own.ready();
    const firstPid = own.pid;
    const running = own.caption(join(photos, 'green.jpg'), { ocr: true });
    process.kill(firstPid ?? 0, 'SIGKILL');
    await expect(running).rejects.toThrow(EngineCrashedError);
    await expect(running).rejects.toThrow(/stopped by SIGKILL while captioning .*green\.jpg/);
    const next = await own.caption(join(photos, 'blue.jpg'), { ocr: false });
    expect(next.caption).toBe('a blue photo');
    expect(own.pid).not.toBe(firstPid);
    own.close();
  });
});

describe('CaptionEngine devices', () => {
  it('falls back from "gpu" to the CPU on this machine and says why each GPU was skipped', async () => {
    const engine = new CaptionEngine(settings('gpu'));
    const status = await engine.ready();
    engine.close();
    expect(status.device).toBe('cpu');
    expect(status.skipped.map((skipped) => skipped.device)).toEqual(['cuda', 'webgpu']);
    for (const skipped of status.skipped) expect(skipped.reason.length).toBeGreaterThan(10);
  });

  it('reports a model folder that cannot be loaded', async () => {
    const engine = new CaptionEngine({ ...settings(), modelDir: tempDir('empty-model') });
    await expect(engine.ready()).rejects.toThrow(EngineLoadError);
    await expect(engine.ready()).rejects.toThrow(/is not a model folder \(ENOENT/);
    engine.close();
  });
});

describe('CaptionEngine: model folders of a kind it cannot run', () => {
  it('says in one line which kind the folder holds and which kinds it runs', async () => {
    const dir = tempDir('unknown-kind-model');
    writeFileSync(join(dir, 'config.json'), '{"model_type":"made-up-vlm"}');
    const engine = new CaptionEngine({ ...settings('gpu'), modelDir: dir });
    const error: unknown = await engine.ready().catch((caught: unknown) => caught);
    engine.close();
    expect(error).toBeInstanceOf(EngineLoadError);
    expect((error as Error).message).toBe(
      `${dir} holds a "made-up-vlm" model, which AltLens cannot run; ` +
        'it runs vision-encoder-decoder, idefics3, smolvlm, florence2 models.',
    );
  });
});

describe('CaptionEngine: the tiny idefics3 (SmolVLM) model in a real engine process', () => {
  let smolDir: string;
  beforeAll(async () => {
    smolDir = join(tempDir('idefics3-model'), 'tiny-idefics3');
    await writeTinyIdefics3(smolDir);
  });
  const smolSettings = (dir: string) => ({ ...settings(), modelDir: dir, modelId: 'tiny-idefics3' });

  it('captions photos by their colour, streaming each answer as it is generated', async () => {
    const engine = new CaptionEngine(smolSettings(smolDir));
    expect(await engine.ready()).toMatchObject({ device: 'cpu', skipped: [] });
    for (const colour of ['red', 'green', 'blue']) {
      const tokens: string[] = [];
      const result = await engine.caption(join(photos, `${colour}.jpg`), {
        ocr: false,
        onToken: (text) => tokens.push(text),
      });
      expect(result).toMatchObject({
        caption: `a ${colour} photo`,
        stoppedAtTokenLimit: false,
        device: 'cpu',
      });
      expect(tokens.join('')).toBe(` a ${colour} photo`);
    }
    engine.close();
  });

  it('answers questions about photos, streaming each answer as it is generated', async () => {
    const engine = new CaptionEngine(smolSettings(smolDir));
    try {
      for (const colour of ['red', 'blue']) {
        const tokens: string[] = [];
        const result = await engine.ask(join(photos, `${colour}.jpg`), '  What colour is this photo? ', {
          onToken: (text) => tokens.push(text),
        });
        expect(result).toMatchObject({
          answer: `a ${colour} photo`,
          stoppedAtTokenLimit: false,
          device: 'cpu',
        });
        expect(tokens.join('')).toBe(` a ${colour} photo`);
      }
      // A token limit stops the answer and says so.
      const cut = await engine.ask(join(photos, 'green.jpg'), 'What colour?', { maxNewTokens: 2 });
      expect(cut).toMatchObject({ answer: 'a green', stoppedAtTokenLimit: true });
    } finally {
      engine.close();
    }
  });

  it('refuses an empty question and one of 10,000 characters with a reason, before any engine runs', async () => {
    const engine = new CaptionEngine(smolSettings(smolDir));
    for (const [question, reason] of [
      ['  ', 'The question is empty: write what you want to know about the photo.'],
      ['why? '.repeat(2000), /^The question is 9999 characters long; a question may have at most 1000\./],
    ] as const) {
      const refused: unknown = await engine
        .ask(join(photos, 'red.jpg'), question)
        .catch((caught: unknown) => caught);
      expect(refused).toBeInstanceOf(RequestRefusedError);
      expect((refused as Error).message).toMatch(reason);
    }
    expect(engine.pid).toBeUndefined(); // nothing was started for them
    engine.close();
  });

  it('the engine process refuses an overlong or empty question itself, and answers the next one', async () => {
    const channel = forkEngine();
    const messages: FromEngine[] = [];
    const waiters: (() => void)[] = [];
    channel.onMessage((raw) => {
      messages.push(FromEngine.parse(raw));
      for (const wake of waiters.splice(0)) wake();
    });
    const reply = async (requestId: number) => {
      const settled = () =>
        messages.find((m) => (m.type === 'captioned' || m.type === 'failed') && m.requestId === requestId);
      while (!settled()) await new Promise<void>((wake) => waiters.push(wake));
      return settled();
    };
    try {
      channel.send({
        type: 'load',
        modelDir: smolDir,
        modelId: 'tiny-idefics3',
        devices: ['cpu'],
        dtype: null,
        threads: 1,
      });
      const ask = (requestId: number, question: string) =>
        channel.send({
          type: 'caption',
          requestId,
          path: join(photos, 'red.jpg'),
          ocr: false,
          task: 'question',
          question,
          prompt: 'Answer this.',
        });
      ask(1, 'x'.repeat(10_000));
      ask(2, '');
      ask(3, 'What colour?');
      expect(await reply(1)).toMatchObject({
        type: 'failed',
        kind: 'request',
        message: expect.stringMatching(/^The question is 10000 characters long/),
      });
      expect(await reply(2)).toMatchObject({ type: 'failed', kind: 'request' });
      expect(await reply(3)).toMatchObject({ type: 'captioned', caption: 'a red photo' });
      // Refused questions never reached the model: the only tokens streamed are the third answer's.
      expect(messages.filter((m) => m.type === 'token').every((m) => m.requestId === 3)).toBe(true);
    } finally {
      channel.kill();
    }
  });

  it('says which file a folder lacks: a session file, or the tokenizer', async () => {
    const noEmbeddings = join(tempDir('idefics3-broken'), 'no-embed-tokens');
    await writeTinyIdefics3(noEmbeddings);
    rmSync(join(noEmbeddings, 'onnx', 'embed_tokens.onnx'));
    const engine = new CaptionEngine(smolSettings(noEmbeddings));
    await expect(engine.ready()).rejects.toThrow(
      `${noEmbeddings} is not a model folder (it has no onnx/embed_tokens.onnx, in any dtype).`,
    );
    engine.close();

    const noTokenizer = join(tempDir('idefics3-broken'), 'no-tokenizer');
    await writeTinyIdefics3(noTokenizer);
    rmSync(join(noTokenizer, 'tokenizer.json'));
    const other = new CaptionEngine(smolSettings(noTokenizer));
    await expect(other.ready()).rejects.toThrow(
      `${noTokenizer} is not a model folder (it has no tokenizer.json).`,
    );
    other.close();
  });
});

describe('CaptionEngine: the tiny Florence-2 model in a real engine process', () => {
  it('captions photos by their colour, streaming each answer as it is generated', async () => {
    const florenceDir = join(tempDir('florence2-model'), 'tiny-florence2');
    await writeTinyFlorence2(florenceDir);
    const engine = new CaptionEngine({ ...settings(), modelDir: florenceDir, modelId: 'tiny-florence2' });
    expect(await engine.ready()).toMatchObject({ device: 'cpu', skipped: [] });
    for (const colour of ['red', 'green', 'blue']) {
      const tokens: string[] = [];
      const result = await engine.caption(join(photos, `${colour}.jpg`), {
        ocr: false,
        onToken: (text) => tokens.push(text),
      });
      expect(result).toMatchObject({
        caption: `A ${colour} photo.`,
        stoppedAtTokenLimit: false,
        device: 'cpu',
      });
      expect(tokens.join('')).toBe(`A ${colour} photo.`);
    }
    engine.close();
  });
});

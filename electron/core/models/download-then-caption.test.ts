import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogModelSchema, type CatalogModel } from '../../../models/catalog.js';
import { writeTinyCaptioner } from '../../../models/test-model/tiny-captioner.js';
import { CaptionEngine } from '../captioning/caption-engine.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import type { DownloadProgress } from './hub-download.js';
import { ModelStore } from './model-store.js';
import { closedPort, sha256Of, startFakeHub, type FakeHub } from './testing/fake-hub.js';

const MODEL_ID = 'altlens-test/tiny-captioner';
const REVISION = '0123456789abcdef0123456789abcdef01234567';

let files: Map<string, Buffer>;
let entry: CatalogModel;
let hub: FakeHub;

/** Every file of a model folder, keyed by its path in the repository. */
async function readModelFolder(dir: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const found = new Map<string, Buffer>();
  for (const file of entries.filter((e) => e.isFile())) {
    const path = join(file.parentPath, file.name);
    found.set(relative(dir, path), await readFile(path));
  }
  return found;
}

beforeAll(async () => {
  const source = join(tempDir('hub-model'), 'tiny');
  await writeTinyCaptioner(source);
  files = await readModelFolder(source);
  const fact = (path: string) => {
    const bytes = files.get(path) as Buffer;
    return { path, bytes: bytes.length, approxBytes: null, sha256: sha256Of(bytes) };
  };
  const paths = [...files.keys()].sort();
  entry = catalogModelSchema.parse({
    id: MODEL_ID,
    displayName: 'Tiny test captioner',
    revision: REVISION,
    licence: { id: 'mit' },
    architecture: 'vision-encoder-decoder',
    tasks: ['caption'],
    approxParameters: null,
    configFiles: paths.filter((path) => path.endsWith('.json')).map(fact),
    dtypes: {
      q8: {
        sessions: { encoder_model: 'q8', decoder_model_merged: 'q8' },
        files: paths.filter((path) => path.endsWith('_quantized.onnx')).map(fact),
      },
    },
    defaultDtype: { cpu: 'q8', gpu: 'q8' },
    sources: [{ url: 'http://127.0.0.1/', facts: 'generated for this test' }],
  });
  hub = await startFakeHub(MODEL_ID, REVISION, files);
});

afterAll(() => hub.close());

describe('the tiny model served in the hub layout by a local server', () => {
  it('downloads with progress, then captions with the downloaded folder', async () => {
    const store = new ModelStore(tempDir('cache'), [entry]);
    const progress: DownloadProgress[] = [];
    await store.download(MODEL_ID, { host: hub.host, onProgress: (event) => progress.push(event) });

    const done = progress.map((event) => event.bytesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({
      bytesDone: progress.at(-1)?.bytesTotal,
      fileIndex: progress.at(-1)?.fileCount,
    });
    expect(new Set(progress.map((event) => event.file)).size).toBe(entry.configFiles.length + 2);

    const photo = join(tempDir('hub-photo'), 'red.jpg');
    await writeImage(photo, { color: '#e02020' });
    const engine = new CaptionEngine({
      modelDir: await store.pathOf(MODEL_ID),
      modelId: MODEL_ID,
      device: 'cpu',
      dtype: null,
      threads: 1,
    });
    try {
      expect((await engine.caption(photo, { ocr: false })).caption).toBe('a red photo');
    } finally {
      engine.close();
    }
  });

  it('gives a clear error when the connection is cut mid-file, and leaves no model to load', async () => {
    const store = new ModelStore(tempDir('cache-cut'), [entry]);
    hub.setBehaviour('onnx/decoder_model_merged_quantized.onnx', 'cut');
    try {
      await expect(store.download(MODEL_ID, { host: hub.host })).rejects.toMatchObject({
        kind: 'truncated',
        message: expect.stringMatching(
          /^The download of onnx\/decoder_model_merged_quantized\.onnx was cut off/,
        ),
      });
    } finally {
      hub.setBehaviour('onnx/decoder_model_merged_quantized.onnx', 'ok');
    }
    await expect(store.pathOf(MODEL_ID)).rejects.toThrow(/is not installed/);
    expect((await store.list())[0]).toMatchObject({ installed: false });
  });

  it('says the host cannot be reached when there is no server at all', async () => {
    const store = new ModelStore(tempDir('cache-offline'), [entry]);
    const host = `http://127.0.0.1:${await closedPort()}`;
    await expect(store.download(MODEL_ID, { host })).rejects.toThrow(
      `Cannot reach the model host (${host}) — import a model folder instead.`,
    );
  });
});

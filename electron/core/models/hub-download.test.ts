import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogModel } from '../../../models/catalog.js';
import { tempDir } from '../testing/sample-images.js';
import { downloadModel, type DownloadProgress } from './hub-download.js';
import { installDir, MANIFEST_FILE } from './install-layout.js';
import { ModelDownloadError } from './model-download-error.js';
import { closedPort, startFakeHub, type FakeHub } from './testing/fake-hub.js';
import { TEST_MODEL_ID, TEST_REVISION, testCatalogModel, testModelFiles } from './testing/test-model.js';

const files = testModelFiles();
const totalBytes = [...files.values()].reduce((sum, bytes) => sum + bytes.length, 0);
let hub: FakeHub;
let cacheDir: string;
let model: CatalogModel;

beforeEach(async () => {
  hub = await startFakeHub(TEST_MODEL_ID, TEST_REVISION, files);
  cacheDir = tempDir('model-cache');
  model = testCatalogModel(files);
});
afterEach(async () => {
  await hub.close();
});

const finalDir = () => installDir(cacheDir, TEST_MODEL_ID, TEST_REVISION, 'q8');

/** Everything under the model's revision folder: no final folder and no staging folder after a failure. */
const revisionFolderEntries = () => {
  const dir = join(cacheDir, TEST_MODEL_ID, TEST_REVISION);
  return existsSync(dir) ? readdirSync(dir) : [];
};

async function expectFailure(promise: Promise<unknown>, kind: ModelDownloadError['kind']) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ModelDownloadError);
  expect((error as ModelDownloadError).kind).toBe(kind);
  return error as ModelDownloadError;
}

describe('downloadModel', () => {
  it('downloads every file with monotonic progress into a folder transformers.js can load by path', async () => {
    const events: DownloadProgress[] = [];
    const result = await downloadModel({
      model,
      cacheDir,
      host: hub.host,
      onProgress: (e) => events.push(e),
    });

    expect(result).toMatchObject({ modelId: TEST_MODEL_ID, dtype: 'q8', dir: finalDir(), bytes: totalBytes });
    for (const [path, bytes] of files) expect(readFileSync(join(finalDir(), path)).equals(bytes)).toBe(true);
    expect(existsSync(join(finalDir(), 'generation_config.json'))).toBe(false);
    expect(existsSync(join(finalDir(), MANIFEST_FILE))).toBe(true);
    expect(revisionFolderEntries()).toEqual(['q8']);

    const done = events.map((e) => e.bytesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    const last = events.at(-1);
    expect(last).toMatchObject({ bytesDone: totalBytes, bytesTotal: totalBytes, fileIndex: 5, fileCount: 5 });
    expect(new Set(events.map((e) => e.file))).toEqual(new Set([...files.keys(), 'generation_config.json']));
    for (const event of events) {
      expect(event.modelId).toBe(TEST_MODEL_ID);
      expect(event.bytesTotal).toBe(totalBytes);
    }
    expect(hub.requests).toContain(
      `/${TEST_MODEL_ID}/resolve/${TEST_REVISION}/onnx/encoder_model_quantized.onnx`,
    );
  });

  it('reports an installed model without downloading it again', async () => {
    await downloadModel({ model, cacheDir, host: hub.host });
    const requests = hub.requests.length;
    const again = await downloadModel({ model, cacheDir, host: hub.host });
    expect(again.alreadyInstalled).toBe(true);
    expect(hub.requests.length).toBe(requests);
  });

  it('gives "truncated" when the connection is cut mid-file, leaves no folder, and a retry succeeds', async () => {
    hub.setBehaviour('onnx/decoder_model_merged_quantized.onnx', 'cut');
    const error = await expectFailure(downloadModel({ model, cacheDir, host: hub.host }), 'truncated');
    expect(error.message).toMatch(
      /^The download of onnx\/decoder_model_merged_quantized\.onnx was cut off after \d+ of 500000 bytes\.$/,
    );
    expect(revisionFolderEntries()).toEqual([]);

    hub.setBehaviour('onnx/decoder_model_merged_quantized.onnx', 'ok');
    const retry = await downloadModel({ model, cacheDir, host: hub.host });
    expect(retry.bytes).toBe(totalBytes);
    expect(revisionFolderEntries()).toEqual(['q8']);
  });

  it('gives "checksum" for a file whose sha256 differs, and leaves no folder', async () => {
    const wrong = structuredClone(model);
    const file = wrong.dtypes.q8?.files[0];
    if (!file) throw new Error('test model has no q8 files');
    file.sha256 = '0'.repeat(64);
    const error = await expectFailure(downloadModel({ model: wrong, cacheDir, host: hub.host }), 'checksum');
    expect(error.message).toContain('onnx/encoder_model_quantized.onnx does not match its sha256');
    expect(revisionFolderEntries()).toEqual([]);
  });

  it('gives "size" for a file whose size differs from the catalog, and leaves no folder', async () => {
    const wrong = structuredClone(model);
    const file = wrong.dtypes.q8?.files[1];
    if (!file) throw new Error('test model has no q8 files');
    file.bytes = 123;
    const error = await expectFailure(downloadModel({ model: wrong, cacheDir, host: hub.host }), 'size');
    expect(error.message).toBe(
      'onnx/decoder_model_merged_quantized.onnx is 500000 bytes but should be 123; the download was discarded.',
    );
    expect(revisionFolderEntries()).toEqual([]);
  });

  it('gives "http" with the status and file for a missing required file', async () => {
    const error = await expectFailure(
      downloadModel({
        modelId: TEST_MODEL_ID,
        revision: TEST_REVISION,
        dtype: 'custom',
        files: [{ path: 'onnx/missing.onnx', bytes: null, sha256: null }],
        cacheDir,
        host: hub.host,
      }),
      'http',
    );
    expect(error.details).toMatchObject({ status: 404, file: 'onnx/missing.onnx' });
    expect(existsSync(installDir(cacheDir, TEST_MODEL_ID, TEST_REVISION, 'custom'))).toBe(false);
  });

  it('gives the offline message when nothing listens on the host', async () => {
    const host = `http://127.0.0.1:${await closedPort()}`;
    const error = await expectFailure(downloadModel({ model, cacheDir, host }), 'offline');
    expect(error.message).toBe(`Cannot reach the model host (${host}) — import a model folder instead.`);
    expect(revisionFolderEntries()).toEqual([]);
  });

  it('gives "cancelled" when aborted mid-file and removes the staging folder', async () => {
    hub.setBehaviour('onnx/encoder_model_quantized.onnx', 'stall');
    const controller = new AbortController();
    const download = downloadModel({ model, cacheDir, host: hub.host, signal: controller.signal });
    await hub.stalled();
    expect(revisionFolderEntries()).toEqual(['q8.partial']);
    controller.abort();
    const error = await expectFailure(download, 'cancelled');
    expect(error.message).toBe(`The download of ${TEST_MODEL_ID} was cancelled.`);
    expect(revisionFolderEntries()).toEqual([]);
  });

  it('starts clean over a staging folder left by an interrupted run', async () => {
    const staging = `${finalDir()}.partial`;
    mkdirSync(join(staging, 'onnx'), { recursive: true });
    writeFileSync(join(staging, 'onnx', 'encoder_model_quantized.onnx'), 'half');
    const result = await downloadModel({ model, cacheDir, host: hub.host });
    expect(result.bytes).toBe(totalBytes);
    expect(existsSync(staging)).toBe(false);
  });
});

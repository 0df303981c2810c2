import { catalogModelSchema, type CatalogModel } from '../../../../models/catalog.js';
import { patternBytes, sha256Of } from './fake-hub.js';

export const TEST_MODEL_ID = 'altlens-test/tiny-captioner';
export const TEST_REVISION = 'abcdef0123456789abcdef0123456789abcdef01';

/** The files of a small fake model, in the hub's layout; the ONNX "files" are just known bytes. */
export function testModelFiles(): Map<string, Buffer> {
  return new Map([
    ['config.json', Buffer.from(JSON.stringify({ model_type: 'vision-encoder-decoder' }))],
    ['tokenizer.json', Buffer.from(JSON.stringify({ version: '1.0' }))],
    ['onnx/encoder_model_quantized.onnx', patternBytes(300_000, 1)],
    ['onnx/decoder_model_merged_quantized.onnx', patternBytes(500_000, 2)],
  ]);
}

/** A catalog entry for the files above, with their real sizes and sha256 (generation_config.json is optional and absent). */
export function testCatalogModel(files: ReadonlyMap<string, Buffer>): CatalogModel {
  const entry = (path: string) => {
    const bytes = files.get(path);
    if (!bytes) throw new Error(`no test file ${path}`);
    return { path, bytes: bytes.length, approxBytes: null, sha256: sha256Of(bytes) };
  };
  return catalogModelSchema.parse({
    id: TEST_MODEL_ID,
    displayName: 'Tiny test captioner',
    revision: TEST_REVISION,
    licence: { id: 'mit' },
    architecture: 'vision-encoder-decoder',
    tasks: ['caption'],
    approxParameters: null,
    configFiles: [
      entry('config.json'),
      { path: 'generation_config.json', bytes: null, approxBytes: null, sha256: null, optional: true },
      entry('tokenizer.json'),
    ],
    dtypes: {
      q8: {
        sessions: { encoder_model: 'q8', decoder_model_merged: 'q8' },
        files: [
          entry('onnx/encoder_model_quantized.onnx'),
          entry('onnx/decoder_model_merged_quantized.onnx'),
        ],
      },
    },
    defaultDtype: { cpu: 'q8', gpu: 'q8' },
    sources: [{ url: 'http://127.0.0.1/', facts: 'made up for tests' }],
  });
}

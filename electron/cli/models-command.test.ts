import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalog, type CatalogModel } from '../../models/catalog.js';
import { installDir } from '../core/models/install-layout.js';
import { closedPort, startFakeHub, type FakeHub } from '../core/models/testing/fake-hub.js';
import {
  TEST_MODEL_ID,
  TEST_REVISION,
  testCatalogModel,
  testModelFiles,
} from '../core/models/testing/test-model.js';
import { tempDir } from '../core/testing/sample-images.js';
import { addModelsCommand } from './models-command.js';

const files = testModelFiles();
let hub: FakeHub;
let models: CatalogModel[];

beforeEach(async () => {
  hub = await startFakeHub(TEST_MODEL_ID, TEST_REVISION, files);
  models = [...catalog, testCatalogModel(files)];
});
afterEach(async () => {
  await hub.close();
});

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { out: (text: string) => (stdout += text), err: (text: string) => (stderr += text) };
  const program = new Command('altlens')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  addModelsCommand(program, io, models);
  await program.parseAsync(['node', 'altlens', 'models', ...args]);
  return { stdout, stderr };
}

describe('altlens models', () => {
  it('downloads a model from the host with progress on stderr, then lists it as installed in JSON', async () => {
    const dataDir = tempDir('cli-models');
    const downloaded = await run('download', TEST_MODEL_ID, '--host', hub.host, '--data-dir', dataDir);
    const dir = installDir(join(dataDir, 'models'), TEST_MODEL_ID, TEST_REVISION, 'q8');
    expect(downloaded.stdout).toBe(`Installed ${TEST_MODEL_ID} (q8, 0.8 MB) in ${dir}\n`);
    expect(downloaded.stderr).toMatch(
      /^Downloading altlens-test\/tiny-captioner: 0\.0 of 0\.8 MB \(file 1 of 5\)$/m,
    );
    expect(downloaded.stderr.trimEnd().split('\n').at(-1)).toBe(
      `Downloading ${TEST_MODEL_ID}: 0.8 of 0.8 MB (file 5 of 5)`,
    );
    const expected = files.get('onnx/encoder_model_quantized.onnx') ?? Buffer.alloc(0);
    expect(readFileSync(join(dir, 'onnx', 'encoder_model_quantized.onnx')).equals(expected)).toBe(true);

    const listed = await run('list', '--json', '--data-dir', dataDir);
    const rows = JSON.parse(listed.stdout) as {
      id: string;
      installed: boolean;
      copies: { dtype: string }[];
    }[];
    expect(rows.map((row) => row.id)).toEqual(models.map((model) => model.id));
    expect(rows.find((row) => row.id === TEST_MODEL_ID)).toMatchObject({
      installed: true,
      copies: [{ dtype: 'q8' }],
    });
    expect(rows.find((row) => row.id === 'Mozilla/distilvit')).toMatchObject({
      installed: false,
      isDefault: true,
    });

    await run('remove', TEST_MODEL_ID, '--data-dir', dataDir);
    expect(existsSync(dir)).toBe(false);
  });

  it('fails with one readable line when the host cannot be reached', async () => {
    const host = `http://127.0.0.1:${await closedPort()}`;
    const failure = run('download', TEST_MODEL_ID, '--host', host, '--data-dir', tempDir('cli-offline'));
    await expect(failure).rejects.toThrow(
      `Cannot reach the model host (${host}) — import a model folder instead.`,
    );
  });

  it('fails with one readable line for a model not in the catalog', async () => {
    await expect(run('download', 'nobody/nothing', '--data-dir', tempDir('cli-unknown'))).rejects.toThrow(
      /^nobody\/nothing is not in the catalog; known models: Mozilla\/distilvit, /,
    );
  });
});

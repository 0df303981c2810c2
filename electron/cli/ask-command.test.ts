import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTinyCaptioner } from '../../models/test-model/tiny-captioner.js';
import { writeTinyIdefics3 } from '../../models/test-model/tiny-idefics3.js';
import { tempDir, writeImage } from '../core/testing/sample-images.js';
import { runCli } from './cli-test-run.js';

let smolDir: string;
let captionerDir: string;
let red: string;
let blue: string;

beforeAll(async () => {
  const models = tempDir('cli-ask-models');
  smolDir = join(models, 'tiny-idefics3');
  captionerDir = join(models, 'tiny');
  await Promise.all([writeTinyIdefics3(smolDir), writeTinyCaptioner(captionerDir)]);
  const photos = tempDir('cli-ask-photos');
  red = join(photos, 'red.jpg');
  blue = join(photos, 'blue.png');
  await writeImage(red, { color: '#d01010', width: 640, height: 480 });
  await writeImage(blue, { color: '#1020c0', format: 'png' });
});

describe('altlens ask (real engine process, tiny idefics3 model)', () => {
  it('prints the answer to a question about the photo', async () => {
    const { stdout, stderr, error } = await runCli(
      'ask',
      red,
      'What colour is this photo?',
      '--model',
      smolDir,
      '--device',
      'cpu',
    );
    expect(error).toBeNull();
    expect(stdout).toBe('a red photo\n');
    expect(stderr).toContain('Asking tiny-idefics3 (test model) on cpu.');
  });

  it('with --json prints one JSON object on one line: {path, question, answer, model, device, ms}', async () => {
    const { stdout, error } = await runCli('ask', blue, ' Which colour? ', '--model', smolDir, '--json');
    expect(error).toBeNull();
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toEqual({
      path: blue,
      question: 'Which colour?',
      answer: 'a blue photo',
      model: 'tiny-idefics3 (test model)',
      device: 'cpu',
      ms: expect.any(Number),
    });
  });

  it('refuses an empty question and one of 10,000 characters, saying why', async () => {
    const empty = await runCli('ask', red, '  ', '--model', smolDir);
    expect(empty.stdout).toBe('');
    expect(empty.error).toMatchObject({
      message: 'The question is empty: write what you want to know about the photo.',
    });
    const long = await runCli('ask', red, 'x'.repeat(10_000), '--model', smolDir);
    expect(long.stdout).toBe('');
    expect(long.error).toMatchObject({
      message:
        'The question is 10000 characters long; a question may have at most 1000. Ask something shorter.',
    });
  });

  it('says when the photo does not exist or is not an image', async () => {
    const missing = join(tempDir('cli-ask-missing'), 'gone.jpg');
    expect((await runCli('ask', missing, 'What?', '--model', smolDir)).error).toMatchObject({
      message: `${missing} does not exist.`,
    });
    expect((await runCli('ask', smolDir, 'What?', '--model', smolDir)).error).toMatchObject({
      message: `${smolDir} is not a kind of image AltLens reads.`,
    });
  });

  it('asks SmolVLM-256M-Instruct by default, and says how to get it when it is not installed', async () => {
    const { error } = await runCli('ask', red, 'What?', '--data-dir', tempDir('cli-ask-no-models'));
    expect(error).toMatchObject({
      message: 'HuggingFaceTB/SmolVLM-256M-Instruct is not installed; download it or import its folder.',
    });
  });
});

describe('altlens ask with a model that cannot answer questions (the real altlens command)', () => {
  it('exits 1 with one line saying so and naming a model that can', () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', main, 'ask', red, 'What colour is it?', '--model', captionerDir],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'altlens: tiny (test model) cannot answer questions about photos; use a model that can, ' +
        'e.g. --model HuggingFaceTB/SmolVLM-256M-Instruct.\n',
    );
    expect(result.status).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import type { CaptionQueueStatus, ModelSummary } from '../../../contract/api';
import { captionsWaitForModel, missingModel, modelName, modelNotice } from './model-text';

function model(id: string, facts: Partial<ModelSummary> = {}): ModelSummary {
  return {
    id,
    displayName: `${id} name`,
    kind: 'catalog',
    installed: false,
    isDefault: false,
    active: false,
    downloadBytes: null,
    licence: null,
    ...facts,
  };
}

function queue(engine: Partial<CaptionQueueStatus['engine']>): CaptionQueueStatus {
  return {
    counts: { queued: 0, running: 0, paused: 0, done: 0, failed: 0, cancelled: 0 },
    paused: false,
    current: null,
    engine: {
      state: 'idle',
      model: 'm',
      modelName: 'm',
      device: null,
      skipped: [],
      message: null,
      ...engine,
    },
  };
}

describe('modelName', () => {
  it('takes the name the core gives: the queue for the model in use, the list for the others', () => {
    const list = [model('a/b')];
    const status = queue({ model: '/tmp/x/tiny', modelName: 'tiny (test model)' });
    expect(modelName(list, '/tmp/x/tiny', status)).toBe('tiny (test model)');
    expect(modelName(list, 'a/b', status)).toBe('a/b name');
  });
});

describe('missingModel and captionsWaitForModel', () => {
  it('finds the chosen model when it is not installed, and nothing when it is or none is listed', () => {
    const chosen = model('Mozilla/distilvit', { active: true, isDefault: true });
    expect(missingModel([model('x/y', { installed: true }), chosen])).toBe(chosen);
    expect(missingModel([{ ...chosen, installed: true }])).toBeNull();
    // A model folder given by path is not in the list: it is not taken as missing.
    expect(missingModel([model('x/y')])).toBeNull();
    expect(missingModel(null)).toBeNull();
  });

  it('says the captions wait for a model when the chosen one is missing or the engine cannot start', () => {
    const missing = [model('m', { active: true })];
    const installed = [model('m', { active: true, installed: true })];
    expect(captionsWaitForModel(missing, queue({}))).toBe(true);
    expect(captionsWaitForModel(installed, queue({ state: 'failed', message: 'no onnx files' }))).toBe(true);
    expect(captionsWaitForModel(installed, queue({ state: 'ready' }))).toBe(false);
    expect(captionsWaitForModel(null, null)).toBe(false);
  });
});

describe('modelNotice', () => {
  const distilvit = model('Mozilla/distilvit', { displayName: 'DistilViT', active: true });

  it('says no model is installed and offers the chosen one to download, or a folder to import', () => {
    expect(modelNotice([distilvit, model('b/c')], queue({}))).toEqual({
      text: 'No captioning model is installed: captions wait until one is.',
      download: distilvit,
      link: 'Import a model folder',
    });
  });

  it('names the chosen model when another is installed, and offers no download for an imported one', () => {
    const other = model('b/c', { installed: true });
    expect(modelNotice([distilvit, other], null)).toMatchObject({
      text: 'DistilViT is chosen for captions but is not installed: captions wait until it is.',
      download: distilvit,
      link: 'Choose or import a model',
    });
    const gone = model('imported/x', { kind: 'imported', active: true });
    expect(modelNotice([gone, other], null)?.download).toBeNull();
  });

  it('says why when the installed model cannot start, and nothing while it can', () => {
    const installed = [{ ...distilvit, installed: true }];
    expect(modelNotice(installed, queue({ state: 'failed', message: 'It has no onnx files.' }))).toEqual({
      text: 'Captions are stopped: It has no onnx files.',
      download: null,
      link: 'Choose or import a model',
    });
    expect(modelNotice(installed, queue({ state: 'ready' }))).toBeNull();
    expect(modelNotice(null, null)).toBeNull();
  });
});

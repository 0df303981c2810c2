// The model families AltLens runs, each with what it can do. This file names them for the app side (model
// folders, the catalog, the CLI) without loading transformers.js; each family's adapter, run in the engine
// process, lives in ./adapters/ (DESIGN §3).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CaptionTask } from '../../../contract/api.js';

export { CaptionTask };

export interface ModelFamily {
  /** The family's name, as its adapter file is named. */
  readonly name: string;
  /** The config.json `model_type` values it reads. */
  readonly modelTypes: readonly string[];
  readonly tasks: readonly CaptionTask[];
  /** It follows a written prompt (buildPrompt's); else it is steered by task tokens, or by nothing. */
  readonly prompted: boolean;
}

export const FAMILIES = {
  visionEncoderDecoder: {
    name: 'vision-encoder-decoder',
    modelTypes: ['vision-encoder-decoder'],
    tasks: ['alt'],
    prompted: false,
  },
  idefics3: {
    name: 'idefics3',
    modelTypes: ['idefics3', 'smolvlm'],
    tasks: ['alt', 'extended', 'question'],
    prompted: true,
  },
  florence2: {
    name: 'florence2',
    modelTypes: ['florence2'],
    tasks: ['alt', 'extended', 'ocr'],
    prompted: false,
  },
} as const satisfies Record<string, ModelFamily>;

const families: readonly ModelFamily[] = Object.values(FAMILIES);

/** Every `model_type` AltLens runs. */
export const SUPPORTED_MODEL_TYPES: readonly string[] = families.flatMap((family) => family.modelTypes);

/** The family that runs a `model_type`, or undefined. */
export function familyOf(modelType: string): ModelFamily | undefined {
  return families.find((family) => family.modelTypes.includes(modelType));
}

/** The model folder holds a kind of model AltLens has no adapter for; `message` is one readable line. */
export class UnsupportedModelError extends Error {
  override readonly name = 'UnsupportedModelError';
}

const ModelTypeConfig = z.object({ model_type: z.unknown() });

/** config.json's `model_type` in `dir`; throws what reading config.json throws (a missing file, bad JSON). */
function readModelType(dir: string): unknown {
  return ModelTypeConfig.parse(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).model_type;
}

function modelKind(modelType: unknown): string {
  return typeof modelType === 'string' ? `a "${modelType}" model` : 'a model of no known kind';
}

/**
 * The family of the model in `dir`, from its config.json's `model_type`. Throws what reading config.json
 * throws (a missing file, bad JSON), and an UnsupportedModelError naming the kind and the supported ones.
 */
export function readModelFamily(dir: string): ModelFamily {
  const modelType = readModelType(dir);
  const family = typeof modelType === 'string' ? familyOf(modelType) : undefined;
  if (family) return family;
  const supported = SUPPORTED_MODEL_TYPES.join(', ');
  if (typeof modelType === 'string' && embeddingFamilyOf(modelType)) {
    throw new UnsupportedModelError(
      `${dir} holds ${modelKind(modelType)}, which finds photos by meaning but does not describe them; ` +
        `AltLens describes photos with ${supported} models.`,
    );
  }
  throw new UnsupportedModelError(
    `${dir} holds ${modelKind(modelType)}, which AltLens cannot run; it runs ${supported} models.`,
  );
}

/** A family of image–text embedding models: search by meaning and similar photos (issue 14). */
export interface EmbeddingFamily {
  readonly name: string;
  /** The config.json `model_type` values it reads. */
  readonly modelTypes: readonly string[];
}

export const EMBEDDING_FAMILIES = {
  clip: { name: 'clip', modelTypes: ['clip'] },
} as const satisfies Record<string, EmbeddingFamily>;

const embeddingFamilies: readonly EmbeddingFamily[] = Object.values(EMBEDDING_FAMILIES);

function embeddingFamilyOf(modelType: string): EmbeddingFamily | undefined {
  return embeddingFamilies.find((family) => family.modelTypes.includes(modelType));
}

/**
 * The embedding family of the model in `dir`. Throws what reading config.json throws, and an
 * UnsupportedModelError (one line) for a folder of any other kind of model.
 */
export function readEmbeddingFamily(dir: string): EmbeddingFamily {
  const modelType = readModelType(dir);
  const family = typeof modelType === 'string' ? embeddingFamilyOf(modelType) : undefined;
  if (family) return family;
  const supported = embeddingFamilies.flatMap((f) => f.modelTypes).join(', ');
  throw new UnsupportedModelError(
    `${dir} holds ${modelKind(modelType)}, which makes no embeddings; search by meaning needs a ${supported} model.`,
  );
}

/** The model in `dir` follows a written prompt; a folder that is no model is left for the engine to explain. */
export function followsPrompts(dir: string): boolean {
  try {
    return readModelFamily(dir).prompted;
  } catch {
    return false;
  }
}

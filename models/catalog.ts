import { z } from 'zod';
import { familyOf } from '../electron/core/captioning/architectures.js';

/*
 * The model catalog: facts about the captioning models AltLens can download, each with the page it came
 * from (shared/MODELS.md, checked against stored copies of the models' Hugging Face pages).
 *
 * Rules for the numbers: `bytes` and `sha256` are exact and set only where a page showed them exactly (a
 * commit's LFS pointer, or a file page's "Git LFS Details"); `approxBytes` is the hub's rounded figure
 * (MB = 10^6 bytes); `null` means not seen. Nothing here is guessed.
 */

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lower-case hex digits');
const revisionSchema = z.string().regex(/^[0-9a-f]{40}$/, 'a pinned revision is a 40-hex commit id');

/** The dtypes transformers.js accepts per ONNX session; each picks a file suffix (q8 → `_quantized`). */
export const onnxDtypeSchema = z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4']);

export const modelTaskSchema = z.enum(['caption', 'detailed-caption', 'ocr', 'question']);

/** `model_type` as transformers.js names the architecture. */
export const architectureSchema = z.enum(['vision-encoder-decoder', 'florence2', 'idefics3']);

const repoPathSchema = z
  .string()
  .min(1)
  .refine(
    (path) => !path.startsWith('/') && !path.includes('\\') && !path.split('/').includes('..'),
    'a file path is relative to the repository root, with no ".." and no backslashes',
  );

export const modelFileSchema = z.object({
  path: repoPathSchema,
  bytes: z.number().int().nonnegative().nullable(),
  approxBytes: z.number().int().positive().nullable(),
  sha256: sha256Schema.nullable(),
  /** The download goes on without it when the host answers 404. */
  optional: z.boolean().optional(),
});

export const dtypeOptionSchema = z.object({
  /** What to pass to transformers.js as `dtype`: one dtype per ONNX session. */
  sessions: z.record(z.string(), onnxDtypeSchema),
  files: z.array(modelFileSchema).min(1),
});

export const catalogModelSchema = z
  .object({
    id: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'a model id is owner/name'),
    displayName: z.string().min(1),
    revision: revisionSchema.nullable(),
    revisionNote: z.string().optional(),
    licence: z.object({ id: z.string().min(1).nullable(), note: z.string().optional() }),
    architecture: architectureSchema,
    tasks: z.array(modelTaskSchema).min(1),
    approxParameters: z.number().int().positive().nullable(),
    /** Config, tokenizer and processor JSON files every dtype needs. */
    configFiles: z.array(modelFileSchema).min(1),
    dtypes: z.record(z.string(), dtypeOptionSchema),
    defaultDtype: z.object({ cpu: z.string(), gpu: z.string() }),
    sources: z.array(z.object({ url: z.url(), facts: z.string().min(1) })).min(1),
  })
  .refine(
    (model) => model.defaultDtype.cpu in model.dtypes && model.defaultDtype.gpu in model.dtypes,
    'the default dtypes must be among the dtypes offered',
  )
  .refine(
    (model) => model.configFiles.some((file) => file.path === 'config.json' && !file.optional),
    'every model needs config.json',
  )
  .refine(
    (model) => model.licence.id !== null || (model.licence.note ?? '') !== '',
    'an unknown licence needs a note saying why',
  );

export const catalogSchema = z
  .array(catalogModelSchema)
  .min(1)
  .refine((models) => new Set(models.map((m) => m.id)).size === models.length, 'model ids are unique');

export type OnnxDtype = z.infer<typeof onnxDtypeSchema>;
export type ModelTask = z.infer<typeof modelTaskSchema>;
export type ModelArchitecture = z.infer<typeof architectureSchema>;
export type ModelFile = z.infer<typeof modelFileSchema>;
export type DtypeOption = z.infer<typeof dtypeOptionSchema>;
export type CatalogModel = z.infer<typeof catalogModelSchema>;

const MB = 1_000_000;
const approx = (megabytes: number): number => Math.round(megabytes * MB);

/** A file whose size the hub showed only rounded and whose sha256 was not seen. */
const approxFile = (path: string, megabytes: number): ModelFile => ({
  path,
  bytes: null,
  approxBytes: approx(megabytes),
  sha256: null,
});

/** A JSON file whose size and hash were not seen. */
const jsonFile = (path: string, optional = false): ModelFile => ({
  path,
  bytes: null,
  approxBytes: null,
  sha256: null,
  ...(optional ? { optional } : {}),
});

const visionEncoderDecoderConfig = [
  jsonFile('config.json'),
  jsonFile('generation_config.json', true),
  jsonFile('preprocessor_config.json'),
  jsonFile('tokenizer.json'),
  jsonFile('tokenizer_config.json'),
];

const encoderDecoderSessions = (dtype: OnnxDtype) => ({ encoder_model: dtype, decoder_model_merged: dtype });

const rawCatalog: CatalogModel[] = [
  {
    id: 'Mozilla/distilvit',
    displayName: 'DistilViT (Mozilla) — short alt text',
    revision: '9e4003c5a8dd811e5d2015ffc8b153be74155a64',
    licence: { id: 'apache-2.0' },
    architecture: 'vision-encoder-decoder',
    tasks: ['caption'],
    approxParameters: 182_000_000,
    configFiles: visionEncoderDecoderConfig,
    dtypes: {
      fp32: {
        sessions: encoderDecoderSessions('fp32'),
        files: [
          approxFile('onnx/encoder_model.onnx', 343), // sha256 at this revision not seen
          {
            path: 'onnx/decoder_model_merged.onnx',
            bytes: null,
            approxBytes: approx(387),
            sha256: 'c398f8e6fd8bf8b03105a7ada1541f488c07870229210a128205c6492b7c38ed',
          },
        ],
      },
      fp16: {
        sessions: encoderDecoderSessions('fp16'),
        // sha256 of both not seen.
        files: [
          approxFile('onnx/encoder_model_fp16.onnx', 172),
          approxFile('onnx/decoder_model_merged_fp16.onnx', 195),
        ],
      },
      q8: {
        sessions: encoderDecoderSessions('q8'),
        files: [
          approxFile('onnx/encoder_model_quantized.onnx', 87), // sha256 at this revision not seen
          {
            path: 'onnx/decoder_model_merged_quantized.onnx',
            bytes: null,
            approxBytes: approx(99.8),
            sha256: '0c66eda97aa444b17357dfba1c9827abc7824d6fd905dd28f097f74ddef02943',
          },
        ],
      },
      q4: {
        sessions: encoderDecoderSessions('q4'),
        files: [
          {
            path: 'onnx/encoder_model_q4.onnx',
            bytes: 56_796_820,
            approxBytes: null,
            sha256: 'dffb6f858e2bea1a4106c3302c1057b64cf5228ee94c1f9e2bcde6685a4d774b',
          },
          {
            path: 'onnx/decoder_model_merged_q4.onnx',
            bytes: 387_341_393,
            approxBytes: null,
            sha256: '807ce81c93a7a0bb26baf394127453c28ec945d174e34e1e39099e67c0ca0b5f',
          },
        ],
      },
    },
    // MODELS.md: q8 on CPU (≈ 187 MB download), fp16 on GPU.
    defaultDtype: { cpu: 'q8', gpu: 'fp16' },
    sources: [
      {
        url: 'https://huggingface.co/Mozilla/distilvit/tree/main/onnx',
        facts: 'licence apache-2.0; onnx/ file list and rounded sizes; last onnx/ commit 9e4003c "Added q4"',
      },
      {
        url: 'https://huggingface.co/Mozilla/distilvit/commit/9e4003c5a8dd811e5d2015ffc8b153be74155a64',
        facts: 'the pinned revision; exact sizes and sha256 of the q4 files (LFS pointers)',
      },
      {
        url: 'https://huggingface.co/Mozilla/distilvit/blob/main/onnx/decoder_model_merged_quantized.onnx',
        facts:
          'sha256 of the q8 merged decoder (last changed by 2963c42 "New training round", before 9e4003c)',
      },
      {
        url: 'https://huggingface.co/Mozilla/distilvit/blob/main/onnx/decoder_model_merged.onnx',
        facts: 'sha256 of the fp32 merged decoder (last changed by 2963c42)',
      },
      {
        url: 'https://huggingface.co/Mozilla/distilvit',
        facts:
          'via shared/MODELS.md: ViT + DistilGPT-2, 182M parameters, default dtypes q8 (CPU) / fp16 (GPU)',
      },
    ],
  },
  {
    id: 'onnx-community/Florence-2-base-ft',
    displayName: 'Florence-2 base (fine-tuned) — detailed descriptions and text',
    revision: '9f4d15b733061a43d1dfec78b30dc9817e9cfe6a',
    revisionNote:
      'Seen on the hub as a main-branch revision whose history holds "Upload q4f16 ONNX weights (#6)" (8d389ee) ' +
      'and "Improve vision encoder casts for WebGPU (#3)". The q4f16 sizes and hashes were read from the ' +
      'pull-request commit fac887a509cb8264d5639f04674c04977c65d937; only decoder_model_merged_q4f16 was also ' +
      'seen at 9f4d15b itself (same sha256). MODELS.md named e88a44eaf3791a35eae0c5a47b3dbcd36e67eb6f: third-party ' +
      'code pins it too, but no hub page for it was seen, so it is not used.',
    licence: { id: 'mit' },
    architecture: 'florence2',
    tasks: ['caption', 'detailed-caption', 'ocr'],
    approxParameters: 230_000_000,
    configFiles: [
      jsonFile('config.json'),
      jsonFile('generation_config.json', true),
      jsonFile('preprocessor_config.json'),
      jsonFile('processor_config.json', true), // present in onnx-community/Florence-2-base; not seen here
      jsonFile('tokenizer.json'),
      jsonFile('tokenizer_config.json'),
    ],
    dtypes: {
      fp32: {
        sessions: {
          vision_encoder: 'fp32',
          embed_tokens: 'fp32',
          encoder_model: 'fp32',
          decoder_model_merged: 'fp32',
        },
        // sha256 of these at the pinned revision not seen.
        files: [
          approxFile('onnx/vision_encoder.onnx', 367),
          approxFile('onnx/embed_tokens.onnx', 158),
          approxFile('onnx/encoder_model.onnx', 173),
          approxFile('onnx/decoder_model_merged.onnx', 388),
        ],
      },
      q4f16: {
        sessions: {
          vision_encoder: 'q4f16',
          embed_tokens: 'q4f16',
          encoder_model: 'q4f16',
          decoder_model_merged: 'q4f16',
        },
        files: [
          {
            path: 'onnx/vision_encoder_q4f16.onnx',
            bytes: 62_416_644,
            approxBytes: null,
            sha256: '1e993fb7081302294b5c286b2cc6c2a63283959f399317dc2be49eca94f2dd18',
          },
          {
            path: 'onnx/embed_tokens_q4f16.onnx',
            bytes: 78_780_309,
            approxBytes: null,
            sha256: '2c2a1663e8db3189699762d8e29ace6235cc9179b710326c99baa822c9ec96b8',
          },
          {
            path: 'onnx/encoder_model_q4f16.onnx',
            bytes: 25_705_965,
            approxBytes: null,
            sha256: '1550d697836639b0fec53023dac96253342c2ec1e7fa682595fda80d157e9f64',
          },
          {
            path: 'onnx/decoder_model_merged_q4f16.onnx',
            bytes: 56_543_716,
            approxBytes: null,
            sha256: 'db32b0b1fd501e1929e28b96eaacee0dfccdd9573ef0237b1efb4b7a40a016b1',
          },
        ],
      },
    },
    // q4f16 is the only dtype whose files are all known exactly (≈ 223 MB against ≈ 1.09 GB in fp32). How
    // fast it runs on onnxruntime-node's CPU provider has not been measured.
    defaultDtype: { cpu: 'q4f16', gpu: 'q4f16' },
    sources: [
      {
        url: 'https://huggingface.co/onnx-community/Florence-2-base-ft/commit/fac887a509cb8264d5639f04674c04977c65d937',
        facts: '"Upload q4f16 ONNX weights": exact sizes and sha256 of the four q4f16 session files',
      },
      {
        url: 'https://huggingface.co/onnx-community/Florence-2-base-ft/blob/9f4d15b733061a43d1dfec78b30dc9817e9cfe6a/onnx/decoder_model_merged_q4f16.onnx',
        facts:
          'the pinned revision; decoder_model_merged_q4f16 from "Upload q4f16 ONNX weights (#6)", same sha256',
      },
      {
        url: 'https://huggingface.co/onnx-community/Florence-2-base-ft/commits/9f4d15b733061a43d1dfec78b30dc9817e9cfe6a',
        facts: 'history of the pinned revision (vision encoder cast fix #3, embed_tokens rename)',
      },
      {
        url: 'https://huggingface.co/onnx-community/Florence-2-base-ft/tree/21d4c6b8e277c8bdbd1159a0b5295e7c966b3b15/onnx',
        facts:
          'licence mit; rounded fp32 sizes of vision_encoder, embed_tokens, encoder_model, decoder_model_merged',
      },
      {
        url: 'https://huggingface.co/microsoft/Florence-2-base-ft',
        facts: 'via shared/MODELS.md: 0.23B parameters, caption/detailed caption/OCR task prompts',
      },
    ],
  },
  {
    id: 'HuggingFaceTB/SmolVLM-256M-Instruct',
    displayName: 'SmolVLM 256M Instruct — follows prompts, answers questions',
    revision: 'acc054744d60adea9d88214dab6e2219e6e512a7',
    licence: { id: 'apache-2.0' },
    architecture: 'idefics3',
    tasks: ['caption', 'detailed-caption', 'question'],
    approxParameters: 256_000_000,
    configFiles: [
      // The hub lists files under 1 kB in exact bytes; sha256 of these not seen.
      jsonFile('config.json'),
      { path: 'generation_config.json', bytes: 136, approxBytes: null, sha256: null },
      { path: 'preprocessor_config.json', bytes: 486, approxBytes: null, sha256: null },
      { path: 'processor_config.json', bytes: 68, approxBytes: null, sha256: null },
      { path: 'chat_template.json', bytes: 429, approxBytes: null, sha256: null },
      jsonFile('tokenizer.json'),
      jsonFile('tokenizer_config.json'),
    ],
    // Sizes of embed_tokens other than fp32 were not seen, so both options keep embed_tokens in fp32
    // (transformers.js takes a dtype per session).
    dtypes: {
      int8: {
        sessions: { vision_encoder: 'int8', embed_tokens: 'fp32', decoder_model_merged: 'int8' },
        files: [
          approxFile('onnx/vision_encoder_int8.onnx', 94.2),
          approxFile('onnx/embed_tokens.onnx', 114),
          approxFile('onnx/decoder_model_merged_int8.onnx', 138),
        ],
      },
      q4f16: {
        sessions: { vision_encoder: 'q4f16', embed_tokens: 'fp32', decoder_model_merged: 'q4f16' },
        files: [
          approxFile('onnx/vision_encoder_q4f16.onnx', 55),
          approxFile('onnx/embed_tokens.onnx', 114),
          approxFile('onnx/decoder_model_merged_q4f16.onnx', 77.4),
        ],
      },
    },
    defaultDtype: { cpu: 'int8', gpu: 'q4f16' },
    sources: [
      {
        url: 'https://huggingface.co/HuggingFaceTB/SmolVLM-256M-Instruct/tree/acc054744d60adea9d88214dab6e2219e6e512a7',
        facts:
          'the pinned revision ("Add ONNX sample code"); licence apache-2.0; idefics3; root files and sizes',
      },
      {
        url: 'https://huggingface.co/HuggingFaceTB/SmolVLM-256M-Instruct/tree/acc054744d60adea9d88214dab6e2219e6e512a7/onnx',
        facts: 'onnx/ file list; rounded sizes of decoder_model_merged variants and embed_tokens',
      },
      {
        url: 'https://huggingface.co/HuggingFaceTB/SmolVLM-256M-Instruct',
        facts: 'via shared/MODELS.md: vision_encoder int8 94.2 MB and q4f16 55 MB',
      },
    ],
  },
  {
    id: 'Xenova/vit-gpt2-image-captioning',
    displayName: 'ViT-GPT2 image captioning — the classic baseline',
    revision: '215b4edcb7ec1fad5905a18a03f7b2007f6fabd0',
    revisionNote:
      'From shared/MODELS.md; no hub page for this commit was seen here, nor whether it comes before or after ' +
      '918fd85 ("Upload fp16 ONNX weights"). A file missing at this revision fails the download with a 404.',
    licence: {
      id: null,
      note:
        'Not stated on the Xenova/vit-gpt2-image-captioning pages seen. The original ' +
        'nlpconnect/vit-gpt2-image-captioning is listed as apache-2.0 by third-party directories only; ' +
        'check the original model card before relying on it.',
    },
    architecture: 'vision-encoder-decoder',
    tasks: ['caption'],
    approxParameters: null, // not seen
    configFiles: visionEncoderDecoderConfig,
    dtypes: {
      fp32: {
        sessions: encoderDecoderSessions('fp32'),
        files: [
          approxFile('onnx/encoder_model.onnx', 343),
          approxFile('onnx/decoder_model_merged.onnx', 615),
        ],
      },
      fp16: {
        sessions: encoderDecoderSessions('fp16'),
        files: [
          {
            path: 'onnx/encoder_model_fp16.onnx',
            bytes: 171_924_680,
            approxBytes: null,
            sha256: 'f2197ca11cce09e3aca7bc3d83add32aa6757ab89fc51bd25c7dd106b9a0a38e',
          },
          approxFile('onnx/decoder_model_merged_fp16.onnx', 310), // sha256 not seen
        ],
      },
      q8: {
        sessions: encoderDecoderSessions('q8'),
        files: [
          approxFile('onnx/encoder_model_quantized.onnx', 87.5),
          approxFile('onnx/decoder_model_merged_quantized.onnx', 159),
        ],
      },
    },
    defaultDtype: { cpu: 'q8', gpu: 'fp16' },
    sources: [
      {
        url: 'https://huggingface.co/Xenova/vit-gpt2-image-captioning/tree/main/onnx',
        facts: 'onnx/ file list and rounded sizes; no licence shown',
      },
      {
        url: 'https://huggingface.co/Xenova/vit-gpt2-image-captioning/commit/918fd8579b3bda533eb09955c1ab5ac25bafaf7a',
        facts: 'exact size and sha256 of onnx/encoder_model_fp16.onnx',
      },
      {
        url: 'https://huggingface.co/nlpconnect/vit-gpt2-image-captioning',
        facts: 'the original model (licence to be checked there)',
      },
    ],
  },
];

/**
 * The models offered: those whose family has an adapter (a catalog entry never offers a model AltLens cannot
 * run, DESIGN §3).
 */
export const catalog: readonly CatalogModel[] = catalogSchema
  .parse(rawCatalog)
  .filter((model) => familyOf(model.architecture) !== undefined);

export const defaultModelId = 'Mozilla/distilvit';

export function findCatalogModel(
  id: string,
  models: readonly CatalogModel[] = catalog,
): CatalogModel | undefined {
  return models.find((model) => model.id === id);
}

/** The files one dtype of a model needs: its config files, then its ONNX files. */
export function filesFor(model: CatalogModel, dtype: string): ModelFile[] {
  const option = model.dtypes[dtype];
  if (!option) {
    throw new Error(
      `${model.id} has no dtype "${dtype}"; it offers ${Object.keys(model.dtypes).join(', ')}.`,
    );
  }
  return [...model.configFiles, ...option.files];
}

/** The best known size of a file: exact where seen, else the hub's rounded figure, else null. */
export function expectedBytes(file: ModelFile): number | null {
  return file.bytes ?? file.approxBytes;
}

// Messages between the app and its caption engine process. The engine is our own code, but it runs
// native inference that may crash or be killed: every message is validated where it arrives.
import { z } from 'zod';
import { CaptionTask } from './architectures.js';
import { DEVICE_CHOICES } from './devices.js';

const Device = z.enum(DEVICE_CHOICES).exclude(['auto', 'gpu']);

export const SkippedDevice = z.object({ device: Device, reason: z.string() });

/** The longest prompt the engine accepts, in characters (a built prompt with all its context is far shorter). */
export const PROMPT_MAX_LENGTH = 8000;

/** The most images or texts one embedding request carries. */
export const EMBED_BATCH_MAX = 64;

/** What a model is loaded for: describing photos, or embeddings for search by meaning (a CLIP model). */
export const EnginePurpose = z.enum(['caption', 'embed']);
export type EnginePurpose = z.infer<typeof EnginePurpose>;

export const ToEngine = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('load'),
    modelDir: z.string(),
    modelId: z.string(),
    devices: z.array(Device).min(1),
    dtype: z.string().nullable(),
    threads: z.number().int().positive().nullable(),
    purpose: EnginePurpose.default('caption'),
  }),
  z.object({
    type: z.literal('caption'),
    requestId: z.number().int(),
    path: z.string(),
    /** The file to decode instead of `path` (a camera raw's embedded preview); `path` names the photo. */
    decodePath: z.string().optional(),
    ocr: z.boolean(),
    /** What reads the text when `ocr` is set: PaddleOCR, or the loaded model's `ocr` task where it has one. */
    textReader: z.enum(['paddle', 'model']).default('paddle'),
    /** What to ask the model for (alt text unless said); a task the model does not declare is refused. */
    task: CaptionTask.default('alt'),
    /** The person's question, for the `question` task (checked again by the engine). */
    question: z.string().optional(),
    /**
     * The instruction for a prompted model, built on the app side by buildPrompt (prompt.ts) so that every
     * model and provider gets the same one; families steered by task tokens, or by nothing, ignore it.
     */
    prompt: z.string().min(1).max(PROMPT_MAX_LENGTH),
    /** At most this many new tokens (else the engine's limit for the task). */
    maxNewTokens: z.number().int().min(1).max(1024).optional(),
  }),
  /** Embeds photos (each decoded as `caption` decodes it); answered by one `embedded`, in the same order. */
  z.object({
    type: z.literal('embed-images'),
    requestId: z.number().int(),
    images: z
      .array(z.object({ path: z.string(), decodePath: z.string().optional() }))
      .min(1)
      .max(EMBED_BATCH_MAX),
  }),
  /** Embeds texts (a text longer than the model takes is cut there); answered by one `embedded`. */
  z.object({
    type: z.literal('embed-texts'),
    requestId: z.number().int(),
    texts: z.array(z.string().max(PROMPT_MAX_LENGTH)).min(1).max(EMBED_BATCH_MAX),
  }),
]);
export type ToEngine = z.infer<typeof ToEngine>;
/** A message as the app writes it (defaults, such as the `alt` task, left out). */
export type ToEngineInput = z.input<typeof ToEngine>;

export const StageTimes = z.object({
  decode: z.number().nonnegative(),
  ocr: z.number().nonnegative(),
  inference: z.number().nonnegative(),
});
export type StageTimes = z.infer<typeof StageTimes>;

export const FromEngine = z.discriminatedUnion('type', [
  z.object({ type: z.literal('trying'), device: Device }),
  z.object({
    type: z.literal('loaded'),
    device: Device,
    skipped: z.array(SkippedDevice),
    ms: z.number().nonnegative(),
  }),
  /** `model`: the folder is no model AltLens runs (devices were not tried); `devices`: none of them worked. */
  z.object({
    type: z.literal('load-failed'),
    kind: z.enum(['model', 'devices']),
    skipped: z.array(SkippedDevice),
    message: z.string(),
  }),
  z.object({
    type: z.literal('captioned'),
    requestId: z.number().int(),
    caption: z.string(),
    /** The model was stopped at the token limit before it ended its answer. */
    stoppedAtTokenLimit: z.boolean(),
    ocrText: z.string(),
    ms: StageTimes,
  }),
  /** One result per image or text asked for, in order: a vector of length 1, or why that image failed. */
  z.object({
    type: z.literal('embedded'),
    requestId: z.number().int(),
    results: z.array(z.union([z.object({ vector: z.array(z.number()) }), z.object({ error: z.string() })])),
    ms: z.number().nonnegative(),
  }),
  /** A piece of the answer, as the model generates it (before the answer is cleaned). */
  z.object({ type: z.literal('token'), requestId: z.number().int(), text: z.string() }),
  /**
   * `image`: this image cannot be captioned (retrying will not help); `request`: the request was refused
   * before anything ran (an empty or overlong question, a task the model cannot do); `engine`: something
   * else failed.
   */
  z.object({
    type: z.literal('failed'),
    requestId: z.number().int(),
    kind: z.enum(['image', 'request', 'engine']),
    message: z.string(),
  }),
]);
export type FromEngine = z.infer<typeof FromEngine>;

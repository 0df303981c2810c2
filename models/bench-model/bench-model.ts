// Benchmark models of the real shapes (random weights, real layer counts, widths, heads, vocabularies and
// session layout), written in the folder layout the app's adapters load, and cached in the OS temp folder.
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeModel } from '../test-model/onnx-proto.js';
import { distilvitDecoder, distilvitEncoder, distilvitFiles } from './distilvit.js';
import type { BenchDtype, BenchGraph } from './graph-builder.js';
import type { Shrink } from './shapes.js';
import { smolvlmDecoder, smolvlmEmbedTokens, smolvlmFiles, smolvlmVisionEncoder } from './smolvlm.js';

export type BenchArch = 'distilvit' | 'smolvlm-256m';
export const BENCH_ARCHS: readonly BenchArch[] = ['distilvit', 'smolvlm-256m'];

/** Bumped whenever the written models change, so that an old cached copy is not used. */
const GENERATOR_VERSION = 1;
const DONE_MARKER = '.complete';

/** Each session of a benchmark model, by the name of its file in onnx/ (without the dtype suffix). */
export function benchSessions(
  arch: BenchArch,
  dtype: BenchDtype,
  shrink: Shrink = {},
): Record<string, () => BenchGraph> {
  return arch === 'distilvit'
    ? {
        encoder_model: () => distilvitEncoder(dtype, shrink),
        decoder_model_merged: () => distilvitDecoder(dtype, shrink),
      }
    : {
        vision_encoder: () => smolvlmVisionEncoder(dtype, shrink),
        embed_tokens: () => smolvlmEmbedTokens(dtype),
        decoder_model_merged: () => smolvlmDecoder(dtype, shrink),
      };
}

/** The file name transformers.js loads for a session in this dtype. */
export function sessionFile(session: string, dtype: BenchDtype): string {
  return `onnx/${session}${dtype === 'q8' ? '_quantized' : ''}.onnx`;
}

/** Writes the model folder: config, processor and tokenizer files, and the ONNX sessions of one dtype. */
export async function writeBenchModel(
  arch: BenchArch,
  dir: string,
  dtype: BenchDtype,
  shrink: Shrink = {},
): Promise<void> {
  await mkdir(join(dir, 'onnx'), { recursive: true });
  const files = arch === 'distilvit' ? distilvitFiles(shrink) : smolvlmFiles(shrink);
  for (const [name, json] of Object.entries(files))
    await writeFile(join(dir, name), `${JSON.stringify(json, null, 2)}\n`);
  // One session at a time: a full-size decoder's weights are held twice while it is encoded.
  for (const [session, build] of Object.entries(benchSessions(arch, dtype, shrink))) {
    await writeFile(join(dir, sessionFile(session, dtype)), encodeModel(build().graph()));
  }
}

/** The cached folder of a full-size benchmark model, written on first use (keyed by arch, dtype, version). */
export async function ensureBenchModel(
  arch: BenchArch,
  dtype: BenchDtype,
  cacheRoot = join(tmpdir(), 'altlens-bench-models'),
): Promise<{ dir: string; generated: boolean; ms: number }> {
  const dir = join(cacheRoot, `${arch}-${dtype}-v${GENERATOR_VERSION}`);
  if (existsSync(join(dir, DONE_MARKER))) return { dir, generated: false, ms: 0 };
  const started = performance.now();
  // Written aside and renamed into place, so that an interrupted run never leaves a half model in the cache.
  const partial = `${dir}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await writeBenchModel(arch, partial, dtype);
  await writeFile(join(partial, DONE_MARKER), '');
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  return { dir, generated: true, ms: performance.now() - started };
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Device } from './devices.js';

/** transformers.js 4.3.1 picks a session's file by dtype through its suffix (`onnx/<session><suffix>.onnx`). */
const dtypeSuffix: Record<string, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** The dtypes worth using, best first: 8-bit on the CPU (fp16 gains nothing there), fp16 on a GPU. */
function preferredDtypes(device: Device): string[] {
  return device === 'cpu'
    ? ['q8', 'int8', 'uint8', 'fp32', 'q4', 'bnb4', 'q4f16', 'fp16']
    : ['fp16', 'q4f16', 'fp32', 'q8', 'int8', 'uint8', 'q4', 'bnb4'];
}

function hasSessionFile(modelDir: string, session: string, dtype: string): boolean {
  const suffix = dtypeSuffix[dtype];
  return suffix !== undefined && existsSync(join(modelDir, 'onnx', `${session}${suffix}.onnx`));
}

/**
 * The dtype to load for each session: the one asked for where the folder has its file, else the best one
 * whose file this folder has (any of them, plain fp32 `.onnx` alone included), else the one asked for or
 * fp32, so that transformers.js names the missing file.
 */
export function pickDtypes(
  modelDir: string,
  sessions: readonly string[],
  device: Device,
  requested: string | null,
): Record<string, string> {
  return Object.fromEntries(
    sessions.map((session) => {
      if (requested && hasSessionFile(modelDir, session, requested)) return [session, requested];
      const available = preferredDtypes(device).find((dtype) => hasSessionFile(modelDir, session, dtype));
      return [session, available ?? requested ?? 'fp32'];
    }),
  );
}

/** Throws, saying which, when a session has no file of any dtype in the folder. */
export function assertSessionFiles(modelDir: string, sessions: readonly string[]): void {
  const dtypes = Object.keys(dtypeSuffix);
  const missing = sessions.find(
    (session) => !dtypes.some((dtype) => hasSessionFile(modelDir, session, dtype)),
  );
  if (missing) throw new Error(`it has no onnx/${missing}.onnx, in any dtype`);
}

/** Reads a JSON file of a model folder. */
export function readModelJson(modelDir: string, name: string): unknown {
  return JSON.parse(readFileSync(join(modelDir, name), 'utf8'));
}

const PreprocessorConfig = z.object({
  size: z
    .union([
      z.object({ height: z.number().int().positive(), width: z.number().int().positive() }),
      z.object({ shortest_edge: z.number().int().positive() }),
      z.number().int().positive(),
    ])
    .optional(),
});

/** The input size the model's image processor wants, read from preprocessor_config.json. */
export function modelInputSize(modelDir: string): { width: number; height: number } {
  const parsed = PreprocessorConfig.safeParse(readModelJson(modelDir, 'preprocessor_config.json'));
  const size = parsed.success ? parsed.data.size : undefined;
  if (typeof size === 'number') return { width: size, height: size };
  if (size && 'height' in size) return { width: size.width, height: size.height };
  if (size) return { width: size.shortest_edge, height: size.shortest_edge };
  return { width: 224, height: 224 };
}

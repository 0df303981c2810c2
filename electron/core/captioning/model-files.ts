import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Device } from './devices.js';

/** transformers.js picks a model file by dtype through its suffix (DESIGN §3). */
const dtypeSuffix: Record<string, string> = { fp32: '', q8: '_quantized', fp16: '_fp16', q4: '_q4' };

/** The dtypes worth using, best first: 8-bit on the CPU (fp16 gains nothing there), fp16 on a GPU. */
function preferredDtypes(device: Device): string[] {
  return device === 'cpu' ? ['q8', 'fp32', 'fp16', 'q4'] : ['fp16', 'fp32', 'q8', 'q4'];
}

/** The dtype to load: the one asked for, else the best one whose files this model folder has. */
export function pickDtype(modelDir: string, device: Device, requested: string | null): string {
  if (requested) return requested;
  const available = preferredDtypes(device).find((dtype) =>
    existsSync(join(modelDir, 'onnx', `encoder_model${dtypeSuffix[dtype] ?? ''}.onnx`)),
  );
  return available ?? 'fp32';
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
  const parsed = PreprocessorConfig.safeParse(
    JSON.parse(readFileSync(join(modelDir, 'preprocessor_config.json'), 'utf8')),
  );
  const size = parsed.success ? parsed.data.size : undefined;
  if (typeof size === 'number') return { width: size, height: size };
  if (size && 'height' in size) return { width: size.width, height: size.height };
  if (size) return { width: size.shortest_edge, height: size.shortest_edge };
  return { width: 224, height: 224 };
}

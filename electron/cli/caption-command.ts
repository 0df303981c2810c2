import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CaptionEngine, type EngineCaption } from '../core/captioning/caption-engine.js';
import type { DeviceChoice } from '../core/captioning/devices.js';
import { formatOf } from '../core/library/formats.js';
import { findImageFiles } from '../core/library/walk.js';
import { ModelStore } from '../core/models/model-store.js';
import { mergeTextIntoAltText } from '../core/ocr/alt-text-merge.js';
import { resolveDataDir } from '../core/paths.js';
import { Settings } from '../core/settings.js';
import { dataDirOption, deviceOption, modelOption, threadsOption, type CliIo } from './options.js';
import { progressLine } from './progress.js';

interface CaptionOptions {
  model?: string;
  device?: DeviceChoice;
  threads?: number;
  ocr?: boolean;
  json?: boolean;
  dataDir?: string;
}

/**
 * `altlens caption <paths...>`: captions images without touching the library, for scripts. With --json,
 * one JSON object a line: {path, altText, ocrText, model, device, ms}, or {path, error} for a failure; `model`
 * is the model's name for people (see modelDisplayName), e.g. "tiny-captioner (test model)".
 */
export function addCaptionCommand(program: Command, io: CliIo): void {
  program
    .command('caption')
    .description('write alt text for images or folders of images (the library is not changed)')
    .argument('<paths...>', 'image files or folders (searched recursively)')
    .addOption(modelOption())
    .addOption(deviceOption())
    .addOption(threadsOption())
    .option('--ocr', 'look for text in the images (the default)')
    .option('--no-ocr', 'do not look for text in the images')
    .option('--json', 'print one JSON object a line')
    .addOption(dataDirOption())
    .action(async (paths: string[], options: CaptionOptions) => {
      const files = await expandPaths(paths);
      const defaults = Settings.parse({});
      const modelId = options.model ?? defaults.model;
      const store = new ModelStore(join(resolveDataDir(options.dataDir), 'models'));
      const modelDir = await store.pathOf(modelId);
      // Named as the app names it: a folder by its name, a test model as one.
      const modelName = await store.nameOf(modelId);
      const engine = new CaptionEngine({
        modelDir,
        modelId,
        device: options.device ?? defaults.device,
        dtype: null,
        threads: options.threads ?? null,
      });
      try {
        const status = await engine.ready();
        io.err(`Captioning ${files.length} image(s) with ${modelName} on ${status.device}.\n`);
        for (const { device, reason } of status.skipped) io.err(`  ${device} not used: ${reason}\n`);
        let failed = 0;
        for (const [index, path] of files.entries()) {
          const line = await captionOne(engine, path, options.ocr ?? defaults.ocr, modelName);
          if ('error' in line) failed += 1;
          io.out(
            options.json
              ? `${JSON.stringify(line)}\n`
              : `${path}\t${'error' in line ? `error: ${line.error}` : line.altText}\n`,
          );
          if (files.length > 1) io.err(progressLine(index + 1, files.length, io.errIsTerminal ?? false));
        }
        if (failed > 0) throw new Error(`${failed} of ${files.length} image(s) could not be captioned.`);
      } finally {
        engine.close();
      }
    });
}

type CaptionLine =
  | { path: string; altText: string; ocrText: string; model: string; device: string; ms: number }
  | { path: string; error: string };

async function captionOne(
  engine: CaptionEngine,
  path: string,
  ocr: boolean,
  model: string,
): Promise<CaptionLine> {
  const started = performance.now();
  let result: EngineCaption;
  try {
    result = await engine.caption(path, { ocr });
  } catch (error) {
    return { path, error: error instanceof Error ? error.message : String(error) };
  }
  return {
    path,
    altText: mergeTextIntoAltText(result.caption, result.ocrText),
    ocrText: result.ocrText,
    model,
    device: result.device,
    ms: Math.round(performance.now() - started),
  };
}

/** Files as given (if AltLens handles their format) and every image under each folder. */
async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path).catch(() => null);
    if (!info) throw new Error(`${given} does not exist.`);
    if (info.isDirectory()) files.push(...(await findImageFiles(path)));
    else if (formatOf(path)) files.push(path);
    else throw new Error(`${given} is not a kind of image AltLens reads.`);
  }
  if (files.length === 0) throw new Error('No images found in the paths given.');
  return files;
}

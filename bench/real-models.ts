// `bench:caption -- --model-size real`: each benchmark model of the real shape (models/bench-model/), per
// dtype and device, measured twice: its floor (its sessions run by onnxruntime-node alone: bench/floor.ts)
// and end to end through the app's CaptionEngine process (12-MP photo decode, transformers.js, the same
// adapter as the real model). Figures are printed, never asserted.
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { CaptionEngine } from '../electron/core/captioning/caption-engine.js';
import type { Device, SkippedDevice } from '../electron/core/captioning/devices.js';
import { ensureBenchModel, type BenchArch } from '../models/bench-model/bench-model.js';
import type { BenchDtype } from '../models/bench-model/graph-builder.js';
import { CAPTION_NEW_TOKENS, measureFloor, type FloorResult } from './floor.js';

/** The end-to-end time per photo may exceed the floor's caption by this much. */
export const TARGET_RATIO_TO_FLOOR = 1.15;
/** Requests the app keeps in flight (PIPELINE_DEPTH in caption-service.ts): decoding overlaps inference. */
const IN_FLIGHT = 3;

export interface ModelFigures {
  arch: BenchArch;
  dtype: BenchDtype;
  device: Device;
  /** Creating the sessions (the floor's onnxruntime-node load). */
  loadMs: number;
  /** The engine ready: sessions through transformers.js, plus its warm-up caption of a blank image. */
  engineReadyMs: number;
  /** The engine process's resident memory with the model loaded, and its peak during the run. */
  rssMb: number;
  peakRssMb: number | null;
  ttftMs: number;
  tokensPerSecond: number;
  msPerCaption: number;
  photosPerSecond: number;
  floorMsPerCaption: number;
  floorTtftMs: number;
  floorMsPerStep: number;
  floorEncoderMs: number;
  ratioToFloor: number;
  /** How long the engine process took to end (its model's memory freed) once closed; null: not seen. */
  freedMs: number | null;
}

/** Waits (polling, up to 10 s) for a process to be gone; resolves to the ms it took, or null if it stays. */
async function processEnded(pid: number): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < 10_000) {
    try {
      process.kill(pid, 0);
    } catch {
      return round(performance.now() - started);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return null;
}

/** Resident and peak memory of a process, in MB (Linux /proc; elsewhere `ps`, without the peak). */
async function processMemory(pid: number): Promise<{ rssMb: number; peakMb: number | null }> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    const rssKb = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    return { rssMb: rssKb / 1024, peakMb: null };
  }
}

const mean = (values: readonly number[]): number =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

interface PhotoTiming {
  inferenceMs: number;
  ttftMs: number;
  tokensPerSecond: number;
}

/** Captions every photo through the engine, `IN_FLIGHT` at a time, timing each one's tokens as they come. */
async function captionAll(
  engine: CaptionEngine,
  paths: readonly string[],
): Promise<{ wallMs: number; photos: PhotoTiming[] }> {
  const photos: PhotoTiming[] = [];
  const queue = [...paths];
  // Inference runs one photo at a time in the engine: a photo's own clock starts when the one before ends.
  let previousDone = performance.now();
  const started = previousDone;
  const worker = async (): Promise<void> => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      const tokenTimes: number[] = [];
      const result = await engine.caption(path, {
        ocr: false,
        onToken: () => tokenTimes.push(performance.now()),
      });
      if (!result.stoppedAtTokenLimit)
        throw new Error(
          `${path}: the benchmark model ended its caption before ${CAPTION_NEW_TOKENS} tokens.`,
        );
      const done = performance.now();
      const inferenceStart = done - result.ms.inference;
      const first = tokenTimes[0] ?? done;
      const last = tokenTimes.at(-1) ?? done;
      // An adapter that gives the caption whole (vision-encoder-decoder) has one token time: its rate is the
      // caption's tokens over its inference time.
      const streamed = tokenTimes.length > 1 && last > first;
      photos.push({
        inferenceMs: result.ms.inference,
        ttftMs: first - Math.max(inferenceStart, previousDone),
        tokensPerSecond: streamed
          ? ((CAPTION_NEW_TOKENS - 1) / (last - first)) * 1000
          : (CAPTION_NEW_TOKENS / result.ms.inference) * 1000,
      });
      previousDone = done;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { wallMs: performance.now() - started, photos };
}

export interface RealModelOptions {
  readonly archs: readonly BenchArch[];
  readonly dtypes: readonly BenchDtype[];
  readonly devices: readonly Device[];
  readonly threads: number | null;
  readonly paths: readonly string[];
  readonly log: (line: string) => void;
}

export async function measureRealModels(options: RealModelOptions): Promise<ModelFigures[]> {
  const figures: ModelFigures[] = [];
  for (const arch of options.archs) {
    for (const dtype of options.dtypes) {
      const model = await ensureBenchModel(arch, dtype);
      options.log(
        `${arch} ${dtype}: ${model.generated ? `generated in ${(model.ms / 1000).toFixed(1)} s` : 'cached'} in ${model.dir}`,
      );
      for (const device of options.devices) {
        const floor: FloorResult = await measureFloor(arch, model.dir, dtype, {
          threads: options.threads,
          device,
        });
        const engine = new CaptionEngine({
          modelDir: model.dir,
          modelId: `bench-${arch}-${dtype}`,
          device,
          dtype,
          threads: options.threads,
        });
        let row: ModelFigures;
        let pid: number | undefined;
        try {
          const status = await engine.ready();
          pid = engine.pid;
          const loaded = pid === undefined ? null : await processMemory(pid);
          const run = await captionAll(engine, options.paths);
          const after = pid === undefined ? null : await processMemory(pid);
          const msPerPhoto = run.wallMs / options.paths.length;
          row = {
            arch,
            dtype,
            device: status.device,
            loadMs: round(floor.loadMs),
            engineReadyMs: round(status.loadMs),
            rssMb: round(loaded?.rssMb ?? NaN),
            peakRssMb: after?.peakMb == null ? null : round(after.peakMb),
            ttftMs: round(mean(run.photos.map((p) => p.ttftMs))),
            tokensPerSecond: round(mean(run.photos.map((p) => p.tokensPerSecond)), 2),
            msPerCaption: round(mean(run.photos.map((p) => p.inferenceMs))),
            photosPerSecond: round(1000 / msPerPhoto, 3),
            floorMsPerCaption: round(floor.msPerCaption),
            floorTtftMs: round(floor.ttftMs),
            floorMsPerStep: round(floor.msPerStep),
            floorEncoderMs: round(floor.encoderMs),
            ratioToFloor: round(msPerPhoto / floor.msPerCaption, 2),
            freedMs: null,
          };
        } finally {
          engine.close();
        }
        // Choosing another model ends the engine process (CaptionService.restartEngine): its memory goes with it.
        row.freedMs = pid === undefined ? null : await processEnded(pid);
        figures.push(row);
        options.log(describe(row));
      }
    }
  }
  return figures;
}

function describe(row: ModelFigures): string {
  const met = row.ratioToFloor <= TARGET_RATIO_TO_FLOOR ? 'target met' : 'target NOT met';
  return (
    `  ${row.arch} ${row.dtype} on ${row.device}: load ${row.loadMs} ms (engine ready ${row.engineReadyMs} ms), ` +
    `RSS ${row.rssMb} MB (peak ${row.peakRssMb ?? '?'} MB), first token ${row.ttftMs} ms, ` +
    `${row.tokensPerSecond} tokens/s, ${row.msPerCaption} ms a caption, ${row.photosPerSecond} photos/s; ` +
    `floor: encoder ${row.floorEncoderMs} ms, first token ${row.floorTtftMs} ms, ${row.floorMsPerStep} ms a step, ` +
    `${row.floorMsPerCaption} ms a caption; end to end ÷ floor ${row.ratioToFloor} ` +
    `(target ≤ ${TARGET_RATIO_TO_FLOOR}: ${met}); engine process ended ${row.freedMs === null ? 'NOT seen' : `${row.freedMs} ms`} after close`
  );
}

/** The devices this machine can run the benchmark on: CPU, and any GPU device the engine loads on. */
export async function findDevices(
  modelDir: string,
): Promise<{ devices: Device[]; skipped: readonly SkippedDevice[] }> {
  const engine = new CaptionEngine({
    modelDir,
    modelId: 'device-probe',
    device: 'auto',
    dtype: null,
    threads: null,
  });
  try {
    const status = await engine.ready();
    return { devices: status.device === 'cpu' ? ['cpu'] : [status.device, 'cpu'], skipped: status.skipped };
  } finally {
    engine.close();
  }
}

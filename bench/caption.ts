// `npm run bench:caption`: the caption pipeline's speed on 12-megapixel photos with the tiny test model.
//
// Generates (once, cached under the OS temp folder) N 4000×3000 JPEG photos, adds them to a Library in a
// temporary data folder (the scan, timed on its own), then lets the real CaptionService caption every one
// through the real CaptionEngine process (CPU) and store it in SQLite, with OCR off. OCR is timed on a small
// sample afterwards, because on 2 cores it costs ~1.5 s a photo. Prints human-readable lines, then, as the
// last line, one JSON object with every figure. The speed target is printed, never asserted.
//
// With `--model-size real`, it then measures each benchmark model of the real shape (distilvit, SmolVLM-256M;
// models/bench-model/) per dtype and device against its inference floor (bench/real-models.ts) on the same
// photos, and adds them to the last line as `models`.
//
//   node --import tsx bench/caption.ts [--count 200] [--ocr-sample 10] [--threads N] [--keep]
//     [--model-size tiny|real] [--arch distilvit,smolvlm-256m] [--dtype fp32,q8]
import { link, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { CaptionEngine, type EngineCaption } from '../electron/core/captioning/caption-engine.js';
import { CaptionService, type Engine } from '../electron/core/captioning/caption-service.js';
import { Library } from '../electron/core/library/library.js';
import { BENCH_ARCHS, type BenchArch } from '../models/bench-model/bench-model.js';
import { BENCH_DTYPES, type BenchDtype } from '../models/bench-model/graph-builder.js';
import { writeTinyCaptioner } from '../models/test-model/tiny-captioner.js';
import { CAPTION_NEW_TOKENS } from './floor.js';
import { findDevices, measureRealModels, type ModelFigures } from './real-models.js';
import { ensurePhotos, PHOTO_HEIGHT, PHOTO_WIDTH } from './photos.js';

/** The pipeline's own cost (everything but inference and OCR) per 12-megapixel photo, on 2 cores. */
const TARGET_PIPELINE_MS = 30;
const MODEL_ID = 'tiny-captioner';
const CAPTION_TOKENS_NOTE = `random weights, every caption ${CAPTION_NEW_TOKENS} tokens`;

interface Options {
  count: number;
  ocrSample: number;
  threads: number | null;
  keep: boolean;
  realModels: { archs: BenchArch[]; dtypes: BenchDtype[] } | null;
}

/** A comma-separated list, each item one of `allowed`. */
function listOption<T extends string>(name: string, text: string, allowed: readonly T[]): T[] {
  const items = text.split(',').map((item) => item.trim());
  const wrong = items.find((item) => !(allowed as readonly string[]).includes(item));
  if (wrong !== undefined) throw new Error(`--${name}: "${wrong}" is not one of ${allowed.join(', ')}.`);
  return items as T[];
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '200' },
      'ocr-sample': { type: 'string', default: '10' },
      threads: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'model-size': { type: 'string', default: 'tiny' },
      arch: { type: 'string', default: BENCH_ARCHS.join(',') },
      dtype: { type: 'string', default: BENCH_DTYPES.join(',') },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      'Usage: npm run bench:caption -- [--count 200] [--ocr-sample 10] [--threads N] [--keep] ' +
        '[--model-size tiny|real] [--arch distilvit,smolvlm-256m] [--dtype fp32,q8]',
    );
    process.exit(0);
  }
  const integer = (name: string, text: string, min: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}.`);
    return value;
  };
  return {
    count: integer('count', values.count, 1),
    ocrSample: integer('ocr-sample', values['ocr-sample'], 0),
    threads: values.threads === undefined ? null : integer('threads', values.threads, 1),
    keep: values.keep,
    realModels:
      listOption('model-size', values['model-size'], ['tiny', 'real'])[0] === 'real'
        ? {
            archs: listOption('arch', values.arch, BENCH_ARCHS),
            dtypes: listOption('dtype', values.dtype, BENCH_DTYPES),
          }
        : null,
  };
}

/** The real engine, seen through what the service needs of it, noting every call. */
function recordingEngine(engine: CaptionEngine, calls: EngineCaption[]): Engine {
  return {
    ready: () => engine.ready(),
    caption: async (path, options) => {
      const result = await engine.caption(path, options);
      calls.push(result);
      return result;
    },
    ask: (path, question, options) => engine.ask(path, question, options),
    close: () => undefined, // the benchmark closes the engine itself, after the OCR sample
  };
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
const mean = (values: readonly number[]): number => (values.length ? sum(values) / values.length : 0);
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
const progress = (text: string): boolean => process.stderr.write(`\r${text}   `);

async function main(): Promise<void> {
  const options = readOptions();
  const { count } = options;
  console.log(
    `AltLens caption benchmark: ${count} photos, ${PHOTO_WIDTH}×${PHOTO_HEIGHT} JPEG, tiny model on CPU, ` +
      `${cpus().length} cores, threads ${options.threads ?? 'default'}, Node ${process.version}`,
  );

  // 1. The photos, made once and reused.
  const photos = await ensurePhotos(count, undefined, (done, total) =>
    progress(`generating ${done}/${total}`),
  );
  if (photos.generated > 0) process.stderr.write('\n');
  console.log(
    photos.generated > 0
      ? `generation: ${photos.generated} photos in ${(photos.generationMs / 1000).toFixed(1)} s ` +
          `(${ms(photos.generationMs / photos.generated)} each), cached in ${photos.dir}`
      : `generation: skipped, ${count} photos cached in ${photos.dir}`,
  );
  console.log(`photos: ${(photos.totalBytes / count / 1e6).toFixed(2)} MB each on average`);

  // A folder holding exactly these photos (the cache may hold more), as hard links: no copying.
  const dataDir = await mkdtemp(join(tmpdir(), 'altlens-bench-data-'));
  const folder = join(dataDir, 'photos');
  await mkdir(folder);
  for (const path of photos.paths) {
    const target = join(folder, basename(path));
    await link(path, target).catch(() => copyFile(path, target));
  }
  const modelDir = join(dataDir, 'model');
  await writeTinyCaptioner(modelDir);

  const library = Library.open(join(dataDir, 'library'));
  let engine: CaptionEngine | null = null;
  try {
    // 2. The scan: hashing and thumbnails. Not part of the caption pipeline; reported on its own.
    const scanStarted = performance.now();
    const scan = await library.addFolder(folder);
    const scanMs = performance.now() - scanStarted;
    if (scan.added !== count || scan.failed !== 0)
      throw new Error(`The scan added ${scan.added} of ${count} photos (${scan.failed} failed).`);
    const queued = library.queue.counts('caption').queued;
    if (queued !== count) throw new Error(`Adding the folder queued ${queued} captions, not ${count}.`);
    console.log(
      `scan (hash + thumbnail, not part of the pipeline): ${(scanMs / 1000).toFixed(2)} s, ${ms(scanMs / count)} per photo`,
    );

    // 3. The engine: loaded and warmed up before timing (loading is once per app run, not per photo).
    engine = new CaptionEngine({
      modelDir,
      modelId: MODEL_ID,
      device: 'cpu',
      dtype: null,
      threads: options.threads,
    });
    const status = await engine.ready();
    const warmStarted = performance.now();
    const warm = await engine.caption(photos.paths[0] ?? '', { ocr: false });
    const warmMs = performance.now() - warmStarted;
    console.log(
      `engine: loaded on ${status.device} in ${ms(status.loadMs)}; first photo ${ms(warmMs)} ` +
        `(caption "${warm.caption}")`,
    );

    // 4. The pipeline, as the app runs it: the CaptionService takes the queued jobs one by one, the engine
    //    process decodes and captions each photo, and the library stores the result in SQLite.
    const calls: EngineCaption[] = [];
    const storeMs: number[] = [];
    const recordCaption = library.recordCaption.bind(library);
    library.recordCaption = (...args) => {
      const started = performance.now();
      const stored = recordCaption(...args);
      storeMs.push(performance.now() - started);
      return stored;
    };
    const service = new CaptionService({
      library,
      resolveModel: () => Promise.resolve({ dir: modelDir, id: MODEL_ID }),
      createEngine: () => recordingEngine(engine as CaptionEngine, calls),
      overrides: { model: MODEL_ID, device: 'cpu', ocr: false, threads: options.threads },
    });
    let shown = -1;
    const finished = new Promise<void>((resolve, reject) => {
      const unsubscribe = library.events.subscribe((event) => {
        if (event.type !== 'captions.status') return;
        const { counts, current, engine: state } = event.status;
        if (state.state === 'failed') reject(new Error(`The engine failed: ${state.message ?? ''}`));
        else if (
          counts.queued === 0 &&
          counts.running === 0 &&
          current === null &&
          counts.done + counts.failed > 0
        ) {
          unsubscribe();
          resolve();
        } else if (calls.length % 20 === 0 && calls.length !== shown) {
          shown = calls.length;
          progress(`captioning ${shown}/${count}`);
        }
      });
    });
    const started = performance.now();
    service.start();
    await finished;
    const wallMs = performance.now() - started;
    process.stderr.write('\n');
    await service.stop();

    const counts = library.queue.counts('caption');
    const captioned = [...library.eachImage()].filter((image) => image.altText).length;
    if (counts.done !== count || captioned !== count || calls.length !== count)
      throw new Error(
        `Expected ${count} stored captions: ${counts.done} jobs done, ${captioned} stored, ${calls.length} calls.`,
      );

    // 5. OCR on a sample, through the same engine (its first use loads the OCR models: timed apart).
    const ocrMs: number[] = [];
    let ocrLoadMs = 0;
    let ocrText = '';
    if (options.ocrSample > 0) {
      const sample = photos.paths.slice(0, options.ocrSample);
      const first = await engine.caption(sample[0] ?? '', { ocr: true });
      ocrLoadMs = first.ms.ocr;
      ocrText = first.ocrText;
      for (const [index, path] of sample.entries()) {
        progress(`OCR sample ${index + 1}/${sample.length}`);
        ocrMs.push((await engine.caption(path, { ocr: true })).ms.ocr);
      }
      process.stderr.write('\n');
    }

    // 6. The figures.
    const decode = calls.map((call) => call.ms.decode);
    const inference = calls.map((call) => call.ms.inference);
    const ocrInRun = calls.map((call) => call.ms.ocr);
    const perPhoto = {
      endToEnd: wallMs / count,
      decode: mean(decode),
      inference: mean(inference),
      ocrInRun: mean(ocrInRun),
      store: mean(storeMs),
    };
    const modelOnlyMs = sum(inference);
    const pipelineMsPerPhoto = (wallMs - modelOnlyMs - sum(ocrInRun)) / count;
    const met = pipelineMsPerPhoto <= TARGET_PIPELINE_MS;
    const imagesPerSecond = count / (wallMs / 1000);

    console.log('');
    console.log(`captioned and stored: ${count} photos in ${(wallMs / 1000).toFixed(2)} s (OCR off)`);
    console.log(`images/s: ${imagesPerSecond.toFixed(2)}`);
    // Stage figures are the work each photo takes; the engine decodes the next photos while one is being
    // captioned, so they overlap and do not add up to the end-to-end time.
    console.log(`work per photo by stage (mean; p50 / p95; decoding overlaps inference):`);
    console.log(
      `  decode + resize  ${ms(perPhoto.decode)}  (${ms(percentile(decode, 50))} / ${ms(percentile(decode, 95))})`,
    );
    console.log(
      `  inference        ${ms(perPhoto.inference)}  (${ms(percentile(inference, 50))} / ${ms(percentile(inference, 95))})`,
    );
    console.log(
      `  store (SQLite)   ${ms(perPhoto.store)}  (${ms(percentile(storeMs, 50))} / ${ms(percentile(storeMs, 95))})`,
    );
    console.log(`  end to end       ${ms(perPhoto.endToEnd)}`);
    console.log(
      options.ocrSample > 0
        ? `  OCR (sample of ${ocrMs.length}, not in the run) ${ms(mean(ocrMs))} ` +
            `(p95 ${ms(percentile(ocrMs, 95))}; loading OCR ≈ ${ms(ocrLoadMs - mean(ocrMs))} once; ` +
            `read ${JSON.stringify(ocrText.replace(/\n/g, ' / '))})`
        : '  OCR: not measured (--ocr-sample 0)',
    );
    console.log(`model-only time (sum of inference): ${(modelOnlyMs / 1000).toFixed(2)} s`);
    console.log(`end-to-end ÷ model-only: ${(wallMs / modelOnlyMs).toFixed(2)}×`);
    console.log(
      `pipeline's own cost per photo (end to end − inference − OCR): ${ms(pipelineMsPerPhoto)} ` +
        `— target ≤ ${TARGET_PIPELINE_MS} ms: ${met ? 'target met' : 'target NOT met'}`,
    );
    if (options.keep) console.log(`data kept in ${dataDir}`);

    // 7. The benchmark models of the real shapes, against their floor, on the same photos.
    let models: ModelFigures[] | undefined;
    if (options.realModels) {
      const found = await findDevices(modelDir);
      console.log('');
      console.log(
        `devices found: ${found.devices.join(', ')}` +
          (found.skipped.length
            ? `; not used: ${found.skipped.map((s) => `${s.device} (${s.reason})`).join('; ')}`
            : ''),
      );
      console.log(`real-size models (${CAPTION_TOKENS_NOTE}):`);
      models = await measureRealModels({
        ...options.realModels,
        devices: found.devices,
        threads: options.threads,
        paths: photos.paths,
        log: (line) => console.log(line),
      });
    }

    const report = {
      count,
      imagesPerSecond: round(imagesPerSecond),
      endToEndMs: round(wallMs, 1),
      modelOnlyMs: round(modelOnlyMs, 1),
      stageMs: {
        decode: round(perPhoto.decode),
        ocr: round(mean(ocrMs)),
        inference: round(perPhoto.inference),
        store: round(perPhoto.store),
      },
      ocrSample: {
        count: ocrMs.length,
        msPerImage: round(mean(ocrMs)),
        loadMs: round(ocrLoadMs - mean(ocrMs)),
      },
      pipelineMsPerPhoto: round(pipelineMsPerPhoto),
      ratioEndToEndToModel: round(wallMs / modelOnlyMs),
      scanMs: round(scanMs, 1),
      generationMs: round(photos.generationMs, 1),
      generated: photos.generated,
      engineLoadMs: round(status.loadMs, 1),
      threads: options.threads,
      cores: cpus().length,
      target: { pipelineMsPerPhoto: TARGET_PIPELINE_MS, met },
      ...(models ? { models } : {}),
    };
    if (options.keep) await writeFile(join(dataDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(JSON.stringify(report));
  } finally {
    engine?.close();
    library.close();
    if (!options.keep) await rm(dataDir, { recursive: true, force: true });
  }
}

await main();

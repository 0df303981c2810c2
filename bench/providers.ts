// `npm run bench:providers`: how the openai provider's concurrency setting drives a model server that
// serves many requests at once (vLLM, also behind Ray Serve: AltLens's route past one machine, issue 13).
//
// The server is a STAND-IN (electron/core/testing/provider-stand-ins.ts), not a model: it speaks the
// OpenAI-compatible Chat Completions API and takes a fixed service time per request with a fixed number of
// parallel slots, as a GPU server with that many running sequences would. The provider is the real one
// (makeProvider('openai'), the official SDK, streaming, retries, its call limiter), and each photo is
// re-encoded as it is sent (a metadata-free JPEG of at most 1,536 px, on this machine's CPU). For each
// concurrency N photos are captioned, all handed to the provider at once; prints photos/s and the speed-up
// over concurrency 1, then, as the last line, one JSON object with every figure.
//
// Two series: photos of 1024×768 (cheap to re-encode: the server's slots set the pace) and the same photos
// at 4000×3000 (12 MP: on a small machine the re-encoding before each call sets it).
//
//   node --import tsx bench/providers.ts [--photos 32] [--concurrency 1,2,4,8,16] [--service-ms 200] [--slots 8]
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { cpus } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeProvider } from '../electron/core/providers/make-provider.js';
import { photoToSend } from '../electron/core/providers/photo.js';
import sharp from 'sharp';
import { ProviderStandIn } from '../electron/core/testing/provider-stand-ins.js';
import { ensurePhotos, PHOTO_HEIGHT, PHOTO_WIDTH } from './photos.js';

const MODEL = 'vision-stand-in';
const SMALL_WIDTH = 1024;
const SMALL_HEIGHT = 768;

/** The photos at 1024×768, made once beside the 12-MP ones. */
async function smallCopies(dir: string, paths: readonly string[]): Promise<string[]> {
  const smallDir = `${dir}-${SMALL_WIDTH}x${SMALL_HEIGHT}`;
  await mkdir(smallDir, { recursive: true });
  const copies: string[] = [];
  for (const path of paths) {
    const copy = join(smallDir, basename(path));
    if (!existsSync(copy)) {
      await sharp(path).resize(SMALL_WIDTH, SMALL_HEIGHT).jpeg({ quality: 90 }).toFile(`${copy}.partial`);
      await rename(`${copy}.partial`, copy);
    }
    copies.push(copy);
  }
  return copies;
}

interface Options {
  photos: number;
  concurrency: number[];
  serviceMs: number;
  slots: number;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      photos: { type: 'string', default: '32' },
      concurrency: { type: 'string', default: '1,2,4,8,16' },
      'service-ms': { type: 'string', default: '200' },
      slots: { type: 'string', default: '8' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      'Usage: npm run bench:providers -- [--photos 32] [--concurrency 1,2,4,8,16] [--service-ms 200] [--slots 8]',
    );
    process.exit(0);
  }
  const integer = (name: string, text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be an integer ≥ 1.`);
    return value;
  };
  return {
    photos: integer('photos', values.photos),
    concurrency: values.concurrency.split(',').map((item) => integer('concurrency', item.trim())),
    serviceMs: integer('service-ms', values['service-ms']),
    slots: integer('slots', values.slots),
  };
}

interface Level {
  readonly concurrency: number;
  readonly seconds: number;
  readonly photosPerSecond: number;
  /** Over concurrency 1 (the first level measured). */
  readonly speedUp: number;
  /** What the server alone would allow: min(concurrency, slots) answers per service time. */
  readonly ceilingPhotosPerSecond: number;
  /** The most requests the stand-in held at once, and served at once. */
  readonly maxInFlight: number;
  readonly maxServing: number;
}

/** Captions every photo through a fresh stand-in and provider with this concurrency. */
async function measure(paths: readonly string[], concurrency: number, options: Options) {
  const timing = { serviceMs: options.serviceMs, slots: options.slots };
  const standIn = await new ProviderStandIn('openai', null, timing).start();
  try {
    const provider = makeProvider('openai', { url: standIn.url, model: MODEL, key: null, concurrency });
    const started = performance.now();
    const results = await Promise.all(paths.map((path) => provider.describe({ task: 'alt', path })));
    const seconds = (performance.now() - started) / 1000;
    if (results.some((result) => !result.altText)) throw new Error('a stand-in answer had no alt text');
    return { seconds, maxInFlight: standIn.maxHeld, maxServing: standIn.maxServing };
  } finally {
    await standIn.stop();
  }
}

/** Each concurrency in turn on these photos, after timing their re-encoding alone. */
async function runSeries(paths: readonly string[], options: Options) {
  // The client's own share: each photo made ready to send, one at a time.
  const encodeStarted = performance.now();
  for (const path of paths) await photoToSend(path);
  const encodeMsPerPhoto = (performance.now() - encodeStarted) / paths.length;
  console.log(`Re-encoding alone: ${encodeMsPerPhoto.toFixed(0)} ms a photo, one at a time.`);
  const levels: Level[] = [];
  for (const concurrency of options.concurrency) {
    const run = await measure(paths, concurrency, options);
    const photosPerSecond = paths.length / run.seconds;
    const base = levels[0]?.photosPerSecond ?? photosPerSecond;
    const level: Level = {
      concurrency,
      seconds: round(run.seconds, 3),
      photosPerSecond: round(photosPerSecond, 2),
      speedUp: round(photosPerSecond / base, 2),
      ceilingPhotosPerSecond: (Math.min(concurrency, options.slots) * 1000) / options.serviceMs,
      maxInFlight: run.maxInFlight,
      maxServing: run.maxServing,
    };
    levels.push(level);
    console.log(
      `concurrency ${String(concurrency).padStart(2)}: ${level.photosPerSecond.toFixed(2)} photos/s ` +
        `(${level.speedUp.toFixed(2)}× concurrency ${options.concurrency[0]}; the server alone allows ` +
        `${level.ceilingPhotosPerSecond.toFixed(1)}/s; ${run.maxInFlight} in flight at most, ` +
        `${run.maxServing} served at once)`,
    );
  }
  return { encodeMsPerPhoto: Math.round(encodeMsPerPhoto), levels };
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

async function main(): Promise<void> {
  const options = readOptions();
  console.log(
    'STAND-IN SERVER, NOT A MODEL: a local OpenAI-compatible server that answers every request in ' +
      `${options.serviceMs} ms with ${options.slots} parallel slots (as a vLLM server with ${options.slots} ` +
      'running sequences would); no GPU, no cluster.',
  );
  const set = await ensurePhotos(options.photos, undefined, (done, total) =>
    process.stderr.write(`\rMaking benchmark photos ${done}/${total}`),
  );
  if (set.generated > 0) process.stderr.write('\n');
  const series = [
    { photoSize: `${SMALL_WIDTH}x${SMALL_HEIGHT}`, paths: await smallCopies(set.dir, set.paths) },
    { photoSize: `${PHOTO_WIDTH}x${PHOTO_HEIGHT}`, paths: set.paths },
  ];
  // A warm-up (the SDK's first load, the photos in the file cache), not counted.
  for (const { paths } of series) await measure(paths.slice(0, 2), 2, options);
  const figures = [];
  for (const { photoSize, paths } of series) {
    console.log(
      `\n${paths.length} photos of ${photoSize}, re-encoded as they are sent; ${cpus().length} CPU core(s) here.`,
    );
    figures.push({ photoSize, ...(await runSeries(paths, options)) });
  }
  console.log(
    JSON.stringify({
      bench: 'providers',
      server: 'stand-in',
      provider: 'openai',
      serviceMs: options.serviceMs,
      slots: options.slots,
      photos: set.paths.length,
      cpuCores: cpus().length,
      series: figures,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

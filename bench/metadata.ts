// `npm run bench:metadata`: alt-text writes per second with full verification (MetadataRepository: the full
// read before — the snapshot `read()` kept when the file is unchanged since —, backup copy, write and read-back
// in one exiftool task, the image data compared before and after, every check of DESIGN §4; the repository runs
// three writes at a time per exiftool process), beside plain exiftool making the same writes in one stay-open
// batch with no verification. Both are given all the writes at once.
//
// As the app does (it reads every photo when it scans a folder, long before a write), the verified run
// first calls `read()` on each photo, untimed, then times the writes alone.
//
// Generates (once, cached under the OS temp folder) N 1600×1200 JPEG photos with EXIF. Each round copies them
// twice and times both runs on the copies, the same number of exiftool processes on each side; rounds
// alternate which side goes first, and the figures are the medians over the rounds (a machine shared with
// other work is slower in some rounds than in others). Counts the exiftool tasks (round trips to its stay-open
// process) of each side. Prints human-readable lines, then, as the last line, one JSON object with every
// figure. The target (verified ≥ 0.5 × plain) is printed, never asserted.
//
//   node --import tsx bench/metadata.ts [--count 500] [--procs 1] [--rounds 3] [--keep]
import { ExifTool } from 'exiftool-vendored';
import { copyFile, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { MetadataRepository, SNAPSHOT_SETTLE_MS } from '../electron/core/metadata/metadata-repository.js';

const WIDTH = 1600;
const HEIGHT = 1200;
const TARGET_RATIO = 0.5;
const GENERATOR_VERSION = 1;

function readOptions(): { count: number; procs: number; rounds: number; keep: boolean } {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '500' },
      procs: { type: 'string', default: '1' },
      rounds: { type: 'string', default: '3' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('Usage: npm run bench:metadata -- [--count 500] [--procs 1] [--rounds 3] [--keep]');
    process.exit(0);
  }
  const integer = (name: string, text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be an integer ≥ 1.`);
    return value;
  };
  return {
    count: integer('count', values.count),
    procs: integer('procs', values.procs),
    rounds: integer('rounds', values.rounds),
    keep: values.keep,
  };
}

/** A photo-like JPEG: a gradient sky, shapes, grain; with EXIF as a camera writes it. */
async function makePhoto(index: number): Promise<Buffer> {
  const hue = (index * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue},60%,70%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},50%,30%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${300 + (index % 7) * 150}" cy="400" r="180" fill="hsl(${(hue + 180) % 360},70%,50%)"/>
    <rect x="200" y="${700 + (index % 5) * 40}" width="1200" height="300" fill="hsl(${(hue + 90) % 360},40%,40%)"/>
  </svg>`;
  const noise = await sharp({
    create: {
      width: WIDTH,
      height: HEIGHT,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 24 },
    },
  })
    .raw()
    .toBuffer();
  return sharp(Buffer.from(svg))
    .composite([{ input: noise, raw: { width: WIDTH, height: HEIGHT, channels: 3 }, blend: 'soft-light' }])
    .jpeg({ quality: 85 })
    .withExif({ IFD0: { Make: 'AltLens', Model: 'Bench Camera', Software: 'sharp' } })
    .toBuffer();
}

async function ensurePhotos(count: number): Promise<string[]> {
  const dir = join(tmpdir(), `altlens-bench-metadata-v${GENERATOR_VERSION}-${WIDTH}x${HEIGHT}`);
  await mkdir(dir, { recursive: true });
  const present = new Set(await readdir(dir));
  const names = Array.from({ length: count }, (_, i) => `photo-${String(i).padStart(4, '0')}.jpg`);
  for (const [index, name] of names.entries()) {
    if (present.has(name)) continue;
    const partial = join(dir, `${name}.${process.pid}.partial`);
    await writeFile(partial, await makePhoto(index));
    await rename(partial, join(dir, name));
    process.stderr.write(`\rGenerating photos ${index + 1}/${count}   `);
  }
  return names.map((name) => join(dir, name));
}

async function copyAll(paths: readonly string[], dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const copies: string[] = [];
  for (const [index, path] of paths.entries()) {
    const copy = join(dir, `photo-${index}.jpg`);
    await copyFile(path, copy);
    copies.push(copy);
  }
  return copies;
}

const altTextFor = (index: number) => `A photo-like test picture number ${index}: café, 咖啡, 🎂.`;
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** Tasks given to any exiftool of this process so far: each is one round trip to a stay-open exiftool. */
let exiftoolTasks = 0;
const enqueueTask = ExifTool.prototype.enqueueTask;
ExifTool.prototype.enqueueTask = function (this: ExifTool, ...args: Parameters<ExifTool['enqueueTask']>) {
  exiftoolTasks++;
  return enqueueTask.apply(this, args);
} as ExifTool['enqueueTask'];

interface Run {
  readonly writesPerSecond: number;
  /** exiftool tasks per write, in the timed part. */
  readonly roundTrips: number;
}

/** Plain exiftool: the same tag, the same arguments, one stay-open batch, no checks at all. */
async function plainRun(paths: readonly string[], procs: number): Promise<Run> {
  const exiftool = new ExifTool({ maxProcs: procs, useMWG: false });
  await exiftool.version(); // start the process before timing
  const tasksBefore = exiftoolTasks;
  const started = performance.now();
  await Promise.all(
    paths.map((path, index) =>
      exiftool.write(
        path,
        { 'XMP-iptcCore:AltTextAccessibility-x-default': altTextFor(index) } as Record<string, string>,
        { writeArgs: ['-overwrite_original_in_place', '-P'], useMWG: false },
      ),
    ),
  );
  const ms = performance.now() - started;
  const roundTrips = (exiftoolTasks - tasksBefore) / paths.length;
  await exiftool.end();
  return { writesPerSecond: (paths.length / ms) * 1000, roundTrips };
}

/** The repository: every write verified, restorable. Each photo is read first, as a scan does (untimed). */
async function verifiedRun(
  paths: readonly string[],
  procs: number,
): Promise<Run & { readsPerSecond: number; failures: string[] }> {
  const repository = new MetadataRepository({ maxProcs: procs });
  let started = performance.now();
  await Promise.all(paths.map((path) => repository.read(path)));
  const readsPerSecond = (paths.length / (performance.now() - started)) * 1000;
  const failures: string[] = [];
  const tasksBefore = exiftoolTasks;
  started = performance.now();
  await Promise.all(
    paths.map((path, index) =>
      repository
        .write(
          path,
          { altText: altTextFor(index) },
          { target: 'auto', sidecarNaming: 'basename', descriptionFields: false },
        )
        .catch((error: unknown) => failures.push(`${path}: ${String(error)}`)),
    ),
  );
  const ms = performance.now() - started;
  const roundTrips = (exiftoolTasks - tasksBefore) / paths.length;
  await repository.close();
  return { writesPerSecond: (paths.length / ms) * 1000, roundTrips, readsPerSecond, failures };
}

async function main(): Promise<void> {
  const { count, procs, rounds, keep } = readOptions();
  const sources = await ensurePhotos(count);
  const work = await mkdtemp(join(tmpdir(), 'altlens-bench-metadata-run-'));
  const averageBytes =
    (await Promise.all(sources.map((path) => stat(path)))).reduce((sum, s) => sum + s.size, 0) / count;
  console.log(
    `${count} JPEG photos, ${WIDTH}×${HEIGHT}, ${(averageBytes / 1e6).toFixed(2)} MB each; ` +
      `${procs} exiftool process(es) on each side; ${cpus().length} CPU cores; ${rounds} round(s); ` +
      `work folder ${work}`,
  );
  try {
    const plain: Run[] = [];
    const verified: Awaited<ReturnType<typeof verifiedRun>>[] = [];
    for (let index = 0; index < rounds; index++) {
      // Both copies first: the photos the app writes were on disk long before it read them.
      const plainPaths = await copyAll(sources, join(work, `plain-${index}`));
      const verifiedPaths = await copyAll(sources, join(work, `verified-${index}`));
      // As long as the app waits before it trusts a read to stay valid (the copies are new files).
      await new Promise((resolve) => setTimeout(resolve, SNAPSHOT_SETTLE_MS + 100));
      const plainFirst = index % 2 === 0;
      if (plainFirst) plain.push(await plainRun(plainPaths, procs));
      verified.push(await verifiedRun(verifiedPaths, procs));
      if (!plainFirst) plain.push(await plainRun(plainPaths, procs));
      const [p, v] = [plain[index], verified[index]];
      if (p && v)
        console.log(
          `round ${index + 1} (${plainFirst ? 'plain' : 'verified'} first): plain ` +
            `${p.writesPerSecond.toFixed(1)} writes/s, verified ${v.writesPerSecond.toFixed(1)} writes/s, ` +
            `ratio ${(v.writesPerSecond / p.writesPerSecond).toFixed(2)}`,
        );
      await rm(join(work, `plain-${index}`), { recursive: true, force: true });
      await rm(join(work, `verified-${index}`), { recursive: true, force: true });
    }
    const plainRate = median(plain.map((run) => run.writesPerSecond));
    const verifiedRate = median(verified.map((run) => run.writesPerSecond));
    const readRate = median(verified.map((run) => run.readsPerSecond));
    const plainTrips = median(plain.map((run) => run.roundTrips));
    const verifiedTrips = median(verified.map((run) => run.roundTrips));
    const failures = verified.flatMap((run) => run.failures);
    const ratio = verifiedRate / plainRate;
    const met = ratio >= TARGET_RATIO;
    console.log(
      `plain exiftool:    ${plainRate.toFixed(1)} writes/s (${(1000 / plainRate).toFixed(1)} ms each; ` +
        `${plainTrips.toFixed(2)} exiftool round trips per write)`,
    );
    console.log(`scan reads:        ${readRate.toFixed(1)} reads/s (untimed: read() on each photo first)`);
    console.log(
      `verified writes:   ${verifiedRate.toFixed(1)} writes/s (${(1000 / verifiedRate).toFixed(1)} ms each; ` +
        `${verifiedTrips.toFixed(2)} exiftool round trips per write; writes alone, after the reads)`,
    );
    console.log(
      `ratio:             ${ratio.toFixed(2)} (medians of ${rounds} round(s); target ≥ ${TARGET_RATIO}: ` +
        `${met ? 'met' : 'NOT met'})`,
    );
    if (failures.length > 0)
      console.log(`failed writes: ${failures.length}\n  ${failures.slice(0, 5).join('\n  ')}`);
    console.log(
      JSON.stringify({
        photos: count,
        width: WIDTH,
        height: HEIGHT,
        exiftoolProcesses: procs,
        rounds,
        plainWritesPerSecond: round(plainRate),
        verifiedWritesPerSecond: round(verifiedRate),
        verifiedAfterRead: true,
        scanReadsPerSecond: round(readRate),
        plainRoundTripsPerWrite: round(plainTrips),
        verifiedRoundTripsPerWrite: round(verifiedTrips),
        ratio: round(ratio, 3),
        roundRatios: plain.map((run, index) =>
          round((verified[index]?.writesPerSecond ?? 0) / run.writesPerSecond, 3),
        ),
        target: TARGET_RATIO,
        met,
        failed: failures.length,
      }),
    );
  } finally {
    if (!keep) await rm(work, { recursive: true, force: true });
  }
}

await main();

// `npm run bench:metadata`: alt-text writes per second with full verification (MetadataRepository: full
// read before — the snapshot `read()` kept when the file is unchanged since —, backup copy, write, full read
// after, the image data hash before and after, every check of DESIGN §4), beside plain exiftool making the
// same writes in one stay-open batch with no verification.
//
// As the app does (it reads every photo when it scans a folder, long before a write), the verified run
// first calls `read()` on each photo, untimed, then times the writes alone.
//
// Generates (once, cached under the OS temp folder) N 1600×1200 JPEG photos with EXIF, copies them twice,
// and times both runs on the copies. Prints human-readable lines, then, as the last line, one JSON object
// with every figure. The target (verified ≥ 0.5 × plain) is printed, never asserted.
//
//   node --import tsx bench/metadata.ts [--count 500] [--procs 1] [--keep]
import { ExifTool } from 'exiftool-vendored';
import { copyFile, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { MetadataRepository } from '../electron/core/metadata/metadata-repository.js';

const WIDTH = 1600;
const HEIGHT = 1200;
const TARGET_RATIO = 0.5;
const GENERATOR_VERSION = 1;

function readOptions(): { count: number; procs: number; keep: boolean } {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '500' },
      procs: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('Usage: npm run bench:metadata -- [--count 500] [--procs 1] [--keep]');
    process.exit(0);
  }
  const integer = (name: string, text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be an integer ≥ 1.`);
    return value;
  };
  return { count: integer('count', values.count), procs: integer('procs', values.procs), keep: values.keep };
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

async function main(): Promise<void> {
  const { count, procs, keep } = readOptions();
  const sources = await ensurePhotos(count);
  const work = await mkdtemp(join(tmpdir(), 'altlens-bench-metadata-run-'));
  const averageBytes =
    (await Promise.all(sources.map((path) => stat(path)))).reduce((sum, s) => sum + s.size, 0) / count;
  console.log(
    `${count} JPEG photos, ${WIDTH}×${HEIGHT}, ${(averageBytes / 1e6).toFixed(2)} MB each; ` +
      `${procs} exiftool process(es); ${cpus().length} CPU cores; work folder ${work}`,
  );
  try {
    // Both copies first: the photos the app writes were on disk long before it read them.
    const plainPaths = await copyAll(sources, join(work, 'plain'));
    const verifiedPaths = await copyAll(sources, join(work, 'verified'));
    // Plain exiftool: the same tag, the same arguments, one stay-open batch, no checks at all.
    const exiftool = new ExifTool({ maxProcs: procs, useMWG: false });
    await exiftool.version(); // start the process before timing
    let started = performance.now();
    await Promise.all(
      plainPaths.map((path, index) =>
        exiftool.write(
          path,
          { 'XMP-iptcCore:AltTextAccessibility-x-default': altTextFor(index) } as Record<string, string>,
          { writeArgs: ['-overwrite_original_in_place', '-P'], useMWG: false },
        ),
      ),
    );
    const plainMs = performance.now() - started;
    await exiftool.end();

    // The repository: every write verified, restorable. Each photo is read first, as a scan does (untimed).
    const repository = new MetadataRepository({ maxProcs: procs });
    started = performance.now();
    await Promise.all(verifiedPaths.map((path) => repository.read(path)));
    const readMs = performance.now() - started;
    started = performance.now();
    const failures: string[] = [];
    await Promise.all(
      verifiedPaths.map((path, index) =>
        repository
          .write(
            path,
            { altText: altTextFor(index) },
            { target: 'auto', sidecarNaming: 'basename', descriptionFields: false },
          )
          .catch((error: unknown) => failures.push(`${path}: ${String(error)}`)),
      ),
    );
    const verifiedMs = performance.now() - started;
    await repository.close();

    const plainRate = (count / plainMs) * 1000;
    const verifiedRate = (count / verifiedMs) * 1000;
    const ratio = verifiedRate / plainRate;
    const met = ratio >= TARGET_RATIO;
    console.log(
      `plain exiftool:    ${plainRate.toFixed(1)} writes/s (${(plainMs / count).toFixed(1)} ms each)`,
    );
    console.log(
      `scan reads:        ${((count / readMs) * 1000).toFixed(1)} reads/s (untimed: read() on each photo first)`,
    );
    console.log(
      `verified writes:   ${verifiedRate.toFixed(1)} writes/s (${(verifiedMs / count).toFixed(1)} ms each; ` +
        'writes alone, after the reads)',
    );
    console.log(
      `ratio:             ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}: ${met ? 'met' : 'NOT met'})`,
    );
    if (failures.length > 0)
      console.log(`failed writes: ${failures.length}\n  ${failures.slice(0, 5).join('\n  ')}`);
    console.log(
      JSON.stringify({
        photos: count,
        width: WIDTH,
        height: HEIGHT,
        exiftoolProcesses: procs,
        plainWritesPerSecond: round(plainRate),
        verifiedWritesPerSecond: round(verifiedRate),
        verifiedAfterRead: true,
        scanReadsPerSecond: round((count / readMs) * 1000),
        ratio: round(ratio, 3),
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

// Benchmark photos: 4000×3000 JPEGs with photo-like content (gradients, shapes, rendered text, grain), made
// with sharp and cached under the OS temp folder so that later runs reuse them.
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

export const PHOTO_WIDTH = 4000;
export const PHOTO_HEIGHT = 3000;
/** Bump when the generated content changes, so an old cache is not reused. */
const GENERATOR_VERSION = 1;
/** The scene is drawn at 1/RENDER_SCALE of the photo's size, then enlarged. */
const RENDER_SCALE = 2;

export function defaultPhotoDir(): string {
  return join(tmpdir(), `altlens-bench-photos-v${GENERATOR_VERSION}-${PHOTO_WIDTH}x${PHOTO_HEIGHT}`);
}

export function photoName(index: number): string {
  return `photo-${String(index).padStart(4, '0')}.jpg`;
}

export interface PhotoSet {
  readonly dir: string;
  readonly paths: string[];
  /** How many were made now (0: all came from the cache). */
  readonly generated: number;
  readonly generationMs: number;
  readonly totalBytes: number;
}

/** Makes sure `count` photos exist in `dir` (made now if missing) and returns their paths, in order. */
export async function ensurePhotos(
  count: number,
  dir = defaultPhotoDir(),
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<PhotoSet> {
  await mkdir(dir, { recursive: true });
  const present = new Set(await readdir(dir));
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !present.has(photoName(i)));
  const started = performance.now();
  let done = 0;
  const queue = [...missing];
  // Two at a time: one draws or encodes in libvips while the other adds its grain on the main thread.
  const worker = async (): Promise<void> => {
    for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
      const target = join(dir, photoName(index));
      const partial = `${target}.${process.pid}.partial`;
      await writeFile(partial, await makePhoto(index));
      await rename(partial, target);
      onProgress(++done, missing.length);
    }
  };
  await Promise.all([worker(), worker()]);
  const generationMs = missing.length > 0 ? performance.now() - started : 0;
  const paths = Array.from({ length: count }, (_, i) => join(dir, photoName(i)));
  let totalBytes = 0;
  for (const path of paths) totalBytes += (await stat(path)).size;
  return { dir, paths, generated: missing.length, generationMs, totalBytes };
}

/** A small deterministic PRNG (mulberry32), so photo N is the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'EXIT',
  'Platform 4',
  'OPEN 9–5',
  'Café Lumière',
  'No parking',
  'SALE −30%',
  'Main St',
  'Room 212',
];

async function makePhoto(index: number): Promise<Buffer> {
  const rnd = random(0x5eed + index * 7919);
  const W = PHOTO_WIDTH;
  const H = PHOTO_HEIGHT;
  const colour = () => `hsl(${Math.floor(rnd() * 360)},${30 + Math.floor(rnd() * 60)}%,${20 + rnd() * 60}%)`;
  const shapes: string[] = [];
  for (let i = 0; i < 40; i++) {
    const x = rnd() * W;
    const y = rnd() * H;
    const size = 80 + rnd() * 700;
    const fill = `fill="${colour()}" fill-opacity="${(0.35 + rnd() * 0.6).toFixed(2)}"`;
    const kind = i % 4;
    if (kind === 0) shapes.push(`<circle cx="${x}" cy="${y}" r="${size / 2}" ${fill}/>`);
    else if (kind === 1)
      shapes.push(
        `<rect x="${x}" y="${y}" width="${size}" height="${size * (0.4 + rnd())}" rx="${rnd() * 40}" ${fill} transform="rotate(${rnd() * 90 - 45} ${x} ${y})"/>`,
      );
    else if (kind === 2)
      shapes.push(`<ellipse cx="${x}" cy="${y}" rx="${size}" ry="${size * (0.2 + rnd() * 0.5)}" ${fill}/>`);
    else {
      const points = Array.from({ length: 3 + Math.floor(rnd() * 4) }, () => {
        return `${(x + (rnd() - 0.5) * size * 2).toFixed(0)},${(y + (rnd() - 0.5) * size * 2).toFixed(0)}`;
      });
      shapes.push(`<polygon points="${points.join(' ')}" ${fill}/>`);
    }
  }
  // A sign with text on it, and a smaller caption line: what OCR is there to find.
  const signX = 300 + rnd() * (W - 2200);
  const signY = 300 + rnd() * (H - 1100);
  const word = WORDS[index % WORDS.length] ?? 'EXIT';
  const text = `
    <rect x="${signX}" y="${signY}" width="1800" height="520" rx="30" fill="${rnd() < 0.5 ? '#f4f1e8' : '#1d3b6e'}"/>
    <text x="${signX + 900}" y="${signY + 330}" font-family="DejaVu Sans, sans-serif" font-size="220" font-weight="bold"
      text-anchor="middle" fill="${rnd() < 0.5 ? '#111' : '#c0392b'}">${escapeXml(word)}</text>
    <text x="${W - 120}" y="${H - 120}" font-family="DejaVu Sans, sans-serif" font-size="70" text-anchor="end"
      fill="#fff" fill-opacity="0.85">Photo ${index + 1} · AltLens benchmark</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W / RENDER_SCALE}" height="${H / RENDER_SCALE}"
    viewBox="0 0 ${W} ${H}">
    <defs>
      <linearGradient id="sky" x1="0" y1="0" x2="${rnd().toFixed(2)}" y2="1">
        <stop offset="0" stop-color="${colour()}"/><stop offset="0.55" stop-color="${colour()}"/>
        <stop offset="1" stop-color="${colour()}"/>
      </linearGradient>
      <radialGradient id="light" cx="${rnd().toFixed(2)}" cy="${rnd().toFixed(2)}" r="0.7">
        <stop offset="0" stop-color="#fff" stop-opacity="0.45"/><stop offset="1" stop-color="#000" stop-opacity="0.35"/>
      </radialGradient>
    </defs>
    <rect width="${W}" height="${H}" fill="url(#sky)"/>
    ${shapes.join('\n')}
    <rect width="${W}" height="${H}" fill="url(#light)"/>
    ${text}
  </svg>`;
  // librsvg renders at half size (4× fewer pixels, most of the generation time) and sharp enlarges it.
  const scene = await sharp(Buffer.from(svg))
    .resize(W, H, { kernel: 'cubic' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Sensor grain, different in every photo: one shared noise frame, read from a per-photo offset.
  const noise = await grain();
  const pixels = scene.data;
  const offset = Math.floor(rnd() * noise.length);
  for (let i = 0, j = offset; i < pixels.length; i++, j++) {
    if (j === noise.length) j = 0;
    const value = (pixels[i] ?? 0) + (noise[j] ?? 0) - 128;
    pixels[i] = value < 0 ? 0 : value > 255 ? 255 : value;
  }
  return sharp(pixels, { raw: scene.info })
    .jpeg({ quality: 90, chromaSubsampling: '4:2:0' })
    .withMetadata({ density: 72 })
    .toBuffer();
}

let grainFrame: Promise<Buffer> | null = null;

/** Gaussian noise (σ 14) the size of one photo; made once per process (≈ 2 s), it is the slow part. */
function grain(): Promise<Buffer> {
  grainFrame ??= sharp({
    create: {
      width: PHOTO_WIDTH,
      height: PHOTO_HEIGHT,
      channels: 3,
      background: '#808080', // unused with noise, but the typings want it
      noise: { type: 'gaussian', mean: 128, sigma: 14 },
    },
  })
    .raw()
    .toBuffer();
  return grainFrame;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

// The large library's photos and data folder, shared by bench/library.ts and bench/library-ui.ts.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PER_FOLDER = 100;
/** Bump when the generated photos change, so an old cache is not reused. */
const GENERATOR_VERSION = 1;

/** ALTLENS_BENCH_PHOTOS (a quicker try), else 100,000. */
export function benchPhotoCount(): number {
  const count = Number(process.env.ALTLENS_BENCH_PHOTOS ?? 100_000);
  if (!Number.isInteger(count) || count < PER_FOLDER || count % PER_FOLDER !== 0) {
    throw new Error(`ALTLENS_BENCH_PHOTOS must be a whole multiple of ${PER_FOLDER}.`);
  }
  return count;
}

/** The cached photos, and the library indexed from them (kept for bench/library-ui.ts). */
export function benchDirs(count: number): { photos: string; data: string } {
  const root = join(tmpdir(), `altlens-bench-library-v${GENERATOR_VERSION}`);
  return { photos: join(root, `photos-${count}`), data: join(root, `data-${count}`) };
}

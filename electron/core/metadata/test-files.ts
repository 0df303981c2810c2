// Test helpers (no test framework here): copies of the shared metadata samples in temporary folders.
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Real files from exiftool's test suite, read-only (see its README), in the `shared/` beside the checkout. */
export const SAMPLES_DIR = fileURLToPath(new URL('../../../../shared/samples/metadata/', import.meta.url));

/** Small files made for AltLens's own tests (see the folder's README), committed beside the code. */
export const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Every sample image (everything in the folder but its README). */
export function sampleNames(): string[] {
  return readdirSync(SAMPLES_DIR)
    .filter((name) => name !== 'README.md')
    .sort();
}

/** A fixed modification time with a fraction of a second, to see that a write keeps it exactly. */
export const FIXED_MTIME_S = 1_600_000_000.123456;

/**
 * A writable copy of a sample (or of a file in `from`, e.g. FIXTURES_DIR) in a new temporary folder, its
 * modification time set to FIXED_MTIME_S.
 */
export function copySample(name: string, prefix = 'metadata', from = SAMPLES_DIR): string {
  const dir = mkdtempSync(join(tmpdir(), `altlens-${prefix}-`));
  const path = join(dir, name);
  copyFileSync(join(from, name), path);
  chmodSync(path, 0o644);
  utimesSync(path, FIXED_MTIME_S, FIXED_MTIME_S);
  return path;
}

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function mtimeMsOf(path: string): number {
  return statSync(path).mtimeMs;
}

// Test helpers (no test framework here): copies of the shared metadata samples in temporary folders.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  type Stats,
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

/**
 * Makes a file or a folder read-only for whoever runs the tests; returns what makes it writable again. Root
 * ignores mode bits, so as root it is made immutable instead (`chattr +i`: ext4, xfs, btrfs, with the
 * CAP_LINUX_IMMUTABLE capability that root has outside a restricted container).
 */
export function makeReadOnly(path: string): () => void {
  const info: Stats = statSync(path);
  if (process.getuid?.() !== 0) {
    const mode = info.mode & 0o777;
    chmodSync(path, info.isDirectory() ? 0o555 : 0o444);
    return () => chmodSync(path, mode);
  }
  try {
    execFileSync('chattr', ['+i', path], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      'Running as root, the read-only tests need `chattr +i` (a file system with immutable files and the ' +
        `CAP_LINUX_IMMUTABLE capability), or a user other than root: ${String(error)}`,
    );
  }
  return () => execFileSync('chattr', ['-i', path]);
}

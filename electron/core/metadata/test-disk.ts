// Test helper (no test framework here): a write onto a tiny disk of its own, full or read-only.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** What the write on the small disk came to, as the child saw it (the disk is gone with the child). */
export const smallDiskOutcome = z.object({
  reason: z.string().nullable(),
  message: z.string().nullable(),
  /** The photo has its original bytes. */
  unchanged: z.boolean(),
  /** What the disk holds after the write (besides the filler of a full one). */
  entries: z.array(z.string()),
});
export type SmallDiskOutcome = z.infer<typeof smallDiskOutcome>;

const CHILD = fileURLToPath(new URL('./test-disk-child.ts', import.meta.url));

/**
 * Mounts a 256 KiB tmpfs, copies `photo` onto it and makes the disk full (a filler file takes every free
 * byte) or read-only, then writes alt text into the copy with a MetadataRepository of its own. Runs in a
 * child in a user and mount namespace of its own (`unshare`), where anyone, root or not, may mount a tmpfs,
 * and nothing it mounts is seen outside it.
 */
export async function writeOnSmallDisk(photo: string, disk: 'full' | 'read-only'): Promise<SmallDiskOutcome> {
  const mountPoint = mkdtempSync(join(tmpdir(), 'altlens-small-disk-'));
  const script = [
    'set -e',
    'mount -t tmpfs -o size=256k tmpfs "$1"',
    'cp "$2" "$1/"',
    'if [ "$3" = full ]; then head -c 1048576 /dev/zero > "$1/filler" 2>/dev/null || true; fi',
    'if [ "$3" = read-only ]; then mount -o remount,ro,size=256k tmpfs "$1"; fi',
    'shift 3',
    'exec "$@"',
  ].join('\n');
  const args = ['--user', '--map-root-user', '--mount', 'sh', '-c', script, 'sh', mountPoint, photo, disk];
  try {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        'unshare',
        [...args, process.execPath, '--import', 'tsx', CHILD, mountPoint, photo],
        { timeout: 60_000 },
        (error, out, err) =>
          error
            ? reject(
                new Error(
                  `The small-disk test needs \`unshare\` with user namespaces: ${err || String(error)}`,
                ),
              )
            : resolve(out),
      ),
    );
    return smallDiskOutcome.parse(JSON.parse(stdout.trim().split('\n').pop() ?? ''));
  } finally {
    rmdirSync(mountPoint);
  }
}

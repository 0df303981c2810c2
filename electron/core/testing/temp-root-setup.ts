import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Global set-up of a test run (Vitest and Playwright both take it): points TMPDIR — `os.tmpdir()` here and in
 * every worker, server and tool started from here — at a fresh folder, and returns the teardown that removes
 * it, so the temporary photos, libraries and models the tests make do not pile up run after run.
 */
export default function useTempRoot(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'altlens-test-run-'));
  process.env.TMPDIR = root;
  return () => {
    try {
      rmSync(root, { recursive: true, force: true });
    } catch (error) {
      console.error(`AltLens tests: could not remove ${root}: ${String(error)}`);
    }
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processesLeftBehind } from './processes.js';

/**
 * Global set-up of a test run (Vitest and Playwright both take it): points TMPDIR — `os.tmpdir()` here and in
 * every worker, server and tool started from here — at a fresh folder, and returns the teardown that removes
 * it, so the temporary photos, libraries and models the tests make do not pile up run after run. The
 * teardown also fails the run if a process it started is still running (an exiftool, an engine, a server),
 * after ending it: a test run leaves no process behind.
 */
export default function useTempRoot(): () => Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'altlens-test-run-'));
  process.env.TMPDIR = root;
  return async () => {
    const left = await processesLeftBehind(root);
    try {
      rmSync(root, { recursive: true, force: true });
    } catch (error) {
      console.error(`AltLens tests: could not remove ${root}: ${String(error)}`);
    }
    if (left.length > 0)
      throw new Error(`AltLens tests left ${left.length} process(es) running, now ended: ${left.join('; ')}`);
  };
}

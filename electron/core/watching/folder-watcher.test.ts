import { watch } from 'chokidar';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Library } from '../library/library.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import type { WatcherFactory } from './folder-watcher.js';
import { LibraryWatcher, type WatchEvent } from './library-watcher.js';

const DEADLINE = { timeout: 30_000, interval: 25 };

/**
 * The OS limit on watches cannot be exhausted on a shared test machine, so this factory makes a real
 * chokidar watcher and then has it report the error fs.watch gives when the limit is reached. Everything
 * after that (closing it, polling instead, finding files by polling) is real.
 */
function limitReachedWatcher(code: 'ENOSPC' | 'EMFILE'): WatcherFactory {
  return (root, options) => {
    const watcher = watch(root, options);
    if (!options.usePolling) {
      const error = Object.assign(new Error(`${code}: System limit for number of file watchers reached`), {
        code,
        syscall: 'watch',
        path: root,
      });
      setImmediate(() => watcher.emit('error', error));
    }
    return watcher;
  };
}

let library: Library;
let watcher: LibraryWatcher;

afterEach(async () => {
  await watcher.stop();
  library.close();
});

describe('the polling fallback', () => {
  it.each(['ENOSPC', 'EMFILE'] as const)(
    'polls a folder once fs.watch reports %s (injected: the real limit cannot be exhausted here), says so, and finds new files',
    async (code) => {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      library = Library.open(tempDir('data'));
      watcher = new LibraryWatcher(library, {
        createWatcher: limitReachedWatcher(code),
        pollIntervalMs: 100,
        reconcileIntervalMs: 3_600_000,
      });
      const events: WatchEvent[] = [];
      watcher.subscribe((event) => events.push(event));
      const photos = tempDir('polled');
      await writeImage(join(photos, 'before.jpg'));

      await watcher.add(photos);

      await vi.waitFor(
        () =>
          expect(library.folders()[0]?.watch).toEqual({
            mode: 'polling',
            reason: expect.stringContaining(code),
          }),
        DEADLINE,
      );
      expect(logged).toHaveBeenCalledWith(
        expect.stringMatching(new RegExp(`watching ${photos} by polling: .*${code}`)),
      );
      logged.mockRestore();
      const source = join(tempDir('camera'), 'after.jpg');
      await writeImage(source, { color: '#20c020' });
      copyFileSync(source, join(photos, 'after.jpg'));
      await vi.waitFor(
        () =>
          expect(events).toContainEqual({
            type: 'indexed',
            path: join(photos, 'after.jpg'),
            outcome: expect.objectContaining({ kind: 'added', error: null }),
          }),
        DEADLINE,
      );
      expect(library.folders()[0]).toMatchObject({ imageCount: 2, watch: { mode: 'polling' } });
    },
  );
});

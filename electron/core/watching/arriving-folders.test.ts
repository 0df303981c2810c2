import { watch } from 'chokidar';
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { FolderWatcher, type FolderChange, type WatcherFactory } from './folder-watcher.js';

const DEADLINE = { timeout: 5_000, interval: 20 };

let folder: FolderWatcher | undefined;

afterEach(async () => {
  await folder?.close();
  folder = undefined;
});

/**
 * Real chokidar, with one thing added to hit the gap every time rather than by chance: while chokidar
 * reads a folder that has just appeared (it asks about each entry, `trigger` among them), `act` runs, after
 * the folder was listed and before chokidar watches it.
 */
function actingWhileRead(act: (dir: string) => void): WatcherFactory {
  return (root, options) => {
    const ignored = options.ignored as (path: string, stats?: unknown) => boolean;
    let acted = false;
    return watch(root, {
      ...options,
      ignored: (path: string, stats?: unknown) => {
        if (!acted && stats && basename(path) === 'trigger') {
          acted = true;
          act(dirname(path));
        }
        return ignored(path, stats);
      },
    });
  };
}

async function startWatching(root: string, createWatcher: WatcherFactory): Promise<FolderChange[]> {
  const changes: FolderChange[] = [];
  folder = await FolderWatcher.start(root, {
    createWatcher,
    writeFinishMs: 50,
    onChange: (change) => changes.push(change),
    onMode: () => undefined,
  });
  return changes;
}

describe('a folder that appears is read again once watched (real chokidar, real files)', () => {
  it('reports a photo copied in, and watches a subfolder made in it, after chokidar listed it and before it watched it', async () => {
    const root = tempDir('watched');
    const camera = tempDir('camera');
    await writeImage(join(camera, 'one.jpg'), { color: '#102030' });
    await writeImage(join(camera, 'two.jpg'), { color: '#304050' });
    await writeImage(join(camera, 'three.jpg'), { color: '#506070' });
    const changes = await startWatching(
      root,
      actingWhileRead((dir) => {
        copyFileSync(join(camera, 'one.jpg'), join(dir, 'one.jpg'));
        mkdirSync(join(dir, 'late'));
        copyFileSync(join(camera, 'two.jpg'), join(dir, 'late', 'two.jpg'));
      }),
    );
    const trip = join(tempDir('elsewhere'), 'trip');
    mkdirSync(trip);
    writeFileSync(join(trip, 'trigger'), 'not a photo');

    renameSync(trip, join(root, 'trip'));

    const present = (path: string) => changes.filter((c) => c.kind === 'present' && c.path === path);
    await vi.waitFor(() => expect(present(join(root, 'trip', 'one.jpg'))).toHaveLength(1), DEADLINE);
    await vi.waitFor(() => expect(present(join(root, 'trip', 'late', 'two.jpg'))).toHaveLength(1), DEADLINE);
    // The subfolder chokidar did not see is watched now: a photo copied into it later is reported too.
    copyFileSync(join(camera, 'three.jpg'), join(root, 'trip', 'late', 'three.jpg'));
    await vi.waitFor(
      () => expect(present(join(root, 'trip', 'late', 'three.jpg'))).toHaveLength(1),
      DEADLINE,
    );
  });
});

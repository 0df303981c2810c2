import type { FSWatcher } from 'chokidar';
import { dirname } from 'node:path';
import { readFolder } from '../library/walk.js';
import { onWatchPlaced } from './watch-placed.js';

/**
 * Makes sure nothing put into a folder that appears under a watched folder (made, moved or copied in) is
 * missed. chokidar reads such a folder first and watches it after: a photo copied in between is never
 * reported, and a subfolder made in between is never watched. So each new folder is read again once its
 * watch is in place: its photos go to `onImage`, and a subfolder chokidar did not see is handed to it
 * (and read again the same way once watched). What arrives later comes through the folder's own events.
 */
export class ArrivingFolders {
  /** Folders chokidar has reported (`addDir`) and not watched yet. */
  private readonly arrived = new Set<string>();
  /** Folders being read again, now watched. */
  private readonly reading = new Set<string>();
  /** The entries of those folders that chokidar has asked about, so has seen. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly watcher: FSWatcher,
    /** The library folder watched. */
    private readonly root: string,
    private readonly handlers: {
      readonly onImage: (path: string) => void;
      /** False once the watcher is closed or replaced (chokidar's `add` would open it again). */
      readonly active: () => boolean;
    },
  ) {
    watcher.on('addDir', (dir) => this.arrived.add(dir));
    watcher.on('unlinkDir', (dir) => this.arrived.delete(dir));
    onWatchPlaced(watcher, (path) => {
      if (this.arrived.delete(path)) void this.readAgain(path);
    });
  }

  /** To be called with each path chokidar asks about (through its `ignored` option), ignored or not. */
  asked(path: string): void {
    const parent = dirname(path);
    if (this.arrived.has(parent) || this.reading.has(parent)) this.seen.add(path);
  }

  private async readAgain(dir: string): Promise<void> {
    this.reading.add(dir);
    try {
      const { images, folders } = await readFolder(dir, this.root);
      if (!this.handlers.active()) return;
      images.forEach((path) => this.handlers.onImage(path));
      for (const folder of folders.filter((path) => !this.seen.has(path))) {
        this.arrived.add(folder);
        this.watcher.add(folder);
      }
    } catch {
      // gone again, or unreadable: the next reconciliation looks again
    } finally {
      this.reading.delete(dir);
      for (const path of this.seen) if (dirname(path) === dir) this.seen.delete(path);
    }
  }
}

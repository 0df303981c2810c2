import type { FSWatcher } from 'chokidar';

/**
 * Calls `listener` with the path of each folder (and, when polling, each file) once chokidar has placed its
 * watch on it.
 *
 * chokidar (5.x) handles a folder that appears by emitting `addDir`, reading the folder, and only then
 * watching it; it says nothing when the watch is in place. A photo copied into the folder between the read
 * and the watch is never reported (nor is a subfolder made then). chokidar records each watch it has just
 * placed with `_addPathCloser` (declared in its typings), so that call is the moment the folder can be read
 * again with nothing missed: it is wrapped here, on this one watcher. If a chokidar upgrade stops calling
 * it, new folders are no longer looked into, which the watcher tests of folders moved or made in show.
 */
export function onWatchPlaced(watcher: FSWatcher, listener: (path: string) => void): void {
  const record = watcher._addPathCloser.bind(watcher);
  // chokidar calls it without a closer where it placed no watch (its typings say there always is one).
  watcher._addPathCloser = (path: string, closer: (() => void) | undefined) => {
    if (!closer) return;
    record(path, closer);
    listener(path);
  };
}

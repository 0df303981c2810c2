import type { FolderNode } from '../../../contract/api.js';
import type { DirectoryCount } from './store.js';

/**
 * The library's folders as trees: each folder with the subfolders that hold photos (at any depth), each
 * counting the photos in it and below it, subfolders in name order. `sep` is the paths' separator.
 */
export function folderTree(
  roots: readonly { id: number; path: string }[],
  directories: readonly DirectoryCount[],
  sep: string,
): FolderNode[] {
  return roots.map((root) => {
    const top: FolderNode = { path: root.path, name: root.path, photoCount: 0, subfolders: [] };
    const byPath = new Map<string, FolderNode>([[root.path, top]]);
    for (const { folder_id, dir, count } of directories) {
      if (folder_id !== root.id || !dir.startsWith(root.path + sep)) continue;
      top.photoCount += count;
      let node = top;
      for (const name of dir
        .slice(root.path.length + sep.length)
        .split(sep)
        .filter(Boolean)) {
        const path = node.path + sep + name;
        let child = byPath.get(path);
        if (!child) {
          child = { path, name, photoCount: 0, subfolders: [] };
          byPath.set(path, child);
          node.subfolders.push(child);
        }
        child.photoCount += count;
        node = child;
      }
    }
    for (const node of byPath.values()) node.subfolders.sort((a, b) => compareNames(a.name, b.name));
    return top;
  });
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

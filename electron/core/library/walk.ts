import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { formatOf } from './formats.js';

/** Hidden folders (".thumbnails", ".git") hold no photos of the person's: scans and watchers skip them. */
export function isSkippedFolderName(name: string): boolean {
  return name.startsWith('.');
}

/** What one folder holds, as scans and watchers see it. */
export interface FolderEntries {
  /** Files whose extension AltLens handles. */
  readonly images: string[];
  /** Subfolders, hidden ones left out. */
  readonly folders: string[];
}

/** Reads one folder (not its subfolders): its image files and its subfolders. */
export async function readFolder(dir: string): Promise<FolderEntries> {
  const entries = await readdir(dir, { withFileTypes: true });
  const images: string[] = [];
  const folders: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !isSkippedFolderName(entry.name)) folders.push(path);
    else if (entry.isFile() && formatOf(path)) images.push(path);
  }
  return { images, folders };
}

/**
 * Every file under `root` (recursively) whose extension AltLens handles, sorted. Symbolic links are not
 * followed, so a link loop cannot trap the scan; hidden folders (".thumbnails", ".git") are skipped. The
 * folders of one depth are read at once, each with one call (a library of 1,000 folders reads in a few
 * rounds, not 1,000 in turn).
 */
export async function findImageFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  let level = [root];
  while (level.length > 0) {
    const next: string[] = [];
    await Promise.all(
      level.map(async (dir) => {
        const { images, folders } = await readFolder(dir).catch((error: unknown) => {
          if (dir === root) throw error;
          return { images: [], folders: [] }; // an unreadable subfolder is skipped, not fatal
        });
        found.push(...images);
        next.push(...folders);
      }),
    );
    level = next;
  }
  return found.sort();
}

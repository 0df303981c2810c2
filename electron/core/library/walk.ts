import { opendir } from 'node:fs/promises';
import { join } from 'node:path';
import { formatOf } from './formats.js';

/** Hidden folders (".thumbnails", ".git") hold no photos of the person's: scans and watchers skip them. */
export function isSkippedFolderName(name: string): boolean {
  return name.startsWith('.');
}

/**
 * Every file under `root` (recursively) whose extension AltLens handles. Symbolic links are not followed,
 * so a link loop cannot trap the scan; hidden folders (".thumbnails", ".git") are skipped.
 */
export async function findImageFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    const handle = await opendir(dir).catch((error: unknown) => {
      if (dir === root) throw error;
      return null; // an unreadable subfolder is skipped, not fatal
    });
    if (!handle) continue;
    for await (const entry of handle) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !isSkippedFolderName(entry.name)) pending.push(path);
      else if (entry.isFile() && formatOf(path)) found.push(path);
    }
  }
  return found.sort();
}

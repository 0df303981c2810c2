import { opendir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FolderListing } from '../../../contract/api.js';
import { badRequest } from '../api/errors.js';
import { systemFolderReason } from './folder-rules.js';

/** A folder with more subfolders than this lists the first ones by name and says there are more. */
export const MAX_LISTED_FOLDERS = 2000;

/**
 * One folder's subfolders, for the folder browser of browser mode, where a page cannot open the system's
 * folder dialog: the home folder when no path is given; hidden folders (a leading dot) left out; links to
 * folders listed as folders; sorted by name as a person reads them.
 */
export async function browseFolder(path: string | null): Promise<FolderListing> {
  const asked = resolve(path ?? homedir());
  const folder = await realpath(asked).catch((error: unknown) => {
    throw badRequest(unreadable(asked, errorCode(error)));
  });
  if (!(await stat(folder)).isDirectory()) throw badRequest(`${asked} is a file, not a folder.`);
  const names: string[] = [];
  let truncated = false;
  try {
    for await (const entry of await opendir(folder)) {
      if (entry.name.startsWith('.')) continue;
      const isFolder =
        entry.isDirectory() ||
        (entry.isSymbolicLink() && (await stat(join(folder, entry.name)).catch(() => null))?.isDirectory());
      if (!isFolder) continue;
      names.push(entry.name);
    }
  } catch (error) {
    throw badRequest(unreadable(folder, errorCode(error)));
  }
  names.sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' }));
  if (names.length > MAX_LISTED_FOLDERS) {
    truncated = true;
    names.length = MAX_LISTED_FOLDERS;
  }
  const parent = dirname(folder);
  return {
    path: folder,
    parent: parent === folder ? null : parent,
    folders: names.map((name) => ({ name, path: join(folder, name) })),
    truncated,
    refused: systemFolderReason(folder),
  };
}

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : '';
}

function unreadable(path: string, code: string): string {
  if (code === 'ENOENT') return `There is no folder ${path}.`;
  if (code === 'EACCES' || code === 'EPERM')
    return `AltLens may not read ${path}: its permissions do not allow it.`;
  if (code === 'ENOTDIR') return `${path} is a file, not a folder.`;
  return `${path} cannot be read${code ? ` (${code})` : ''}.`;
}

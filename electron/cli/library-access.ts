import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DATABASE_FILE } from '../core/db/open.js';
import { Library } from '../core/library/library.js';
import { resolveDataDir } from '../core/paths.js';

/**
 * The library of this data dir, or null where there is none yet: a command that works on files without a
 * library (`read`, `write`) uses one if it is there, and never makes one.
 */
export function openExistingLibrary(dataDir: string | undefined): Library | null {
  const dir = resolveDataDir(dataDir);
  return existsSync(join(dir, DATABASE_FILE)) ? Library.open(dir) : null;
}

/** A photo (or folder) named on the command line that the library does not hold, and what to do about it. */
export function notInLibrary(given: string, folder = dirname(resolve(given))): Error {
  return new Error(`${given} is not in the library: add ${addHint(folder)}.`);
}

/** How to add a folder to the library, for a reason that ends with it. */
export function addHint(folder: string): string {
  return `its folder first with "altlens add ${folder}"`;
}

// Where the Electron binary is, for `npm start` and `npm run test:electron`. It is found through
// node_modules/electron/path.txt rather than by importing the `electron` package, whose require() starts a
// download when the binary is missing.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const electronDir = join(root, 'node_modules', 'electron');

/** The binary named by node_modules/electron/path.txt, if it is there; else null. */
export function findElectron() {
  try {
    const relative = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
    const binary = join(electronDir, 'dist', relative);
    return relative !== '' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

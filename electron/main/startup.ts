import { dirname, join } from 'node:path';

/** `--data-dir=DIR` or `--data-dir DIR` from the command line; the last one wins. */
export function dataDirFromArgv(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  argv.forEach((arg, index) => {
    if (arg.startsWith('--data-dir=')) found = arg.slice('--data-dir='.length) || undefined;
    else if (arg === '--data-dir') {
      const next = argv[index + 1];
      if (next !== undefined && !next.startsWith('--')) found = next;
    }
  });
  return found;
}

/**
 * Where the build put the preload and the renderer, from the compiled main file
 * (dist/node/electron/main/index.js): dist/node/electron/preload/index.cjs and dist/renderer/.
 */
export function builtPaths(mainFile: string): { preloadPath: string; rendererDir: string } {
  const mainDir = dirname(mainFile);
  return {
    preloadPath: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererDir: join(mainDir, '..', '..', '..', 'renderer'),
  };
}

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtPaths, dataDirFromArgv } from './startup.js';

describe('dataDirFromArgv', () => {
  it('reads --data-dir=DIR and --data-dir DIR', () => {
    expect(dataDirFromArgv(['electron', '.', '--data-dir=/tmp/a'])).toBe('/tmp/a');
    expect(dataDirFromArgv(['AltLens', '--data-dir', '/tmp/b', '--verbose'])).toBe('/tmp/b');
  });

  it('gives undefined when absent, empty or missing its value', () => {
    expect(dataDirFromArgv(['electron', '.'])).toBeUndefined();
    expect(dataDirFromArgv(['electron', '--data-dir='])).toBeUndefined();
    expect(dataDirFromArgv(['electron', '--data-dir'])).toBeUndefined();
    expect(dataDirFromArgv(['electron', '--data-dir', '--inspect'])).toBeUndefined();
  });
});

describe('builtPaths', () => {
  it('finds the preload and the renderer from the compiled main file', () => {
    const main = join('/app', 'dist', 'node', 'electron', 'main', 'index.js');
    expect(builtPaths(main)).toEqual({
      preloadPath: join('/app', 'dist', 'node', 'electron', 'preload', 'index.cjs'),
      rendererDir: join('/app', 'dist', 'renderer'),
    });
  });
});

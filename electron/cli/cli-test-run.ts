// Test helpers (no test framework here): the `altlens` program run in this process, and a real exiftool.
import { ExifTool } from 'exiftool-vendored';
import { buildProgram } from './program.js';

export interface CliRun {
  readonly stdout: string;
  readonly stderr: string;
  /** What the command threw (main prints its message and exits 1), or null. */
  readonly error: unknown;
}

/** Runs `altlens ...args` as main does, with stdout and stderr kept. */
export async function runCli(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const program = buildProgram({ out: (text) => (stdout += text), err: (text) => (stderr += text) });
  program.exitOverride();
  let error: unknown = null;
  await program.parseAsync(['node', 'altlens', ...args]).catch((caught: unknown) => (error = caught));
  return { stdout, stderr, error };
}

/** The alt text in a file (x-default) as exiftool itself reads it; undefined when there is none. */
export async function altTextInFile(path: string): Promise<unknown> {
  const exiftool = new ExifTool({ maxProcs: 1, useMWG: false });
  try {
    const tags: Record<string, unknown> = await exiftool.readRaw(path, {
      readArgs: ['-a', '-G1', '-XMP-iptcCore:AltTextAccessibility'],
    });
    return tags['XMP-iptcCore:AltTextAccessibility'];
  } finally {
    await exiftool.end();
  }
}

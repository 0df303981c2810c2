import { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plainWords } from '../core/metadata/errors.js';
import { copySample, makeReadOnly, sha256Of } from '../core/metadata/test-files.js';
import { addMetadataCommands } from './metadata-commands.js';

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { out: (text: string) => (stdout += text), err: (text: string) => (stderr += text) };
  const program = new Command('altlens').configureOutput({ writeOut: io.out, writeErr: io.err });
  addMetadataCommands(program, io);
  program.exitOverride();
  let error: unknown = null;
  await program.parseAsync(['node', 'altlens', ...args]).catch((caught: unknown) => (error = caught));
  return { stdout, stderr, error };
}

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('altlens read / write (real exiftool, copies of the samples)', () => {
  it('writes alt text into a JPEG and reads it back with its sources', async () => {
    const path = copySample('PhotoMechanic.jpg', 'cli');
    const write = await run('write', path, '--alt', 'A café in the rain ☔', '--ext-desc', 'Long.', '--json');
    expect(write.error).toBeNull();
    expect(lines(write.stdout)[0]).toMatchObject({
      imagePath: path,
      writtenTo: [path],
      written: {
        'XMP-iptcCore:AltTextAccessibility-x-default': 'A café in the rain ☔',
        'XMP-iptcCore:ExtDescrAccessibility-x-default': 'Long.',
      },
    });

    const read = await run('read', path, '--json');
    expect(read.error).toBeNull();
    expect(lines(read.stdout)).toEqual([
      {
        path,
        altText: 'A café in the rain ☔',
        extDescription: 'Long.',
        description: 'Caption',
        sources: expect.arrayContaining([
          { field: 'AltTextAccessibility', lang: 'x-default', value: 'A café in the rain ☔', source: path },
          { field: 'Caption-Abstract', lang: 'x-default', value: 'Caption', source: path },
        ]),
      },
    ]);
  });

  it('writes a camera raw file’s alt text to a sidecar named as asked, and says so', async () => {
    const raw = copySample('Nikon.nef', 'cli-raw');
    const bytes = sha256Of(raw);
    const { stdout, error } = await run('write', raw, '--alt', 'A lighthouse.', '--sidecar-name', 'ext');
    expect(error).toBeNull();
    expect(stdout).toBe(`Wrote alt text to ${raw}.xmp (verified).\n`);
    expect(sha256Of(raw)).toBe(bytes);
    const read = await run('read', raw);
    expect(read.stdout).toContain('alt text:             "A lighthouse."');
    expect(readdirSync(dirname(raw)).sort()).toEqual(['Nikon.nef', 'Nikon.nef.xmp']);
  });

  it('fails with one readable line', async () => {
    const path = copySample('Writer.jpg', 'cli-fail');
    const tooLong = await run('write', path, '--alt', 'x'.repeat(251));
    expect(tooLong.error).toMatchObject({
      message: `${path}: Alt text may be at most 250 characters; this one has 251. Put the rest in the extended description.`,
    });
    const raw = copySample('CanonRaw.cr2', 'cli-fail-raw');
    const inFile = await run('write', raw, '--alt', 'A dog.', '--target', 'file');
    expect(inFile.error).toMatchObject({ message: expect.stringMatching(/CR2, a camera raw/) });
    const missing = await run('read', join(dirname(path), 'nope.jpg'));
    const gone = join(dirname(path), 'nope.jpg');
    expect(missing.error).toMatchObject({ message: `${gone}: ${plainWords.gone(gone)}` });
    // The same words as the scanner and the app, never exiftool's own.
    const folder = dirname(path);
    const readOnly = makeReadOnly(folder);
    try {
      const refused = await run('write', path, '--alt', 'A bird.');
      expect(refused.error).toMatchObject({
        message: expect.stringContaining(`${path}: ${plainWords.readOnlyFolder(folder)}`),
      });
    } finally {
      readOnly();
    }
  });
});

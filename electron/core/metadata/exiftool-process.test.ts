import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processIdentity } from '../process-identity.js';
import { importable, startScript, stillRunningAfter } from '../testing/processes.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { jpegPartsHash, readJpeg } from './image-hash.js';
import { MetadataRepository } from './metadata-repository.js';

const repositoryModule = importable(new URL('./metadata-repository.ts', import.meta.url));

/** A process that opens a metadata repository on `photo`, prints its exiftool pids, then `then` runs. */
function repositoryScript(photo: string, then: string): string {
  return `
    import { MetadataRepository } from ${repositoryModule};
    const repository = new MetadataRepository();
    const photo = ${JSON.stringify(photo)};
    await repository.read(photo);
    console.log('exiftool ' + JSON.stringify(repository.exiftoolPids));
    ${then}
    setInterval(() => {}, 60_000);
  `;
}

async function exiftoolOf(script: ReturnType<typeof startScript>) {
  const [, pids] = await script.line(/^exiftool (.*)$/);
  const identities = (JSON.parse(pids ?? '[]') as number[]).map((pid) => processIdentity(pid));
  expect(identities.length).toBeGreaterThan(0);
  return identities;
}

describe('exiftool ends with the process that started it (real processes, kill -9)', () => {
  it('an idle exiftool ends within seconds of its parent being killed', async () => {
    const photo = join(tempDir('exiftool-parent'), 'photo.jpg');
    await writeImage(photo);
    const script = startScript(repositoryScript(photo, ''));
    const exiftool = await exiftoolOf(script);
    await script.kill9();
    expect(await stillRunningAfter(exiftool)).toEqual([]);
  });

  it('an exiftool in the middle of a write finishes it (the file whole, no leftover), then ends', async () => {
    const photo = join(tempDir('exiftool-parent'), 'large.jpg');
    await writeImage(photo, { width: 3000, height: 2000 });
    const before = await readJpeg(photo);
    if (!before) throw new Error('not a JPEG');
    const policy = JSON.stringify({ target: 'file', sidecarNaming: 'basename', descriptionFields: true });
    const script = startScript(
      repositoryScript(
        photo,
        `for (let round = 1; ; round++) {
           await repository.write(photo, { altText: 'Round ' + round + ' of the writes.' }, ${policy});
           console.log('wrote ' + round);
         }`,
      ),
    );
    const exiftool = await exiftoolOf(script);
    await script.line(/^wrote 2$/);
    await script.kill9();
    expect(await stillRunningAfter(exiftool)).toEqual([]);
    const after = await readJpeg(photo);
    expect(after && jpegPartsHash(after)).toBe(jpegPartsHash(before));
    expect(existsSync(`${photo}_exiftool_tmp`)).toBe(false);
    const reader = new MetadataRepository();
    try {
      expect((await reader.read(photo)).altText).toMatch(/^Round \d+ of the writes\.$/);
    } finally {
      await reader.close();
    }
  });
});

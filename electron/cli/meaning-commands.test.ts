// The built `altlens` command (bin/altlens.js, after `npm run build`) with the tiny CLIP model (a photo
// embeds as its mean colour, a text as the colours its words name) over real photos made with sharp:
// embed, search --meaning, similar, and their failures.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTinyCaptioner } from '../../models/test-model/tiny-captioner.js';
import { writeTinyClip } from '../../models/test-model/tiny-clip.js';
import { tempDir, writeImage, writeTruncatedJpeg } from '../core/testing/sample-images.js';

const BIN = join(import.meta.dirname, '../../bin/altlens.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function altlens(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ALTLENS_DATA_DIR: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Hit {
  id: number;
  path: string;
  score: number;
  altText: string | null;
}

const names = (hits: Hit[]) => hits.map((hit) => hit.path.split('/').at(-1));

let clipDir: string;
let photos: string;

beforeAll(async () => {
  clipDir = join(tempDir('cli-clip-model'), 'tiny-clip');
  await writeTinyClip(clipDir);
  photos = tempDir('cli-meaning-photos');
  mkdirSync(join(photos, 'beach'));
  await writeImage(join(photos, 'red.jpg'), { color: '#e01010', width: 640, height: 480 });
  await writeImage(join(photos, 'dark-red.png'), { color: '#901818', format: 'png' });
  await writeImage(join(photos, 'green.jpg'), { color: '#10c020' });
  await writeImage(join(photos, 'beach', 'blue.webp'), { color: '#1020d0', format: 'webp' });
});

async function libraryWithPhotos(): Promise<string> {
  const dataDir = tempDir('cli-meaning-data');
  const added = await altlens('add', photos, '--data-dir', dataDir);
  expect(added.code).toBe(0);
  return dataDir;
}

describe('altlens embed, search --meaning and similar (built CLI, real engine, tiny CLIP)', () => {
  it('embeds every photo, then finds the red one first for "a red photo" and a darker red as its look-alike', async () => {
    const dataDir = await libraryWithPhotos();
    const embed = await altlens('embed', '--clip-model', clipDir, '--data-dir', dataDir);
    expect(embed.stderr).toContain('Using tiny-clip (test model) on cpu.');
    expect(embed.stderr).toContain('Embedded 4/4');
    expect(embed.stdout).toBe('Embedded 4 of 4 photo(s); 0 could not be embedded.\n');
    expect(embed.code).toBe(0);

    const again = await altlens('embed', '--clip-model', clipDir, '--data-dir', dataDir);
    expect(again).toMatchObject({ code: 0, stdout: 'Every photo already has an embedding.\n' });
    // Nothing to embed: the model is not even loaded.
    expect(again.stderr).not.toContain('Using tiny-clip');

    const search = await altlens(
      'search',
      'a red photo',
      '--meaning',
      '--clip-model',
      clipDir,
      '--json',
      '--data-dir',
      dataDir,
    );
    expect(search.code).toBe(0);
    const hits = JSON.parse(search.stdout) as Hit[];
    expect(names(hits)).toEqual(['red.jpg', 'dark-red.png', 'green.jpg', 'blue.webp']);
    expect(Object.keys(hits[0] ?? {})).toEqual(['id', 'path', 'score', 'altText']);
    expect(hits[0]).toMatchObject({ path: join(photos, 'red.jpg'), altText: null });
    const scores = hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeLessThanOrEqual(1 + 1e-6);

    const blue = await altlens(
      'search',
      'blue',
      '--meaning',
      '--clip-model',
      clipDir,
      '--json',
      '--limit',
      '1',
      '--data-dir',
      dataDir,
    );
    expect(names(JSON.parse(blue.stdout) as Hit[])).toEqual(['blue.webp']);

    const similar = await altlens(
      'similar',
      join(photos, 'red.jpg'),
      '--clip-model',
      clipDir,
      '--json',
      '--data-dir',
      dataDir,
    );
    expect(similar.code).toBe(0);
    const alike = names(JSON.parse(similar.stdout) as Hit[]);
    expect(alike).not.toContain('red.jpg');
    expect(alike.indexOf('dark-red.png')).toBeLessThan(alike.indexOf('blue.webp'));
    expect(alike[0]).toBe('dark-red.png');

    // Word search still works, and prints what it printed before.
    const words = await altlens('search', 'green', '--json', '--data-dir', dataDir);
    expect(words.code).toBe(0);
    expect(names(JSON.parse(words.stdout) as Hit[])).toEqual(['green.jpg']);
    expect(Object.keys((JSON.parse(words.stdout) as Hit[])[0] ?? {})).toEqual([
      'id',
      'path',
      'status',
      'altText',
    ]);

    // Without --json, one line a photo: score, id, path, alt text.
    const plain = await altlens(
      'search',
      'green',
      '--meaning',
      '--clip-model',
      clipDir,
      '--limit',
      '1',
      '--data-dir',
      dataDir,
    );
    expect(plain.stdout).toMatch(/^\d\.\d{3}\t\d+\t.*green\.jpg\t\n$/);
  });

  it('uses the CLIP model imported into the model store when none is given, under --folder only', async () => {
    const dataDir = await libraryWithPhotos();
    const none = await altlens('embed', '--data-dir', dataDir);
    expect(none.code).toBe(1);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toContain('No CLIP model is installed. Import a CLIP folder');
    expect(none.stderr).toContain('"altlens models import DIR"');

    expect((await altlens('models', 'import', clipDir, '--data-dir', dataDir)).code).toBe(0);
    const beach = await altlens('embed', '--folder', join(photos, 'beach'), '--data-dir', dataDir);
    expect(beach).toMatchObject({ code: 0, stdout: 'Embedded 1 of 1 photo(s); 0 could not be embedded.\n' });
    const search = await altlens('search', 'a red photo', '--meaning', '--json', '--data-dir', dataDir);
    expect(names(JSON.parse(search.stdout) as Hit[])).toEqual(['blue.webp']);
    // The imported copy is the same model as its folder: its embeddings are used with either.
    const byDir = await altlens('embed', '--clip-model', clipDir, '--data-dir', dataDir);
    expect(byDir.stdout).toBe('Embedded 3 of 3 photo(s); 0 could not be embedded.\n');

    const outside = await altlens('embed', '--folder', tempDir('not-added'), '--data-dir', dataDir);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/is not in the library: add its folder first with "altlens add /);
  });

  it('names the photos it could not embed and exits 0, or 1 when it could embed none', async () => {
    const broken = tempDir('cli-meaning-broken');
    await writeImage(join(broken, 'fine.jpg'), { color: '#10c020' });
    await writeTruncatedJpeg(join(broken, 'half.jpg'));
    const dataDir = tempDir('cli-meaning-broken-data');
    await altlens('add', broken, '--data-dir', dataDir);
    const some = await altlens('embed', '--clip-model', clipDir, '--data-dir', dataDir);
    expect(some.code).toBe(0);
    expect(some.stdout).toContain('Embedded 1 of 2 photo(s); 1 could not be embedded.\n');
    expect(some.stdout).toMatch(new RegExp(`  ${join(broken, 'half.jpg')}: .+\\n$`));

    const onlyBroken = tempDir('cli-meaning-only-broken');
    await writeTruncatedJpeg(join(onlyBroken, 'half.jpg'));
    const otherData = tempDir('cli-meaning-only-broken-data');
    await altlens('add', onlyBroken, '--data-dir', otherData);
    const none = await altlens('embed', '--clip-model', clipDir, '--data-dir', otherData);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain(`  ${join(onlyBroken, 'half.jpg')}: `);
    expect(none.stderr).toContain('altlens: None of the 1 photo(s) could be embedded.');
  });

  it('fails in one line for a model folder of another kind, an empty query, a photo not embedded or not in the library', async () => {
    const dataDir = await libraryWithPhotos();
    const captioner = join(tempDir('cli-meaning-captioner'), 'tiny-captioner');
    await writeTinyCaptioner(captioner);
    const wrong = await altlens('embed', '--clip-model', captioner, '--data-dir', dataDir);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(
      `altlens: ${captioner} holds a "vision-encoder-decoder" model, which makes no embeddings; ` +
        'search by meaning needs a clip model.\n',
    );

    const notYet = await altlens(
      'search',
      'red',
      '--meaning',
      '--clip-model',
      clipDir,
      '--data-dir',
      dataDir,
    );
    expect(notYet.code).toBe(1);
    expect(notYet.stderr).toContain(
      'No photos have been embedded with this model yet: run "altlens embed" first.',
    );

    const unknown = tempDir('cli-meaning-unknown');
    writeFileSync(join(unknown, 'x.jpg'), 'not a photo');
    const notIn = await altlens(
      'similar',
      join(unknown, 'x.jpg'),
      '--clip-model',
      clipDir,
      '--data-dir',
      dataDir,
    );
    expect(notIn.code).toBe(1);
    expect(notIn.stderr).toContain('x.jpg is not in the library: add its folder first');

    expect(
      (
        await altlens(
          'embed',
          '--clip-model',
          clipDir,
          '--folder',
          join(photos, 'beach'),
          '--data-dir',
          dataDir,
        )
      ).code,
    ).toBe(0);
    const unembedded = await altlens(
      'similar',
      join(photos, 'red.jpg'),
      '--clip-model',
      clipDir,
      '--data-dir',
      dataDir,
    );
    expect(unembedded.code).toBe(1);
    expect(unembedded.stderr).toBe(
      `altlens: ${join(photos, 'red.jpg')} has no embedding yet: run "altlens embed" first.\n`,
    );

    const empty = await altlens('search', '  ', '--meaning', '--clip-model', clipDir, '--data-dir', dataDir);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('Nothing to search for: give a few words that describe the photo.');
    expect(empty.stderr).not.toContain('Using tiny-clip');
    const long = await altlens(
      'search',
      `blue ${'x'.repeat(5000)}`,
      '--meaning',
      '--clip-model',
      clipDir,
      '--json',
      '--data-dir',
      dataDir,
    );
    expect(long.code).toBe(0);
    expect(names(JSON.parse(long.stdout) as Hit[])).toEqual(['blue.webp']);
  });
});

// The built `altlens` command (bin/altlens.js, after `npm run build`) against local stand-ins of the
// provider APIs (no remote API can be reached in tests): caption and ask through each kind, --store into
// the library (which then holds no key), a wrong key and a dead server, and the saved providers.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../core/library/library.js';
import { ProviderStandIn, STAND_IN_ANSWER } from '../core/testing/provider-stand-ins.js';
import { tempDir, writeImage } from '../core/testing/sample-images.js';
import type { ProviderKind } from '../core/providers/provider.js';

const KEY = 'sk-stand-in-cli-0123456789abcdefWXYZ';
const BIN = join(import.meta.dirname, '../../bin/altlens.js');
let photos: string;
let photo: string;
let standIn: ProviderStandIn | null = null;

beforeAll(async () => {
  photos = tempDir('cli-providers');
  photo = join(photos, 'door.jpg');
  await writeImage(photo, { color: '#a03020', width: 800, height: 600 });
});

afterEach(async () => {
  await standIn?.stop();
  standIn = null;
});

interface Spawned {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a child process (the stand-in server keeps answering in this one meanwhile). */
function altlens(args: string[], env: Record<string, string> = {}, stdin = ''): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

async function start(kind: ProviderKind, key: string | null = kind === 'ollama' ? null : KEY) {
  standIn = await new ProviderStandIn(kind, key).start();
  return standIn;
}

const envKey = (kind: ProviderKind): Record<string, string> =>
  kind === 'openai' ? { OPENAI_API_KEY: KEY } : kind === 'anthropic' ? { ANTHROPIC_API_KEY: KEY } : {};

/** Every file of the data dir (the SQLite library, its WAL, everything) as one string of bytes. */
function libraryBytes(dataDir: string): string {
  return readdirSync(dataDir)
    .filter((name) => name.startsWith('library') && statSync(join(dataDir, name)).isFile())
    .map((name) => readFileSync(join(dataDir, name)).toString('latin1'))
    .join('\n');
}

describe.each(['ollama', 'openai', 'anthropic'] as const)(
  'altlens with --provider %s (API stand-in)',
  (kind) => {
    it('captions in the style settings, prints the JSON line, and sends the key only in its header', async () => {
      const server = await start(kind);
      const dataDir = tempDir('cli-providers-data');
      const { code, stdout, stderr } = await altlens(
        [
          'caption',
          photo,
          '--provider',
          kind,
          '--provider-url',
          server.url,
          '--model',
          'vision-stand-in',
          '--max-length',
          '90',
          '--json',
          '--data-dir',
          dataDir,
        ],
        envKey(kind),
      );
      expect(stderr).toContain('sent there as a JPEG without metadata');
      expect(code).toBe(0);
      const line = JSON.parse(stdout) as Record<string, unknown>;
      expect(line).toMatchObject({
        path: photo,
        altText: STAND_IN_ANSWER.alt_text,
        model: 'vision-stand-in',
        remote: true,
      });
      const [chat] = server.chats;
      expect(chat?.raw).toContain('at most 90 characters');
      if (kind !== 'ollama') expect(chat?.raw).not.toContain(KEY);
    });

    it('writes an extended description (caption --task extended --provider) and refuses --task ocr', async () => {
      const server = await start(kind);
      const args = ['caption', photo, '--provider', kind, '--provider-url', server.url];
      const { code, stdout, stderr } = await altlens(
        [...args, '--model', 'vision-stand-in', '--task', 'extended', '--json'],
        envKey(kind),
      );
      expect(stderr).toContain('Writing extended descriptions of 1 image(s) with');
      expect(code).toBe(0);
      const line = JSON.parse(stdout) as Record<string, unknown>;
      expect(line).toMatchObject({
        path: photo,
        extDescription: STAND_IN_ANSWER.extended_description,
        model: 'vision-stand-in',
        remote: true,
      });
      expect(line).not.toHaveProperty('altText');
      expect(server.chats[0]?.raw).toContain('in a short paragraph of plain sentences');
      const ocr = await altlens([...args, '--model', 'vision-stand-in', '--task', 'ocr'], envKey(kind));
      expect(ocr.code).toBe(1);
      expect(ocr.stderr).toMatch(/^altlens: --provider reads the text in a photo with each alt text/);
      expect(server.chats).toHaveLength(1);
    });

    it('answers a question (ask --provider)', async () => {
      const server = await start(kind);
      const { code, stdout } = await altlens(
        [
          'ask',
          photo,
          'What does the sign say?',
          '--provider',
          kind,
          '--provider-url',
          server.url,
          '--model',
          'vision-stand-in',
          '--json',
        ],
        envKey(kind),
      );
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({
        answer: 'The sign beside the door reads OPEN.',
        remote: true,
      });
    });
  },
);

describe('altlens caption --provider with a length limit the answer is over (OpenAI-compatible stand-in)', () => {
  it('asks once more for a shorter text, cuts what is still over, and adds up the tokens of both calls', async () => {
    const server = await start('openai');
    const { code, stdout, stderr } = await altlens(
      [
        'caption',
        photo,
        '--provider',
        'openai',
        '--provider-url',
        server.url,
        '--model',
        'vision-stand-in',
        '--max-length',
        '40',
        '--no-ocr',
        '--json',
      ],
      { OPENAI_API_KEY: KEY },
    );
    expect(code).toBe(0);
    expect(server.chats).toHaveLength(2);
    expect(server.chats[1]?.raw).toContain('Your last answer was');
    const line = JSON.parse(stdout) as { altText: string; usage: { inputTokens: number } };
    expect([...line.altText].length).toBeLessThanOrEqual(40);
    expect(line.usage.inputTokens).toBe(642);
    expect(stderr).toContain('Tokens used in all: 642 in');
  });
});

describe('altlens caption --provider --store (OpenAI-compatible stand-in)', () => {
  it('stores the alt text as generated with remote provenance, and the library holds no key', async () => {
    const server = await start('openai');
    const dataDir = tempDir('cli-providers-store');
    expect((await altlens(['add', photos, '--data-dir', dataDir])).code).toBe(0);
    const { code, stdout, stderr } = await altlens(
      [
        'caption',
        photo,
        '--provider',
        'openai',
        '--provider-url',
        server.url,
        '--model',
        'vision-stand-in',
        '--store',
        '--json',
        '--data-dir',
        dataDir,
      ],
      { OPENAI_API_KEY: KEY },
    );
    expect(stderr).toContain('Stored 1 caption(s)');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ stored: true });
    const library = Library.open(dataDir);
    try {
      const image = library.findImageByPath(photo);
      const detail = library.getImage(image?.id ?? 0);
      expect(detail.altText).toBe(STAND_IN_ANSWER.alt_text);
      expect(detail.status).toBe('needs-review');
      expect(detail.generatedBy?.provenance?.remote).toEqual({
        kind: 'openai',
        destination: `the OpenAI-compatible server at ${server.url}`,
        provider: null,
        model: 'vision-stand-in',
      });
    } finally {
      library.close();
    }
    const bytes = libraryBytes(dataDir);
    expect(bytes).toContain('vision-stand-in');
    expect(bytes).not.toContain(KEY);
    expect(bytes).not.toContain(KEY.slice(-12));
  });
});

describe('provider failures on the command line (stand-ins)', () => {
  it.each(['openai', 'anthropic'] as const)(
    'a wrong key for %s exits 1 with one line saying so, and the key is not printed',
    async (kind) => {
      const server = await start(kind);
      const wrong = 'sk-wrong-cli-key-abcdefghijklmn5678';
      const variable = kind === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
      const { code, stdout, stderr } = await altlens(
        ['caption', photo, '--provider', kind, '--provider-url', server.url, '--model', 'vision-stand-in'],
        { [variable]: wrong },
      );
      expect(code).toBe(1);
      const said = stdout + stderr;
      expect(said).not.toContain(wrong);
      expect(said).not.toContain(wrong.slice(0, 8));
      expect(said).not.toContain(wrong.slice(-8));
      const lines = stderr.trim().split('\n');
      expect(lines.at(-1)).toMatch(/key/i);
      expect(stdout).toBe('');
    },
  );

  it('a dead server exits 1 with one line naming its URL', async () => {
    const server = await start('ollama');
    const { url } = server;
    await server.stop();
    standIn = null;
    const { code, stdout, stderr } = await altlens([
      'caption',
      photo,
      '--provider',
      'ollama',
      '--provider-url',
      url,
      '--model',
      'vision-stand-in',
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const last = stderr.trim().split('\n').at(-1) ?? '';
    expect(last).toContain(url);
    expect(last).toMatch(/Could not reach/);
  }, 30_000);
});

describe('altlens providers (saved providers, Anthropic stand-in)', () => {
  it('adds one with its key in the 0600 key file, lists it masked, tests it, captions by name, removes it', async () => {
    const server = await start('anthropic');
    const dataDir = tempDir('cli-providers-saved');
    expect((await altlens(['add', photos, '--data-dir', dataDir])).code).toBe(0);
    const added = await altlens(
      [
        'providers',
        'add',
        'lab',
        '--kind',
        'anthropic',
        '--url',
        server.url,
        '--model',
        'vision-stand-in',
        '--key-stdin',
        '--data-dir',
        dataDir,
      ],
      {},
      `${KEY}\n`,
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const keyFile = join(dataDir, 'provider-keys.json');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const listed = await altlens(['providers', 'list', '--data-dir', dataDir]);
    expect(listed.stdout).toContain('lab\tanthropic');
    expect(listed.stdout).toContain('••••WXYZ');
    expect(listed.stdout).not.toContain(KEY);

    const tested = await altlens(['providers', 'test', 'lab', '--json', '--data-dir', dataDir]);
    expect(JSON.parse(tested.stdout)).toEqual(['vision-stand-in', 'other-stand-in']);

    const captioned = await altlens([
      'caption',
      photo,
      '--provider',
      'lab',
      '--store',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(captioned.code).toBe(0);
    expect(JSON.parse(captioned.stdout)).toMatchObject({ altText: STAND_IN_ANSWER.alt_text, stored: true });
    expect(server.chats[0]?.headers['x-api-key']).toBe(KEY);
    const bytes = libraryBytes(dataDir);
    expect(bytes).toContain('"provider":"lab"');
    const asked = await altlens([
      'ask',
      photo,
      'What does the sign say?',
      '--provider',
      'lab',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(JSON.parse(asked.stdout)).toMatchObject({
      answer: 'The sign beside the door reads OPEN.',
      model: 'vision-stand-in',
    });

    const refused = await altlens(['providers', 'choose', 'lab', '--data-dir', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--send-photos');
    const chosen = await altlens(['providers', 'choose', 'lab', '--send-photos', '--data-dir', dataDir]);
    expect(chosen.stdout).toContain('sent there as JPEGs without metadata');
    const listedChosen = await altlens(['providers', 'list', '--json', '--data-dir', dataDir]);
    expect(JSON.parse(listedChosen.stdout)).toMatchObject([{ name: 'lab', agreed: true, captions: true }]);
    expect(bytes).not.toContain(KEY);

    expect((await altlens(['providers', 'remove', 'lab', '--data-dir', dataDir])).code).toBe(0);
    expect(JSON.parse(readFileSync(keyFile, 'utf8'))).toEqual({});
    const empty = await altlens(['providers', 'list', '--json', '--data-dir', dataDir]);
    expect(JSON.parse(empty.stdout)).toEqual([]);
  });
});

import { ExifTool } from 'exiftool-vendored';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ProviderStandIn, sentPhoto, STAND_IN_ANSWER } from '../testing/provider-stand-ins.js';
import { DEFAULT_LIMITS, type CallLimits } from './calls.js';
import { makeProvider } from './make-provider.js';
import { ProviderError, type ProviderKind, type RetryNotice } from './provider.js';

const KEY = 'sk-stand-in-0123456789abcdefWXYZ';
const exiftool = new ExifTool({ maxProcs: 1 });
const dir = mkdtempSync(join(tmpdir(), 'altlens-providers-'));
const fast: CallLimits = { ...DEFAULT_LIMITS, connectTimeoutMs: 800, totalTimeoutMs: 5000, backoffMs: 20 };
let standIn: ProviderStandIn | null = null;

afterEach(async () => {
  await standIn?.stop();
  standIn = null;
});
afterAll(() => exiftool.end());

/** A 3000x2000 JPEG carrying EXIF (with GPS and a name), XMP and an ICC profile. */
async function photoWithMetadata(): Promise<string> {
  const path = join(dir, 'tagged.jpg');
  const jpeg = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#a03020' } })
    .jpeg()
    .withMetadata({ icc: 'p3' })
    .toBuffer();
  writeFileSync(path, jpeg);
  await exiftool.write(
    path,
    { Artist: 'Jane Private', GPSLatitude: 52.1, GPSLongitude: 4.3, Creator: 'Jane Private' },
    { writeArgs: ['-overwrite_original'] },
  );
  return path;
}

async function start(kind: ProviderKind): Promise<ProviderStandIn> {
  standIn = await new ProviderStandIn(kind, kind === 'ollama' ? null : KEY).start();
  return standIn;
}

const kinds: ProviderKind[] = ['ollama', 'openai', 'anthropic'];

describe.each(kinds)('the %s provider against its API stand-in', (kind) => {
  const key = kind === 'ollama' ? null : KEY;

  it('sends a metadata-free JPEG of at most 1536 px, the key only in its header, and reads the JSON answer', async () => {
    const server = await start(kind);
    const photo = await photoWithMetadata();
    const provider = makeProvider(kind, { url: server.url, model: 'vision-stand-in', key }, fast);
    const original = JSON.stringify(await exiftool.read(photo));
    for (const tag of ['Jane Private', 'GPSLatitude', 'XMP', 'ProfileDescription']) {
      expect(original).toContain(tag);
    }
    const result = await provider.describe({ task: 'alt', path: photo });

    expect(result.text).toBe(STAND_IN_ANSWER.alt_text);
    expect(result.extendedDescription).toBe(STAND_IN_ANSWER.extended_description);
    expect(result.visibleText).toBe('OPEN');
    expect(result.remote).toBe(true);
    expect(result.usage?.inputTokens).toBe(321);

    const [chat] = server.chats;
    if (!chat) throw new Error('nothing was sent');
    const sent = sentPhoto(kind, chat);
    const meta = await sharp(sent).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width, meta.height)).toBe(1536);
    const sentPath = join(dir, `sent-${kind}.jpg`);
    writeFileSync(sentPath, sent);
    const tags = JSON.stringify(await exiftool.read(sentPath));
    expect(tags).not.toMatch(/Jane|GPS|XMP|ICC|ProfileDescription|Artist|Creator/);
    if (key) {
      expect(chat.raw).not.toContain(key);
      const header = kind === 'anthropic' ? chat.headers['x-api-key'] : chat.headers.authorization;
      expect(header).toBe(kind === 'anthropic' ? key : `Bearer ${key}`);
    }
    if (kind === 'anthropic') expect(chat.headers['anthropic-version']).toBeTruthy();
    if (kind === 'ollama') expect((chat.body as { stream: boolean }).stream).toBe(true);
  });

  it('streams a question answer piece by piece and cleans it', async () => {
    const server = await start(kind);
    const photo = await photoWithMetadata();
    const provider = makeProvider(kind, { url: server.url, model: 'vision-stand-in', key }, fast);
    const pieces: string[] = [];
    const result = await provider.describe({
      task: 'question',
      path: photo,
      question: 'What does the sign say?',
      onToken: (piece) => pieces.push(piece),
    });
    expect(pieces.length).toBeGreaterThan(2);
    expect(result.text).toBe('The sign beside the door reads OPEN.');
  });

  it('waits as a 429 Retry-After says, and retries a 500, then answers', async () => {
    const server = await start(kind);
    server.planned.push({ kind: 'status', status: 429, headers: { 'retry-after': '0.3' } });
    server.planned.push({ kind: 'status', status: 500 });
    const provider = makeProvider(kind, { url: server.url, model: 'vision-stand-in', key }, fast);
    const notices: RetryNotice[] = [];
    const started = performance.now();
    const result = await provider.describe({
      task: 'alt',
      path: await photoWithMetadata(),
      onRetry: (notice) => notices.push(notice),
    });
    expect(result.text).toBe(STAND_IN_ANSWER.alt_text);
    expect(notices.map((notice) => [notice.reason, notice.waitMs])).toEqual([
      ['rate limited', 300],
      ['the server had an error (500)', 40],
    ]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('lists its models ("Test connection")', async () => {
    const server = await start(kind);
    const provider = makeProvider(kind, { url: server.url, model: 'vision-stand-in', key }, fast);
    expect(await provider.listModels()).toEqual(['vision-stand-in', 'other-stand-in']);
  });

  it('says "unknown model" for a model the server does not have', async () => {
    const server = await start(kind);
    const provider = makeProvider(kind, { url: server.url, model: 'no-such-model', key }, fast);
    const failure = await provider
      .describe({ task: 'alt', path: await photoWithMetadata() })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as ProviderError).reason).toBe('unknown-model');
    expect((failure as ProviderError).message).toContain('no-such-model');
  });

  it('says "unreachable" for a server that never answers, once the connect timeout passes', async () => {
    const server = await start(kind);
    for (let i = 0; i < 5; i += 1) server.planned.push({ kind: 'hang' });
    const limits = { ...fast, connectTimeoutMs: 300, retries: 1 };
    const provider = makeProvider(kind, { url: server.url, model: 'vision-stand-in', key }, limits);
    const failure = await provider
      .describe({ task: 'alt', path: await photoWithMetadata() })
      .catch((e: unknown) => e);
    expect((failure as ProviderError).reason).toBe('unreachable');
    expect((failure as ProviderError).message).toMatch(/did not answer within 0\.3 s/);
    expect(server.chats).toHaveLength(2);
  });

  it('is cancelled by its AbortSignal while the server hangs', async () => {
    const server = await start(kind);
    server.planned.push({ kind: 'hang' });
    const provider = makeProvider(kind, { url: server.url, model: 'vision-stand-in', key }, fast);
    const controller = new AbortController();
    const call = provider.describe({
      task: 'alt',
      path: await photoWithMetadata(),
      signal: controller.signal,
    });
    while (server.chats.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const failure = await call.catch((e: unknown) => e);
    expect((failure as ProviderError).reason).toBe('cancelled');
  });
});

describe.each(['openai', 'anthropic'] as const)('the %s provider with a wrong key (stand-in)', (kind) => {
  it('says "wrong key" and never shows the key, not even the part the server echoes', async () => {
    const server = await start(kind);
    const wrong = 'sk-wrong-key-abcdefghijklmnop1234';
    const provider = makeProvider(kind, { url: server.url, model: 'vision-stand-in', key: wrong }, fast);
    const failure = await provider
      .describe({ task: 'alt', path: await photoWithMetadata() })
      .catch((e: unknown) => e);
    expect((failure as ProviderError).reason).toBe('wrong-key');
    expect((failure as ProviderError).message).not.toContain('sk-wro');
    expect((failure as ProviderError).message).not.toContain('1234');
    expect(server.chats).toHaveLength(1);
  });

  it('says "refused content" when the model refuses', async () => {
    const server = await start(kind);
    server.planned.push({ kind: 'refuse' });
    const provider = makeProvider(kind, { url: server.url, model: 'vision-stand-in', key: KEY }, fast);
    const failure = await provider
      .describe({ task: 'alt', path: await photoWithMetadata() })
      .catch((e: unknown) => e);
    expect((failure as ProviderError).reason).toBe('refused-content');
  });
});

describe('a dead server', () => {
  it('is "unreachable", with the URL in the message', async () => {
    const server = await new ProviderStandIn('ollama').start();
    const url = server.url;
    await server.stop();
    const provider = makeProvider(
      'ollama',
      { url, model: 'vision-stand-in', key: null },
      { ...fast, retries: 0 },
    );
    const failure = await provider
      .describe({ task: 'alt', path: await photoWithMetadata() })
      .catch((e: unknown) => e);
    expect((failure as ProviderError).reason).toBe('unreachable');
    expect((failure as ProviderError).message).toContain(url);
  });
});

import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../app-core.js';
import { KeyFile } from '../providers/keys.js';
import { ProviderStandIn } from '../testing/provider-stand-ins.js';
import { tempDir } from '../testing/sample-images.js';
import { dispatch } from './dispatch.js';

const KEY = 'sk-stand-in-settings-0123456789abcdWXYZ';
let core: Core | null = null;
let standIn: ProviderStandIn | null = null;

afterEach(async () => {
  await core?.close();
  core = null;
  await standIn?.stop();
  standIn = null;
});

function open(dataDir: string): Core {
  core = openCore({ dataDir, overrides: { model: join(dataDir, 'no-model-here') } });
  return core;
}

async function call(method: string, params: unknown) {
  if (!core) throw new Error('no core');
  return dispatch(core.handlers, method, params);
}

describe('providers.* calls (against an OpenAI-compatible stand-in server)', () => {
  it('add with a pasted key: the key goes to the 0600 key file, comes back only masked, and test lists the models', async () => {
    const dataDir = tempDir('provider-calls-add');
    open(dataDir);
    standIn = await new ProviderStandIn('openai', KEY).start();
    const added = await call('providers.add', {
      name: 'lab',
      kind: 'openai',
      url: standIn.url,
      model: 'vision-stand-in',
      key: KEY,
    });
    expect(added).toMatchObject({
      ok: true,
      value: {
        captionProvider: null,
        providers: [
          { name: 'lab', kind: 'openai', url: standIn.url, agreed: false, key: { from: 'key file' } },
        ],
      },
    });
    expect(JSON.stringify(added)).not.toContain(KEY);
    expect(JSON.stringify(added)).toContain('WXYZ');
    const keyFile = KeyFile.inDataDir(dataDir).path;
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toContain(KEY);
    const listed = await call('providers.list', {});
    expect(JSON.stringify(listed)).not.toContain(KEY);

    const tested = await call('providers.test', { name: 'lab' });
    expect(tested).toEqual({
      ok: true,
      value: {
        ok: true,
        models: standIn.models,
        message: expect.stringMatching(/answers with 2 models/) as unknown,
      },
    });
    expect(standIn.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(standIn.chats).toEqual([]);
  });

  it('test says in one line why not, never the key: a wrong key, and a server nothing listens on', async () => {
    open(tempDir('provider-calls-test'));
    standIn = await new ProviderStandIn('openai', KEY).start();
    await call('providers.add', {
      name: 'wrong',
      kind: 'openai',
      url: standIn.url,
      model: 'm',
      key: 'sk-wrong-key-1234',
    });
    const wrong = await call('providers.test', { name: 'wrong' });
    expect(wrong).toMatchObject({ ok: true, value: { ok: false, models: [] } });
    const message = wrong.ok ? (wrong.value as { message: string }).message : '';
    expect(message).not.toContain('sk-wrong-key-1234');
    expect(message).not.toContain('\n');
    expect(message.length).toBeGreaterThan(0);

    // A port that was free a moment ago: nothing answers there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    await call('providers.add', {
      name: 'dead',
      kind: 'ollama',
      url: `http://127.0.0.1:${port}`,
      model: 'm',
    });
    const dead = await call('providers.test', { name: 'dead' });
    expect(dead).toMatchObject({ ok: true, value: { ok: false, models: [] } });
  });

  it('choose is refused until the person agreed to send photos there; agreeing once lets it through', async () => {
    open(tempDir('provider-calls-choose'));
    standIn = await new ProviderStandIn('ollama').start();
    await call('providers.add', { name: 'desk', kind: 'ollama', url: standIn.url, model: 'vision-stand-in' });
    const refused = await call('providers.choose', { name: 'desk' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringContaining(standIn.url) as unknown },
    });
    expect(await call('providers.list', {})).toMatchObject({ ok: true, value: { captionProvider: null } });

    const chosen = await call('providers.choose', { name: 'desk', sendPhotos: true });
    expect(chosen).toMatchObject({
      ok: true,
      value: { captionProvider: 'desk', providers: [{ name: 'desk', agreed: true }] },
    });
    // Asked once: back on this computer and chosen again, no second agreement is needed.
    await call('providers.choose', { name: null });
    expect(await call('providers.choose', { name: 'desk' })).toMatchObject({
      ok: true,
      value: { captionProvider: 'desk' },
    });
    // Removing it sends the captions back to this computer.
    expect(await call('providers.remove', { name: 'desk' })).toEqual({
      ok: true,
      value: { providers: [], captionProvider: null, defaultUrls: expect.any(Object) as unknown },
    });
  });

  it('refuses a provider whose fields are not right, and unknown names, as bad requests', async () => {
    open(tempDir('provider-calls-bad'));
    const badUrl = await call('providers.add', {
      name: 'x',
      kind: 'openai',
      url: 'file:///etc/passwd',
      model: 'm',
    });
    expect(badUrl).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/url/) as unknown },
    });
    const badName = await call('providers.add', {
      name: 'Not A Name',
      kind: 'openai',
      url: 'http://127.0.0.1:9/v1',
      model: 'm',
    });
    expect(badName).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    for (const method of ['providers.remove', 'providers.test', 'providers.choose']) {
      expect(await call(method, { name: 'nobody' })).toMatchObject({
        ok: false,
        error: { code: 'bad_request' },
      });
    }
  });
});

// The per-provider concurrency setting is how AltLens drives a model server with many parallel slots (vLLM,
// Ray Serve): checked against the OpenAI-compatible stand-in with a fixed service time and a few slots.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderStandIn } from '../testing/provider-stand-ins.js';
import { writeImage } from '../testing/sample-images.js';
import { makeProvider } from './make-provider.js';

const dir = mkdtempSync(join(tmpdir(), 'altlens-concurrency-'));
let standIn: ProviderStandIn | null = null;

afterEach(async () => {
  await standIn?.stop();
  standIn = null;
});

async function photos(count: number): Promise<string[]> {
  const paths = Array.from({ length: count }, (_, index) => join(dir, `photo-${index}.jpg`));
  for (const path of paths) await writeImage(path, { width: 320, height: 240 });
  return paths;
}

/** Describes every photo at once through an openai provider with the concurrency given. */
async function describeAll(concurrency: number, paths: readonly string[]): Promise<number> {
  const server = standIn;
  if (!server) throw new Error('no stand-in');
  const provider = makeProvider('openai', {
    url: server.url,
    model: 'vision-stand-in',
    key: null,
    concurrency,
  });
  const started = performance.now();
  const results = await Promise.all(paths.map((path) => provider.describe({ task: 'alt', path })));
  expect(results.every((result) => result.altText !== null && result.altText !== '')).toBe(true);
  return performance.now() - started;
}

describe('the openai provider against an OpenAI-compatible stand-in with 4 slots of 100 ms each', () => {
  it('sends one request at a time with concurrency 1', async () => {
    standIn = await new ProviderStandIn('openai', null, { serviceMs: 100, slots: 4 }).start();
    const elapsed = await describeAll(1, await photos(4));
    expect(standIn.maxHeld).toBe(1);
    expect(standIn.chats).toHaveLength(4);
    expect(elapsed).toBeGreaterThanOrEqual(4 * 100);
  });

  it('keeps 8 requests in flight with concurrency 8, of which the server serves 4 at once', async () => {
    standIn = await new ProviderStandIn('openai', null, { serviceMs: 100, slots: 4 }).start();
    const elapsed = await describeAll(8, await photos(8));
    expect(standIn.maxHeld).toBe(8);
    expect(standIn.maxServing).toBe(4);
    // Two rounds of the 4 slots: never faster than that.
    expect(elapsed).toBeGreaterThanOrEqual(2 * 100);
  });
});

import fc from 'fast-check';
import { mkdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiEnvelope,
  callNames,
  calls,
  type CallName,
  type WriteQueueStatus,
} from '../../../contract/api.js';
import { openCore, type Core } from '../app-core.js';
import { Library } from '../library/library.js';
import { anyString, shapedLike } from '../testing/contract-arbitraries.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { withinBound } from '../testing/within-bound.js';
import { dispatch } from './dispatch.js';

/** No call may take longer than this, whatever it is given (the slowest here is a scan of a few photos). */
const CALL_BOUND_MS = 10_000;
/** Inputs per call and kind: ~40 calls × 3 kinds, most answered in well under a millisecond. */
const RUNS = { anything: 150, json: 100, shaped: 400, bursts: 60 };

let core: Core;
let dataDir: string;
let sandbox: string;
let cwdBefore: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  dataDir = tempDir('api-fuzz-data');
  // Relative paths (and "..", "../..") resolve inside the sandbox: the working directory is three below it.
  sandbox = tempDir('api-fuzz-sandbox');
  const cwd = join(sandbox, 'one', 'two', 'three');
  mkdirSync(cwd, { recursive: true });
  const photos = join(sandbox, 'photos');
  mkdirSync(join(photos, 'sub'), { recursive: true });
  await writeImage(join(photos, 'a.jpg'), { color: '#c01010' });
  await writeImage(join(photos, 'b.png'), { color: '#10c010', format: 'png' });
  await writeImage(join(photos, 'sub', 'c.webp'), { color: '#1010c0', format: 'webp' });
  cwdBefore = process.cwd();
  process.chdir(cwd);
  process.on('unhandledRejection', onUnhandled);
  // Downloads go to a port nothing listens on: they fail at once, offline.
  core = openCore({ dataDir, modelHost: 'http://127.0.0.1:9' });
  core.library.settings.write({ captionOnAdd: false });
  const added = await dispatch(core.handlers, 'folders.add', { path: photos });
  expect(added).toMatchObject({ ok: true, value: { added: 3 } });
  // Photos in every state the handlers distinguish: described, approved, pending.
  await dispatch(core.handlers, 'descriptions.save', { imageId: 1, text: 'A red square.' });
  await dispatch(core.handlers, 'descriptions.save', { imageId: 2, text: 'A green square.' });
  await dispatch(core.handlers, 'descriptions.approve', { imageId: 2 });
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.chdir(cwdBefore);
  await core.close();
});

/**
 * A real folder outside the sandbox is a real scan (of the whole disk, for "/"), not a bad input: the fuzz
 * never adds one. System folders are refused by `folders.add` itself (issue 11, browser-mode hardening).
 */
function scansOutsideSandbox(method: CallName, params: unknown): boolean {
  if (method !== 'folders.add' || typeof params !== 'object' || params === null) return false;
  const path = (params as { path?: unknown }).path;
  if (typeof path !== 'string' || path.length === 0 || path.length > 4096 || path.includes('\u0000'))
    return false;
  if (!relative(sandbox, resolve(path)).startsWith('..')) return false;
  try {
    return statSync(resolve(path), { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false; // a name too long, say: folders.add refuses it
  }
}

/** The call's envelope, or a failure naming the call when it takes longer than the bound. */
function dispatchWithinBound(method: string, params: unknown): Promise<ApiEnvelope> {
  return withinBound(dispatch(core.handlers, method, params), CALL_BOUND_MS, method);
}

/** What every answer to any input must be: an envelope; a failure a person's to fix, with a reason. */
function expectWellFormed(method: CallName, envelope: ApiEnvelope): void {
  expect(ApiEnvelope.safeParse(envelope).success).toBe(true);
  if (envelope.ok) {
    // Whatever got past the contract's validation is answered with a result the contract allows.
    const result = calls[method].result.safeParse(envelope.value);
    expect(result.success, `${method} answered ${JSON.stringify(envelope.value)?.slice(0, 300)}`).toBe(true);
  } else {
    expect(['bad_request', 'not_found'], `${method}: ${envelope.error.message}`).toContain(
      envelope.error.code,
    );
    expect(envelope.error.message.trim().length).toBeGreaterThan(0);
  }
}

async function checkCall(method: CallName, params: unknown): Promise<void> {
  if (scansOutsideSandbox(method, params)) return;
  expectWellFormed(method, await dispatchWithinBound(method, params));
  expect(unhandled).toEqual([]);
}

/** The library still answers: its folders and first page, through the same dispatcher. */
async function expectLibraryAnswers(): Promise<void> {
  const folders = await dispatchWithinBound('folders.list', {});
  const page = await dispatchWithinBound('images.list', { limit: 500 });
  expect(folders.ok && page.ok).toBe(true);
  if (page.ok) expect((page.value as { total: number }).total).toBeGreaterThanOrEqual(3);
}

/** Resumes the writes (the fuzz may have paused them) and resolves once none is queued or under way. */
async function writesSettled(): Promise<void> {
  const idle = (status: WriteQueueStatus) =>
    status.current === null && status.counts.queued === 0 && status.counts.running === 0;
  const settled = new Promise<void>((resolve) => {
    const unsubscribe = core.library.events.subscribe((event) => {
      if (event.type === 'writes.status' && idle(event)) {
        unsubscribe();
        resolve();
      }
    });
  });
  if (!idle(core.writes.resume())) await settled;
}

describe('the API contract under hostile input (real core, real SQLite, exiftool and sharp)', () => {
  it.each(callNames)(
    '%s: any value at all is refused with a reason or answered per the contract',
    async (method) => {
      await fc.assert(
        fc.asyncProperty(fc.anything(), (params) => checkCall(method, params)),
        { numRuns: RUNS.anything },
      );
      await fc.assert(
        fc.asyncProperty(fc.jsonValue(), (params) => checkCall(method, params)),
        { numRuns: RUNS.json },
      );
      await expectLibraryAnswers();
    },
  );

  it.each(callNames)('%s: parameters shaped like its schema, with hostile values inside', async (method) => {
    await fc.assert(
      fc.asyncProperty(shapedLike(calls[method].params), (params) => checkCall(method, params)),
      { numRuns: RUNS.shaped },
    );
    await expectLibraryAnswers();
  });

  it('answers bursts of calls made at once, each per the contract', async () => {
    const call = fc
      .constantFrom(...callNames)
      .chain((method) => shapedLike(calls[method].params).map((params) => ({ method, params })));
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 2, maxLength: 25 }), async (burst) => {
        const answers = await Promise.all(
          burst.map(async ({ method, params }) =>
            scansOutsideSandbox(method, params)
              ? null
              : { method, envelope: await dispatchWithinBound(method, params) },
          ),
        );
        for (const answer of answers) if (answer) expectWellFormed(answer.method, answer.envelope);
        expect(unhandled).toEqual([]);
      }),
      { numRuns: RUNS.bursts },
    );
    await expectLibraryAnswers();
  });

  it('refuses an empty model name in settings.update as a bad request (found by this fuzz: was internal)', async () => {
    const envelope = await dispatchWithinBound('settings.update', { model: '' });
    expect(envelope).toEqual({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/Name a model/) as unknown },
    });
    expect(await dispatchWithinBound('settings.get', {})).toMatchObject({
      ok: true,
      value: { model: expect.any(String) as unknown },
    });
  });

  it('answers an unknown call name with not_found, whatever the name', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyString.filter((name) => !(callNames as string[]).includes(name)),
        fc.anything(),
        async (name, params) => {
          const envelope = await dispatchWithinBound(name, params);
          expect(envelope).toMatchObject({ ok: false, error: { code: 'not_found' } });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('settles every write it queued, each failure with a reason, and leaves a library that opens again', async () => {
    await writesSettled();
    const failures = await dispatchWithinBound('images.failures', { job: 'write', limit: 500 });
    expect(failures.ok).toBe(true);
    if (failures.ok)
      for (const { reason } of (failures.value as { failures: { reason: string }[] }).failures)
        expect(reason.trim()).not.toBe('');
    await expectLibraryAnswers();
    const again = Library.open(dataDir);
    try {
      expect(again.listImages().total).toBeGreaterThanOrEqual(3);
      expect(again.folders().length).toBeGreaterThanOrEqual(1);
    } finally {
      again.close();
    }
  });
});

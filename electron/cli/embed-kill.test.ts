// `altlens embed` (the built CLI, real engine, tiny CLIP) killed with SIGKILL at several points of a run:
// the embeddings kept are whole, the engine process does not outlive the command, and the next run embeds
// exactly what is left.
import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_CLIP, writeTinyClip } from '../../models/test-model/tiny-clip.js';
import { DATABASE_FILE } from '../core/db/open.js';
import { tempDir, writeImage } from '../core/testing/sample-images.js';

const BIN = join(import.meta.dirname, '../../bin/altlens.js');
const PHOTOS = 120;
/** Photos embedded (and saved) a batch at a time: meaning-search.ts. */
const BATCH = 16;

let clipDir: string;
let dataDir: string;

function run(...args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

/** Starts `altlens embed`, kills it with SIGKILL once it says `done` photos are embedded; its child pids then. */
function embedUntil(done: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'embed', '--clip-model', clipDir, '--data-dir', dataDir]);
    let stderr = '';
    let children: number[] = [];
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = [...stderr.matchAll(/Embedded (\d+)\//g)].at(-1);
      if (children.length === 0 && match && Number(match[1]) >= done) {
        children = childPids(child.pid ?? 0);
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(children) : reject(new Error(`embed ended before ${done}: ${stderr}`)),
    );
  });
}

function childPids(pid: number): number[] {
  const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  return out.split('\n').flatMap((line) => (line.trim() ? [Number(line)] : []));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Resolves once every pid has exited (the engine exits when its parent's channel closes). */
async function exited(pids: readonly number[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (pids.some(alive)) {
    if (Date.now() > deadline) throw new Error(`still running: ${pids.filter(alive).join(', ')}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function storedEmbeddings(): { rows: number; whole: number; integrity: string } {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const { rows, whole } = db
      .prepare(
        `SELECT COUNT(*) AS rows, SUM(vector IS NOT NULL AND dims = ? AND length(vector) = dims * 4) AS whole
         FROM embeddings`,
      )
      .get(TINY_CLIP.dims) as { rows: number; whole: number | null };
    return { rows, whole: whole ?? 0, integrity: db.pragma('integrity_check', { simple: true }) as string };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  clipDir = join(tempDir('kill-clip'), 'tiny-clip');
  await writeTinyClip(clipDir);
  const photos = tempDir('kill-photos');
  for (let i = 0; i < PHOTOS; i += 1) {
    const colour = `#${((i * 2_654_435_761) % 0xffffff).toString(16).padStart(6, '0')}`;
    await writeImage(join(photos, `p${i}.jpg`), { color: colour, width: 24, height: 16 });
  }
  dataDir = tempDir('kill-data');
  expect((await run('add', photos, '--data-dir', dataDir)).code).toBe(0);
}, 60_000);

describe('altlens embed killed mid-run (SIGKILL, real engine, tiny CLIP)', () => {
  it('keeps only whole embeddings, leaves no engine behind, and the next run embeds the rest', async () => {
    let before = 0;
    for (const batches of [1, 1, 2]) {
      // The progress a run prints counts what that run embedded.
      const engines = await embedUntil(batches * BATCH);
      expect(engines.length).toBeGreaterThan(0);
      await exited(engines);
      const stored = storedEmbeddings();
      expect(stored.integrity).toBe('ok');
      expect(stored.whole).toBe(stored.rows);
      expect(stored.rows).toBeGreaterThanOrEqual(before + batches * BATCH);
      expect(stored.rows).toBeLessThan(PHOTOS);
      before = stored.rows;
    }
    const rest = await run('embed', '--clip-model', clipDir, '--data-dir', dataDir);
    expect(rest.code).toBe(0);
    expect(rest.stdout).toBe(
      `Embedded ${PHOTOS - before} of ${PHOTOS - before} photo(s); 0 could not be embedded.\n`,
    );
    expect(storedEmbeddings()).toEqual({ rows: PHOTOS, whole: PHOTOS, integrity: 'ok' });
  }, 120_000);
});

// `npm run bench:library`: a large library. Generates (once, cached under the OS temp folder) small JPEGs
// in folders of 100 — 100,000 by default, ALTLENS_BENCH_PHOTOS=10000 for a quicker try — and prints:
// discovery and first index beside `find DIR -type f | wc -l`, an unchanged rescan, a rescan after 100
// changes, watch latency through `altlens serve --watch` (where that exists), the server's RSS with the
// whole library, API page latency and search latency; the last line is one JSON object with every figure.
// Targets (2-core machine) are printed beside the figures, never asserted.
//
// The indexed library is kept (in the cache folder) for `npm run bench:library-ui`.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFile, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe, type ServeProcess } from '../e2e/altlens-server.js';
import { Library } from '../electron/core/library/library.js';
import { findImageFiles } from '../electron/core/library/walk.js';
import { ensureSmallPhotos, makeSmallPhoto } from '../electron/core/testing/small-photos.js';
import { benchDirs, benchPhotoCount, PER_FOLDER } from './library-photos.js';

const CHANGES = 100;
const WATCH_SAMPLES = 20;
const API_SAMPLES = 50;
const SEARCH_SAMPLES = 50;
const PAGE = 200;
const TARGETS = { rescanMs: 3000, watchP95Ms: 1000, rssMb: 400, searchP95Ms: 50, discoveryVsFind: 10 };

const log = (line: string) => console.log(line);
const progress = (line: string) => process.stderr.write(`${line}\r`);

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const verdict = (ok: boolean) => (ok ? 'meets the target' : 'MISSES the target');

async function main(): Promise<void> {
  const count = benchPhotoCount();
  const dirs = benchDirs(count);
  log(`Library benchmark: ${count} photos in ${count / PER_FOLDER} folders, ${dirs.photos}`);
  const made = await timed(() =>
    ensureSmallPhotos(dirs.photos, count, PER_FOLDER, (done) => {
      if (done % 1000 === 0) progress(`  photos ready: ${done}/${count}`);
    }),
  );
  const paths = made.value;
  log(`Photos ready in ${(made.ms / 1000).toFixed(1)} s (generated now or found in the cache).`);

  const find = await timed(async () =>
    Number(execFileSync('sh', ['-c', `find "${dirs.photos}" -type f | wc -l`], { encoding: 'utf8' }).trim()),
  );
  const discovery = await timed(() => findImageFiles(dirs.photos));
  log(`find | wc -l: ${find.value} files in ${round(find.ms)} ms`);
  log(
    `Discovery (AltLens walk): ${discovery.value.length} photos in ${round(discovery.ms)} ms, ` +
      `${(discovery.ms / find.ms).toFixed(2)}× find (target ≤ ${TARGETS.discoveryVsFind}×)`,
  );

  await rm(dirs.data, { recursive: true, force: true });
  const library = Library.open(dirs.data);
  library.settings.write({ captionOnAdd: false });
  let scanned = 0;
  const stopProgress = library.events.subscribe((event) => {
    if (event.type === 'scan.progress' && event.done - scanned >= 1000) {
      scanned = event.done;
      progress(`  indexed ${event.done}/${event.total}`);
    }
  });
  const first = await timed(() => library.addFolder(dirs.photos));
  log(
    `First index (discovery, hash, size, thumbnail, rows): ${first.value.added} added in ` +
      `${(first.ms / 1000).toFixed(1)} s, ${(first.ms / find.ms).toFixed(0)}× find`,
  );
  const unchanged = await timed(() => library.addFolder(dirs.photos));
  log(
    `Unchanged rescan: ${round(unchanged.ms)} ms (target ≤ ${TARGETS.rescanMs} ms: ` +
      `${verdict(unchanged.ms <= TARGETS.rescanMs)})`,
  );

  // 100 photos get new content (restored afterwards, so the cache stays as generated).
  const changed = Array.from({ length: CHANGES }, (_, i) => Math.floor((i * count) / CHANGES));
  for (const [i, index] of changed.entries()) {
    await writeFile(paths[index] as string, await makeSmallPhoto(count + i));
  }
  let afterChanges;
  try {
    afterChanges = await timed(() => library.addFolder(dirs.photos));
  } finally {
    for (const index of changed) await writeFile(paths[index] as string, await makeSmallPhoto(index));
  }
  log(
    `Rescan after ${CHANGES} changes: ${round(afterChanges.ms)} ms (${afterChanges.value.updated} updated)`,
  );
  // The restored photos are indexed again, so the kept library matches the cached files.
  await library.addFolder(dirs.photos);
  stopProgress();
  library.close();

  const watch = await watchLatency(dirs.data, dirs.photos);
  if (watch.note) log(`Watch latency: not measured — ${watch.note}`);
  else log(`Watch latency (copied in → in the API): p50 ${watch.p50} ms, p95 ${watch.p95} ms`);

  const server = await startServe(dirs.data);
  let figures;
  try {
    figures = await serverFigures(server, count);
  } finally {
    await server.stop();
  }
  log(
    `API page (images.list, ${PAGE} photos at a random offset): p50 ${figures.pageP50} ms, p95 ${figures.pageP95} ms`,
  );
  log(
    `Search (images.search): p50 ${figures.searchP50} ms, p95 ${figures.searchP95} ms ` +
      `(target p95 ≤ ${TARGETS.searchP95Ms} ms: ${verdict(figures.searchP95 <= TARGETS.searchP95Ms)})`,
  );
  log(
    `Server RSS with the whole library: ${figures.rssMb} MB ` +
      `(target ≤ ${TARGETS.rssMb} MB: ${verdict(figures.rssMb <= TARGETS.rssMb)})`,
  );

  console.log(
    JSON.stringify({
      photos: count,
      folders: count / PER_FOLDER,
      findMs: round(find.ms),
      discoveryMs: round(discovery.ms),
      discoveryVsFind: Number((discovery.ms / find.ms).toFixed(2)),
      firstIndexMs: round(first.ms),
      firstIndexVsFind: Number((first.ms / find.ms).toFixed(1)),
      unchangedRescanMs: round(unchanged.ms),
      rescanAfterChangesMs: round(afterChanges.ms),
      watchP50Ms: watch.p50,
      watchP95Ms: watch.p95,
      watchNote: watch.note,
      serverRssMb: figures.rssMb,
      pageP50Ms: figures.pageP50,
      pageP95Ms: figures.pageP95,
      searchP50Ms: figures.searchP50,
      searchP95Ms: figures.searchP95,
      targets: TARGETS,
    }),
  );
}

/** Page and search latencies through the HTTP API, then the server's resident memory. */
async function serverFigures(server: ServeProcess, count: number) {
  const time = async (work: () => Promise<unknown>) => (await timed(work)).ms;
  // The first calls warm the statements and the page cache; they are not counted.
  await server.call('images.list', { offset: count - PAGE, limit: PAGE });
  await server.call('images.search', { query: 'photo' });
  const pages: number[] = [];
  for (let i = 0; i < API_SAMPLES; i += 1) {
    const offset = Math.floor(Math.random() * (count - PAGE));
    pages.push(await time(() => server.call('images.list', { offset, limit: PAGE })));
  }
  // A mix of what people type: one photo's number, a folder's, a common word, a word and a number.
  const queries = (i: number) => {
    const index = Math.floor(Math.random() * count);
    const folder = String(Math.floor(index / PER_FOLDER)).padStart(4, '0');
    return [String(index).padStart(6, '0'), `folder ${folder}`, 'photo', `photo ${folder}`][i % 4] as string;
  };
  const searches: number[] = [];
  for (let i = 0; i < SEARCH_SAMPLES; i += 1) {
    const query = queries(i);
    searches.push(await time(() => server.call('images.search', { query, limit: PAGE })));
  }
  const status = await readFile(`/proc/${server.child.pid}/status`, 'utf8').catch(() => '');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return {
    pageP50: round(percentile(pages, 50)),
    pageP95: round(percentile(pages, 95)),
    searchP50: round(percentile(searches, 50)),
    searchP95: round(percentile(searches, 95)),
    rssMb: Math.round(rssKb / 1024),
  };
}

/**
 * From a photo copied into a watched folder to the photo found through the API, WATCH_SAMPLES times.
 * Needs `altlens serve --watch DIR`; without it the figures are null and the note says why.
 */
async function watchLatency(
  dataDir: string,
  photos: string,
): Promise<{ p50: number | null; p95: number | null; note: string | null }> {
  const help = spawnSync(process.execPath, ['bin/altlens.js', 'serve', '--help'], { encoding: 'utf8' });
  if (!help.stdout.includes('--watch')) {
    return { p50: null, p95: null, note: 'this build has no `altlens serve --watch` yet.' };
  }
  const server = await startServe(dataDir, ['--watch', photos]);
  const samples: number[] = [];
  const copies: string[] = [];
  try {
    const source = join(tmpdir(), `altlens-bench-watchprobe-${process.pid}.jpg`);
    for (let i = 0; i < WATCH_SAMPLES; i += 1) {
      await writeFile(source, await makeSmallPhoto(1_000_000 + i)); // a photo the library has never seen
      const target = join(photos, 'folder-0000', `watchprobe${i}.jpg`);
      copies.push(target);
      const started = performance.now();
      await copyFile(source, target);
      for (;;) {
        const found = await server.call('images.search', { query: `watchprobe${i}`, limit: 1 });
        if (found.total > 0) break;
        if (performance.now() - started > 30_000) throw new Error(`watchprobe${i}.jpg never appeared`);
      }
      samples.push(performance.now() - started);
    }
  } finally {
    await server.stop();
    for (const copy of copies) await unlink(copy).catch(() => undefined);
  }
  // The probes are gone again: the kept library forgets them too (else the next run would find them at once).
  const library = Library.open(dataDir);
  const { folderId } = await library.addFolder(photos);
  library.removeMissing({ folderId });
  library.close();
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), note: null };
}

await main();

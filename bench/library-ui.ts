// `npm run bench:library-ui`: the browser on the large library that `npm run bench:library` indexed (same
// ALTLENS_BENCH_PHOTOS). Opens browser mode in Chromium and prints the time to the first thumbnails, then
// presses End in the grid and prints the time until the last photo's name is shown, and how many grid rows
// and DOM elements the page holds there; the last line is one JSON object with the figures.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { chromium } from 'playwright';
import config from '../playwright.config.js';
import { startServe } from '../e2e/altlens-server.js';
import { smallPhotoPath } from '../electron/core/testing/small-photos.js';
import { benchDirs, benchPhotoCount, PER_FOLDER } from './library-photos.js';

/** How long the last photo may take to be shown before the benchmark gives up. */
const SCROLL_DEADLINE_MS = 5 * 60_000;

async function main(): Promise<void> {
  const count = benchPhotoCount();
  const { data } = benchDirs(count);
  if (!existsSync(data)) throw new Error(`No library at ${data}: run npm run bench:library first.`);
  const lastName = basename(smallPhotoPath('', count - 1, PER_FOLDER));
  const server = await startServe(data);
  const browser = await chromium.launch(config.use?.launchOptions);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const started = performance.now();
    await page.goto(server.url);
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll<HTMLImageElement>('[role="grid"] img')).some(
          (img) => img.complete && img.naturalWidth > 0,
        ),
      undefined,
      { polling: 'raf', timeout: 120_000 },
    );
    const firstThumbnailsMs = performance.now() - started;
    console.log(`${count} photos: first thumbnails after ${Math.round(firstThumbnailsMs)} ms`);

    // What a person does to get to the end: focus the grid's first photo and press End.
    const grid = page.getByRole('grid', { name: 'Photos' });
    await grid.getByRole('row').first().focus();
    const scrollStarted = performance.now();
    await page.keyboard.press('End');
    await page.waitForFunction(
      (name) =>
        Array.from(document.querySelectorAll('[role="grid"][aria-label="Photos"] [role="row"]')).some((row) =>
          row.textContent?.includes(name),
        ),
      lastName,
      { polling: 'raf', timeout: SCROLL_DEADLINE_MS },
    );
    const scrollMs = performance.now() - scrollStarted;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heapMb = Math.round((metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20);
    const nodes = await page.evaluate(() => ({
      rows: document.querySelectorAll('[role="grid"] [role="row"]').length,
      elements: document.querySelectorAll('*').length,
    }));
    console.log(
      `End showed the last photo (${lastName}) in ${(scrollMs / 1000).toFixed(1)} s: ` +
        `${nodes.rows} grid rows, ${nodes.elements} DOM elements in the page, ${heapMb} MB of JS heap`,
    );
    console.log(
      JSON.stringify({
        photos: count,
        firstThumbnailsMs: Math.round(firstThumbnailsMs),
        scrollToEndMs: Math.round(scrollMs),
        gridRowsAtEnd: nodes.rows,
        domElementsAtEnd: nodes.elements,
        jsHeapMbAtEnd: heapMb,
      }),
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();

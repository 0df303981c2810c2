import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** The window's size and place, kept in the data dir between runs. */
export const WindowState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(320).max(100_000),
  height: z.number().int().min(240).max(100_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1280, height: 820 };

/** The stored state, or null when there is none or it cannot be read (a bad file is ignored, not fatal). */
export function readWindowState(dataDir: string): WindowState | null {
  try {
    const parsed = WindowState.safeParse(JSON.parse(readFileSync(join(dataDir, WINDOW_STATE_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeWindowState(dataDir: string, state: WindowState): void {
  writeFileSync(join(dataDir, WINDOW_STATE_FILE), `${JSON.stringify(WindowState.parse(state))}\n`);
}

function overlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/**
 * Where to open the window: the stored bounds moved and shrunk to fit the display they overlap most (a display
 * may have been unplugged), or null (let the system place it) when they overlap none.
 */
export function visibleBounds(state: WindowState, workAreas: readonly Rectangle[]): Rectangle | null {
  let best: Rectangle | undefined;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const shared = overlap(state, area);
    if (shared > bestOverlap) {
      best = area;
      bestOverlap = shared;
    }
  }
  if (!best) return null;
  const width = Math.min(state.width, best.width);
  const height = Math.min(state.height, best.height);
  const x = Math.min(Math.max(state.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(state.y, best.y), best.y + best.height - height);
  return { x, y, width, height };
}

/** As much of a BrowserWindow as remembering its state needs. */
export interface RememberedWindow {
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  on(event: 'close', listener: () => void): unknown;
}

/** Saves the window's size, place and maximised state when it closes (a failure to save is only logged). */
export function rememberWindowState(window: RememberedWindow, dataDir: string): void {
  window.on('close', () => {
    const { x, y, width, height } = window.getNormalBounds();
    try {
      writeWindowState(dataDir, {
        x: Math.round(x),
        y: Math.round(y),
        width: Math.round(width),
        height: Math.round(height),
        maximized: window.isMaximized(),
      });
    } catch (error) {
      console.error('AltLens: could not save the window size and place:', error);
    }
  });
}

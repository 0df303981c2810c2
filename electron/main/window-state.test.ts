import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../core/testing/sample-images.js';
import {
  readWindowState,
  rememberWindowState,
  visibleBounds,
  WINDOW_STATE_FILE,
  writeWindowState,
} from './window-state.js';

const screen = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('window state', () => {
  it('is kept in the data dir, and a bad or missing file counts as none', () => {
    const dir = tempDir('window-state');
    expect(readWindowState(dir)).toBeNull();
    const state = { x: 10, y: 20, width: 1000, height: 700, maximized: false };
    writeWindowState(dir, state);
    expect(readWindowState(dir)).toEqual(state);
    expect(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual(state);
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{"x": "left"}');
    expect(readWindowState(dir)).toBeNull();
    writeFileSync(join(dir, WINDOW_STATE_FILE), 'not json');
    expect(readWindowState(dir)).toBeNull();
  });

  it('keeps bounds that fit, and moves and shrinks them onto the display they overlap most', () => {
    expect(visibleBounds({ x: 100, y: 50, width: 1200, height: 800, maximized: false }, [screen])).toEqual({
      x: 100,
      y: 50,
      width: 1200,
      height: 800,
    });
    // Half off the right edge of the second display, and taller than it.
    expect(
      visibleBounds({ x: 2800, y: -50, width: 900, height: 1200, maximized: false }, [screen, right]),
    ).toEqual({ x: 2300, y: 0, width: 900, height: 1000 });
  });

  it('lets the system place a window whose display is gone', () => {
    expect(visibleBounds({ x: 5000, y: 0, width: 800, height: 600, maximized: false }, [screen])).toBeNull();
  });
});

describe('rememberWindowState (fake BrowserWindow)', () => {
  it('saves the normal bounds and whether it was maximised when the window closes', () => {
    const dir = tempDir('window-close');
    const listeners: (() => void)[] = [];
    const window = {
      getNormalBounds: () => ({ x: 40.4, y: 30, width: 1100, height: 760.6 }),
      isMaximized: () => true,
      on: (_event: 'close', listener: () => void) => listeners.push(listener),
    };
    rememberWindowState(window, dir);
    expect(readWindowState(dir)).toBeNull();
    for (const listener of listeners) listener();
    expect(readWindowState(dir)).toEqual({ x: 40, y: 30, width: 1100, height: 761, maximized: true });
  });
});

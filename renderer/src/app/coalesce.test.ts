import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce';

describe('coalesce', () => {
  it('runs once for a burst, then once more for what came during the run', async () => {
    const releases: (() => void)[] = [];
    let runs = 0;
    const reload = coalesce(async () => {
      runs += 1;
      await new Promise<void>((resolve) => releases.push(resolve));
    });
    reload();
    reload();
    reload();
    expect(runs).toBe(1);
    releases.shift()?.();
    await Promise.resolve();
    await Promise.resolve();
    expect(runs).toBe(2);
    releases.shift()?.();
    await Promise.resolve();
    await Promise.resolve();
    expect(runs).toBe(2);
    reload();
    expect(runs).toBe(3);
  });
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isRunning, processIdentity } from './process-identity.js';

describe('process identity', () => {
  it('tells a running process from one that ended, and from a later one with the same pid', async () => {
    const me = processIdentity();
    expect(isRunning(me)).toBe(true);
    if (process.platform === 'linux') {
      expect(me.start).toMatch(/^\d+$/);
      expect(isRunning({ pid: me.pid, start: `${me.start ?? ''}1` })).toBe(false);
    }
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const identity = processIdentity(child.pid);
    expect(isRunning(identity)).toBe(true);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(isRunning(identity)).toBe(false);
    expect(isRunning(identity.pid)).toBe(false);
  });
});

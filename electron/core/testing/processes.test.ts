import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isRunning } from '../process-identity.js';
import { processesLeftBehind, startScript, stillRunningAfter } from './processes.js';
import { tempDir } from './sample-images.js';

const IDLE = 'setInterval(() => {}, 1000)';

// Each looks at a process group of its own, never at this test run's (whose other workers it would end).
describe.runIf(process.platform === 'linux')('processes a test run left behind (Linux, /proc)', () => {
  it('finds a process started with the run’s TMPDIR that still runs, and ends it', async () => {
    const root = tempDir('run-root');
    const child = spawn(process.execPath, ['-e', IDLE], {
      stdio: 'ignore',
      env: { ...process.env, TMPDIR: root },
      detached: true,
    });
    await once(child, 'spawn');
    const exited = once(child, 'exit');
    const options = { graceMs: 100, groupOf: child.pid };
    expect(await processesLeftBehind(root, options)).toEqual([`${child.pid} ${process.execPath} -e ${IDLE}`]);
    await exited;
    expect(isRunning(child.pid ?? 0)).toBe(false);
    expect(await processesLeftBehind(root, options)).toEqual([]);
  });

  it('finds one started with an environment of its own whose parent died (kill -9), by its process group', async () => {
    // A parent that starts a child with an empty environment (as exiftool-vendored starts exiftool), then dies.
    const parent = startScript(
      `
      import { spawn } from 'node:child_process';
      const child = spawn(process.execPath, ['-e', ${JSON.stringify(IDLE)}], { stdio: 'ignore', env: {} });
      child.on('spawn', () => console.log('child ' + child.pid));
      setInterval(() => {}, 1000);
    `,
      { detached: true },
    );
    const [, pid] = await parent.line(/^child (\d+)$/);
    await parent.kill9();
    expect(isRunning(Number(pid))).toBe(true);
    const left = await processesLeftBehind(tempDir('run-root'), { graceMs: 100, groupOf: Number(pid) });
    expect(left).toEqual([`${pid} ${process.execPath} -e ${IDLE}`]);
    expect(await stillRunningAfter([Number(pid)], 5000)).toEqual([]);
  });
});

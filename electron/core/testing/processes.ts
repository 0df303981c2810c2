// Test helpers (no test framework here): real processes to kill, and a check that none they started is left.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { isRunning, type ProcessIdentity } from '../process-identity.js';

export interface ScriptProcess {
  readonly child: ChildProcess;
  /** Resolves with the first line of stdout (from now on, or already read) that matches; rejects if it ends. */
  line(pattern: RegExp): Promise<RegExpExecArray>;
  /** Kills it with SIGKILL (kill -9) and resolves once it is gone. */
  kill9(): Promise<void>;
}

/** Runs a command as a real process, its stdout read line by line. */
export function startProcess(command: string, args: readonly string[]): ScriptProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  const waiting = new Set<() => void>();
  let ended = false;
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    lines.push(line);
    for (const wake of waiting) wake();
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      ended = true;
      for (const wake of waiting) wake();
      resolve();
    }),
  );
  return {
    child,
    line: (pattern) =>
      new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < lines.length; seen++) {
            const match = pattern.exec(lines[seen] ?? '');
            if (match) {
              waiting.delete(check);
              resolve(match);
              return;
            }
          }
          if (ended) {
            waiting.delete(check);
            reject(new Error(`${command} ended before printing ${String(pattern)}: ${stderr}`));
          }
        };
        waiting.add(check);
        check();
      }),
    kill9: async () => {
      if (!ended) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs `code` (an ES module; its imports may be TypeScript files, through tsx) in a real Node process. */
export function startScript(code: string): ScriptProcess {
  return startProcess(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code]);
}

/** A module's URL for a script's `import` (`new URL('./x.ts', import.meta.url)` in the test). */
export const importable = (url: URL): string => JSON.stringify(url.href);

/**
 * Waits until none of these processes runs any more (polling, at most `timeoutMs`); resolves with those that
 * still ran then (empty: all gone), after killing them, so that a failing test leaves nothing behind either.
 */
export async function stillRunningAfter(
  processes: readonly (ProcessIdentity | number)[],
  timeoutMs = 10_000,
): Promise<(ProcessIdentity | number)[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const running = processes.filter((target) => isRunning(target));
    if (running.length === 0) return running;
    if (Date.now() >= deadline) {
      for (const target of running) process.kill(typeof target === 'number' ? target : target.pid, 'SIGKILL');
      return running;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

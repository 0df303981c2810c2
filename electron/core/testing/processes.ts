// Test helpers (no test framework here): real processes to kill, and a check that none they started is left.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { isRunning, processIdentity, type ProcessIdentity } from '../process-identity.js';

export interface ScriptProcess {
  readonly child: ChildProcess;
  /**
   * Resolves with the first line of its output (stdout or stderr, already read or to come) that matches (and
   * that `accept` takes); rejects if it ends first.
   */
  line(pattern: RegExp, accept?: (match: RegExpExecArray) => boolean): Promise<RegExpExecArray>;
  /** Kills it with SIGKILL (kill -9) and resolves once it is gone. */
  kill9(): Promise<void>;
}

/** Runs a command as a real process, its stdout and stderr read line by line. */
export function startProcess(command: string, args: readonly string[]): ScriptProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  const waiting = new Set<() => void>();
  let ended = false;
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for (const output of [child.stdout, child.stderr])
    createInterface({ input: output as NodeJS.ReadableStream }).on('line', (line) => {
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
    line: (pattern, accept = () => true) =>
      new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < lines.length; seen++) {
            const match = pattern.exec(lines[seen] ?? '');
            if (match && accept(match)) {
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

/** The processes whose parent is `pid` (Linux, from /proc; elsewhere none can be listed, and none are). */
export function childrenOf(pid: number): ProcessIdentity[] {
  if (process.platform !== 'linux') return [];
  const children: ProcessIdentity[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(processIdentity(Number(entry)));
    } catch {
      // It ended while the list was read.
    }
  }
  return children;
}

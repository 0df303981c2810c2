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

/**
 * Runs a command as a real process, its stdout and stderr read line by line; `detached`: in a process group
 * of its own (which the processes it starts share).
 */
export function startProcess(
  command: string,
  args: readonly string[],
  options: { detached?: boolean } = {},
): ScriptProcess {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
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
export function startScript(code: string, options: { detached?: boolean } = {}): ScriptProcess {
  return startProcess(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], options);
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
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && statOf(Number(entry))?.ppid === pid)
    .map((entry) => processIdentity(Number(entry)));
}

/** Of /proc/PID/stat (Linux): the parent, the process group, and the start time (clock ticks since boot). */
function statOf(pid: number): { ppid: number; pgrp: number; start: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), pgrp: Number(fields[2]), start: Number(fields[19]) };
  } catch {
    return null;
  }
}

/**
 * The processes of a test run still running at its end — those the TMPDIR the run gave everything it started
 * names (temp-root-setup.ts), and those of this process's group started since it was (exiftool-vendored
 * starts exiftool with an environment of its own; a process whose parent died keeps its group) — this process
 * and those above it aside. Waited for up to `graceMs`, then killed: resolves with what each was (`pid
 * command line`), empty when none was left. Linux (/proc) only.
 */
export async function processesLeftBehind(
  tmpRoot: string,
  options: { graceMs?: number; groupOf?: number } = {},
): Promise<string[]> {
  if (process.platform !== 'linux') return [];
  // The group, and since when: this process's (or, for a test, that of the process `groupOf`).
  const self = statOf(options.groupOf ?? process.pid);
  const ancestors = new Set<number>();
  for (let pid = process.pid; pid > 0 && !ancestors.has(pid); pid = statOf(pid)?.ppid ?? 0)
    ancestors.add(pid);
  const marker = `TMPDIR=${tmpRoot}`;
  const found = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!/^\d+$/.test(entry) || ancestors.has(pid)) continue;
    try {
      const stat = statOf(pid);
      const inGroup = self !== null && stat?.pgrp === self.pgrp && stat.start >= self.start;
      if (!inGroup && !readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(marker)) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.set(pid, `${pid} ${command.length > 200 ? `${command.slice(0, 200)}…` : command}`);
    } catch {
      // Not ours to read, or it ended meanwhile.
    }
  }
  const left = await stillRunningAfter(
    [...found.keys()].map((pid) => processIdentity(pid)),
    options.graceMs ?? 10_000,
  );
  return left.map((target) => found.get(typeof target === 'number' ? target : target.pid) ?? '');
}

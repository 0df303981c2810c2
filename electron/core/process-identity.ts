import { readFileSync } from 'node:fs';

/**
 * A process, told apart from a later one that got the same pid: on Linux by its start time (clock ticks since
 * boot, from /proc); elsewhere `start` is null and the pid alone is known.
 */
export interface ProcessIdentity {
  readonly pid: number;
  readonly start: string | null;
}

/** What /proc says of a process (Linux): its state letter and start time; null when it has no entry. */
function procStat(pid: number): { state: string; start: string } | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid …`: the name may hold spaces and parentheses, so fields count from the last `)`.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const start = fields[19];
    return state && start ? { state, start } : null;
  } catch {
    return null;
  }
}

export function processIdentity(pid: number = process.pid): ProcessIdentity {
  return { pid, start: procStat(pid)?.start ?? null };
}

/**
 * Whether the process still runs: a pid that exists (a zombie, dead but not yet reaped, does not count), and
 * on Linux with the same start time as when its identity was taken.
 */
export function isRunning(target: ProcessIdentity | number): boolean {
  const identity = typeof target === 'number' ? { pid: target, start: null } : target;
  try {
    process.kill(identity.pid, 0);
  } catch (error) {
    // EPERM: it exists, and belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform !== 'linux') return true;
  const stat = procStat(identity.pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return false;
  return identity.start === null || identity.start === stat.start;
}

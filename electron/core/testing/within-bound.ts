// Test helper: a hang is a failure that names what hung, not a test timeout that names nothing.

/** `work`'s outcome, or a rejection saying `what` took longer than `boundMs` (the timer is always cleared). */
export function withinBound<T>(work: Promise<T>, boundMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${boundMs} ms`)), boundMs);
  });
  return Promise.race([work, bound]).finally(() => clearTimeout(timer));
}

const BAR_WIDTH = 30;

/**
 * One progress report for stderr: on a terminal a bar that redraws itself in place; elsewhere (a log, a
 * pipe) a plain line (`Captioned 3/10`, or with `verb`, `Written 3/10`), so that logs stay readable.
 */
export function progressLine(done: number, total: number, terminal: boolean, verb = 'Captioned'): string {
  if (!terminal) return `${verb} ${done}/${total}\n`;
  const filled = Math.round((done / total) * BAR_WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
  return `\r[${bar}] ${done}/${total}${done === total ? '\n' : ''}`;
}

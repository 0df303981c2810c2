/** Thrown by the command line's `out` once nobody reads stdout any more: the command ends quietly. */
export class OutputClosed extends Error {
  constructor() {
    super('The output was closed by whoever read it.');
  }
}

/**
 * Watches stdout or stderr for its reader going away (EPIPE: `altlens list | head -1`): from then on the
 * stream counts as closed and its errors are never thrown as a stack trace. Any other error writing it
 * (a full disk, say) is handed to `onFailure` once.
 */
export function watchOutput(
  stream: NodeJS.WriteStream,
  onFailure: (error: Error) => void = () => undefined,
): { closed(): boolean } {
  let failed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!failed && error.code !== 'EPIPE') onFailure(error);
    failed = true;
  });
  return { closed: () => failed || stream.destroyed };
}

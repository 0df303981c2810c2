/**
 * Wraps an async reload so that a burst of calls becomes at most one run in flight and one queued after it
 * (a library change event per scanned file must not become a call per file).
 */
export function coalesce(run: () => Promise<void>): () => void {
  let inFlight = false;
  let again = false;
  return () => {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    void (async () => {
      do {
        again = false;
        await run();
      } while (again);
      inFlight = false;
    })();
  };
}

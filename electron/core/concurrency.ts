/**
 * Runs `work` on every item, at most `limit` at a time; `shouldStop` ends it between items. If `work`
 * throws, no item is started after it, and the first error is thrown once the items in hand are done.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed && !shouldStop()) {
      const item = items[next] as T;
      next += 1;
      await work(item).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  const workers = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const failure = workers.find((worker) => worker.status === 'rejected');
  if (failure) throw failure.reason;
}

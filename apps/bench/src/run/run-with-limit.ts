/**
 * Runs `worker` over `items` with at most `limit` in flight, and returns the results in input order. Stops
 * starting new items once `signal` aborts (items already running finish).
 */
export async function runWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length && !signal?.aborted) {
      const index = next++;
      results[index] = await worker(items[index]!, index);
    }
  }
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, () => lane());
  await Promise.all(lanes);
  return signal?.aborted ? results.filter((result) => result !== undefined) : results;
}

/**
 * Runs `work` on every item, at most `limit` at once, starting them in the order of the items; the
 * results keep that order. After a failure no new item starts; the ones running end, then the error of
 * the earliest failed item (in the items' order, whichever failed first in time) is thrown.
 * @example const texts = await mapPool(files, 4, (file) => readFile(file, 'utf8'));
 */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  // The earliest failed item's index (-1: none yet) and its error.
  let failed = -1;
  let failure: unknown;
  const lane = async () => {
    while (failed === -1 && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        if (failed === -1 || index < failed) {
          failed = index;
          failure = error;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failed !== -1) throw failure;
  return results;
}

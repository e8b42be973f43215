import type { PostResult } from './notify.js';

/**
 * Runs `send` over `items`, `concurrency` at a time, all of them within `deadlineMs` for the whole run:
 * when it passes, requests in flight are aborted and the rest are not started, each reported as failed
 * with the deadline as its error. `done` sees every outcome as it happens (to record it at once).
 */
export async function deliverAll<T>(
  items: readonly T[],
  send: (item: T, deadline: AbortSignal) => Promise<PostResult>,
  opts: { deadlineMs: number; concurrency: number },
  done: (item: T, outcome: PostResult) => void,
): Promise<void> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new Error(`run deadline of ${opts.deadlineMs} ms reached`)), opts.deadlineMs);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      const outcome: PostResult = ctl.signal.aborted
        ? { ok: false, attempts: 0, error: String((ctl.signal.reason as Error).message) }
        : await send(item, ctl.signal).catch((e: Error) => ({ ok: false as const, attempts: 1, error: e.message }));
      done(item, outcome);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, items.length) }, worker));
  } finally {
    clearTimeout(timer);
  }
}

/** A reading thread: parses and converts the byte ranges the main thread sends, in the order sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { PieceReader, sinkModule, type PieceSetup, type PieceTask } from './piece.js';

// The sink's module loads while the main thread reads the file's first rows (a failure shows at the first piece).
const preload = (workerData as { sink?: string } | undefined)?.sink;
if (preload) sinkModule(preload).catch(() => {});

let reader: PieceReader | null = null;
let queue: Promise<void> = Promise.resolve();

parentPort!.on('message', (msg: { setup: PieceSetup } | { task: PieceTask }) => {
  if ('setup' in msg) {
    reader = new PieceReader(msg.setup);
    return;
  }
  queue = queue.then(async () => {
    try {
      const { result, transfer } = await reader!.read(msg.task);
      parentPort!.postMessage({ ok: true, result }, transfer);
    } catch (e) {
      // The main thread reads this piece again itself, where the error is reported as usual.
      parentPort!.postMessage({ ok: false, index: msg.task.index, error: String((e as Error)?.message ?? e) });
    }
  });
});

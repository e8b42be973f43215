/** A reading thread: parses and converts the byte ranges the main thread sends, in the order sent. */
import { parentPort } from 'node:worker_threads';
import { PieceReader, type PieceSetup, type PieceTask } from './piece.js';

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

import { open } from 'node:fs/promises';

const LF = 0x0a;
const QUOTE = 0x22;
const WINDOW = 1 << 16;

const quotesIn = (buf: Buffer, from: number, to: number) => {
  let n = 0;
  for (let q = buf.indexOf(QUOTE, from); q >= 0 && q < to; q = buf.indexOf(QUOTE, q + 1)) n++;
  return n;
};

/**
 * Offsets that split a CSV file into pieces of about `pieceBytes`, each just after a line feed whose
 * lines on both sides hold balanced quotes, so a quoted field with line breaks is unlikely to span it.
 * Unlikely is not never: the reader of the piece before a cut checks that it ends on a record boundary
 * and, when it does not, the rest of the file is read in order from the last whole record.
 */
export async function cutPoints(path: string, from: number, size: number, pieceBytes: number, first: number): Promise<number[]> {
  const out: number[] = [];
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(WINDOW);
    for (let nominal = from + first; nominal < size - pieceBytes / 4; nominal = Math.max(nominal + pieceBytes, (out.at(-1) ?? 0) + 1)) {
      const { bytesRead } = await fh.read(buf, 0, WINDOW, nominal);
      const cut = chooseCut(buf.subarray(0, bytesRead));
      if (cut !== null && nominal + cut < size) out.push(nominal + cut);
      else if (cut === null && bytesRead < WINDOW) break;
    }
  } finally {
    await fh.close();
  }
  out.push(size);
  return out;
}

/** Just after an LF of `buf` with quote-balanced lines either side; else after the first LF; null without one. */
function chooseCut(buf: Buffer): number | null {
  const first = buf.indexOf(LF);
  if (first < 0) return null;
  let prev = first;
  for (let tries = 0; tries < 64; tries++) {
    const next = buf.indexOf(LF, prev + 1);
    if (next < 0) break;
    const after = buf.indexOf(LF, next + 1);
    if (after < 0) break;
    if (quotesIn(buf, prev + 1, next) % 2 === 0 && quotesIn(buf, next + 1, after) % 2 === 0) return next + 1;
    prev = next;
  }
  return first + 1;
}

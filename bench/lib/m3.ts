import { readFileSync } from 'node:fs';

/** The M3 files' long format (id, t, value) as one array per series, in t order. */
export function readLong(file: string): Map<string, number[]> {
  const out = new Map<string, Array<[number, number]>>();
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).slice(1);
  for (const line of lines) {
    if (!line.trim()) continue;
    const [id, t, v] = line.split(',').map((s) => s.replace(/^"|"$/g, ''));
    const arr = out.get(id) ?? [];
    arr.push([Number(t), Number(v)]);
    out.set(id, arr);
  }
  return new Map([...out].map(([id, a]) => [id, a.sort((x, y) => x[0] - y[0]).map((p) => p[1])]));
}

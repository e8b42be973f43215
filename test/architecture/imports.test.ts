/**
 * The house rules of src/, read off the import graph: every arrow points down
 * (cli → io → core → schema; core never reaches io or cli; schema imports nothing of ours),
 * no two modules import each other, even through others, and the core touches no I/O or clock.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every relative import, re-export and dynamic import of a file, type-only ones included: a type cycle is a cycle too. */
const SPECIFIER = /(?:^|[;\s])(?:import|export)\s[^'"`;]*?\sfrom\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|^import\s+['"](\.[^'"]+)['"]/gm;

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(SPECIFIER)].map((m) => resolve(dirname(file), (m[1] ?? m[2] ?? m[3]).replace(/\.js$/, '.ts')));
    graph.set(file, targets);
  }
  return graph;
}

/** Strongly connected components with more than one module, or a module importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.map((f) => relative(SRC, f)).sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const LAYERS = ['schema', 'core', 'io', 'cli'] as const;
const layerOf = (file: string) => relative(SRC, file).split(sep)[0];
const rank = (file: string) => LAYERS.indexOf(layerOf(file) as (typeof LAYERS)[number]);

describe('the import graph of src/', () => {
  const graph = importGraph();

  it('reads the whole tree, every relative import resolving to a file', () => {
    expect(graph.size).toBeGreaterThan(50);
    const dangling = [...graph].flatMap(([from, targets]) => targets.filter((t) => !graph.has(t)).map((t) => `${relative(SRC, from)} → ${relative(SRC, t)}`));
    expect(dangling).toEqual([]);
  });

  it('has no import circle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('only imports downwards: cli → io → core → schema', () => {
    const upward = [...graph].flatMap(([from, targets]) =>
      targets.filter((t) => rank(t) > rank(from)).map((t) => `${relative(SRC, from)} → ${relative(SRC, t)}`),
    );
    expect(upward).toEqual([]);
  });

  it('keeps the core pure: no node: modules, no process, console or clock', () => {
    const impure = [...graph.keys()]
      .filter((f) => layerOf(f) === 'core')
      .flatMap((f) => {
        const text = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
        const hits = [/from\s+['"]node:/, /\bprocess\./, /\bconsole\./, /Date\.now\(/, /new Date\(\)/, /Math\.random\(/].filter((re) => re.test(text));
        return hits.map((re) => `${relative(SRC, f)}: ${re.source}`);
      });
    expect(impure).toEqual([]);
  });

  it('knows a circle and an upward import when it sees one', () => {
    const a = join(SRC, 'core/a.ts');
    const b = join(SRC, 'core/b.ts');
    expect(cycles(new Map([[a, [b]], [b, [a]]]))).toEqual([['core/a.ts', 'core/b.ts']]);
    expect(rank(join(SRC, 'io/x.ts')) > rank(a)).toBe(true);
  });
});

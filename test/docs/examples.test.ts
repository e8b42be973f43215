/**
 * The examples in README.md and docs/ are what the tool prints today: each page is regenerated from real
 * runs (scripts/docs.ts, the same code as `npm run docs`) and must equal the committed text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentedPages, renderPage, sessionCommands, ROOT } from '../../scripts/docs.js';

describe('documentation examples', () => {
  it('finds the sessions of a block, continuation lines included', () => {
    expect(sessionCommands('$ sales-perf a \\\n  --b\nout\n$ echo $?\n0\n')).toEqual(['sales-perf a \\\n  --b', 'echo $?']);
  });

  it('README is short enough to read in five minutes (≤ 15 KB)', () => {
    expect(readFileSync(join(ROOT, 'README.md')).length).toBeLessThanOrEqual(15 * 1024);
  });

  it('no page tells users to type a bare `perf` (Linux\'s profiler)', () => {
    for (const page of documentedPages()) {
      const text = readFileSync(join(ROOT, page), 'utf8');
      expect(text.match(/^\$ perf |`perf [a-z]|npx perf /gm), page).toBeNull();
    }
  });

  it.each(documentedPages())('%s matches a fresh run (else: npm run docs)', (page) => {
    const committed = readFileSync(join(ROOT, page), 'utf8');
    expect(renderPage(committed)).toBe(committed);
  }, 900_000);
});

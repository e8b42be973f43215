import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { perfInProcess, tempDir, type RunOptions } from '../cli/helpers.js';
import { AS_OF, WRITER } from '../reliability/commands.js';
import { expectClean, fingerprint, listing, run } from '../reliability/harness.js';
import { CORPUS, FILES, type BadInput } from './corpus.js';

const tmp = tempDir('perf-bad-inputs-');
afterAll(tmp.cleanup);

let n = 0;
/** A private folder holding the case's input (copied from files/ or generated) and its config. */
function prepare(c: BadInput): { dir: string; input: string; small: string; config: string[] } {
  const dir = join(tmp.dir, `case-${n++}`);
  mkdirSync(dir);
  let input: string;
  if (typeof c.input === 'string') {
    input = join(dir, c.input);
    copyFileSync(join(FILES, c.input), input);
  } else input = c.input(dir);
  const config: string[] = [];
  if (c.config) {
    const path = join(dir, 'perf.config.json');
    writeFileSync(path, JSON.stringify(c.config));
    config.push('--config', path);
  }
  return { dir, input, small: c.small?.(dir) ?? input, config };
}

const CASES = Object.entries(CORPUS);

describe('the corpus of broken exports', () => {
  it('holds at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  describe.concurrent.each(CASES)('%s', (name, c) => {
    const test = c.skip ? it.skip : it;
    test(`${c.code === 0 ? 'is read, its problems reported' : `is refused with exit ${c.code}`} — in English and Chinese, input untouched, nothing written`, async () => {
      const { dir, input, small, config } = prepare(c);
      const before = fingerprint(input);
      const files = listing(dir);
      // Wide enough that no problem line wraps: the messages are matched whole (wrapping is tested in inspect.test.ts).
      const args = (lang: string, json: string[] = [], file = input) => ['--lang', lang, '--width', '400', ...config, 'inspect', file, ...(c.flags ?? []), ...json];
      const opts: RunOptions = { cwd: dir };
      // The English run of a case with Node flags (a heap cap) is a process of its own started with them:
      // it proves memory stays bounded. The other runs check messages, in this process, on the case's small
      // copy of the file when it has one.
      const [en, zh, json] = await Promise.all([
        c.nodeOptions ? run(args('en'), { ...opts, env: { NODE_OPTIONS: c.nodeOptions } }) : perfInProcess(args('en'), opts),
        perfInProcess(args('zh', [], small), opts),
        c.json ? perfInProcess(args('en', ['--json'], small), opts) : undefined,
      ]);
      for (const [lang, r, re] of [['en', en, c.en], ['zh', zh, c.zh]] as const) {
        expectClean(r, `${name} (${lang})`);
        expect(r.code, `${name} (${lang}): exit code\n${r.stderr}`).toBe(c.code);
        const text = c.code === 0 ? r.stdout : r.stderr;
        expect(text, `${name} (${lang})`).toMatch(re);
        if (c.code !== 0) expect(r.stdout).toBe('');
      }
      // A Chinese run speaks Chinese, an English one English.
      expect(zh.code === 0 ? zh.stdout : zh.stderr).toMatch(/[\u4e00-\u9fff]/);
      if (json) {
        expectClean(json, `${name} (json)`);
        expect(json.code).toBe(c.code);
        c.json!(JSON.parse(json.stdout));
      }
      // The command that writes a workbook fails the same way and leaves nothing behind.
      if (WRITER && c.code !== 0) {
        const out = join(dir, 'out.xlsx');
        const w = await perfInProcess(['--lang', 'en', ...config, '--as-of', AS_OF, ...WRITER.args(input, dir), ...(c.flags ?? []).filter((f) => f !== '--kind' && f !== 'deals'), '-o', out], opts);
        expectClean(w, `${name} (${WRITER.name} -o)`);
        expect(w.code).toBe(c.code);
        // Its message may differ (it reads the file as deals); it names the file.
        expect(w.stderr).toMatch(/^perf: /);
        expect(existsSync(out)).toBe(false);
      }
      expect(fingerprint(input), 'the input is untouched').toBe(before);
      expect(listing(dir), 'no output and no temporary left behind').toEqual(files);
    });
  });
});

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, fixture, perf, perfInProcess, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('the perf command line', () => {
  it('prints its version and help with examples', async () => {
    const v = perf(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const h = await perfInProcess(['inspect', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Examples:');
    expect(h.stdout).toContain('perf inspect fixtures/deals.csv');
  });

  it('exits 2 on an unknown option or a bad --as-of, without a stack trace', async () => {
    expect((await perfInProcess(['inspect', fixture('deals.csv'), '--bogus'])).code).toBe(2);
    const r = await perfInProcess(['--as-of', '2026-02-30', 'inspect', fixture('deals.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--as-of must be a date like 2026-11-27');
    expect(r.stderr).not.toContain('    at ');
  });

  it('reports usage mistakes in the user language with a pointer to the help, not the whole help (exit 2)', async () => {
    const zh = await perfInProcess(['--lang', 'zh', 'forecast', fixture('deals.csv'), '--hoizon', '3']);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toBe("perf: 未知选项 '--hoizon'\n（是否想输入 --horizon？）\n（运行 'sales-perf forecast --help' 查看参数和示例）\n");
    const sub = await perfInProcess(['calibrate', 'prep', '--deals', fixture('deals.csv')]);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toBe("perf: required option '--activity <file>' not specified\n(run 'sales-perf calibrate prep --help' for the flags and examples)\n");
  });

  it('stops quietly when the reader of its output goes away (perf … | head)', async () => {
    const child = spawn(process.execPath, [BIN, 'inspect', fixture('deals.csv'), '--json'], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.stdout.destroy(); // the reader is gone before the first line
    const code = await new Promise((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('speaks Chinese when LANG says so, and --lang overrides it', async () => {
    const zh = await perfInProcess(['--as-of', 'x', 'inspect', fixture('deals.csv')], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.stderr).toContain('--as-of 必须是');
    const en = await perfInProcess(['--lang', 'en', '--as-of', 'x', 'inspect', fixture('deals.csv')], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(en.stderr).toContain('--as-of must be');
  });

  it('reads CSV from stdin with -', async () => {
    const r = await perfInProcess(['inspect', '-', '--json'], { input: 'Owner;Stage;Close Date\r\nAnn;Won;2026-01-05\r\nBob;Lost;2026-01-06\r\n' });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ kind: 'deals', delimiter: ';', rowsKept: 2 });
  });

  it('--strict turns data problems into exit 4 but still reports', async () => {
    const file = join(tmp.dir, 'bad-amount.csv');
    writeFileSync(file, 'Owner,Stage,Amount,Close Date\nAnn,Won,abc,2026-01-05\nBob,Won,100,2026-01-06\n');
    const ok = await perfInProcess(['inspect', file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Problems: 1');
    expect(ok.stdout).toMatch(/row 2 \[Amount\] "abc"/);
    const strict = await perfInProcess(['--strict', 'inspect', file]);
    expect(strict.code).toBe(4);
  });

  it('perf init writes the defaults and a JSON Schema, and never overwrites without --force', async () => {
    const r = await perfInProcess(['init', '--dir', tmp.dir]);
    expect(r.code).toBe(0);
    const config = JSON.parse(readFileSync(join(tmp.dir, 'perf.config.json'), 'utf8'));
    expect(config.$schema).toBe('./perf.config.schema.json');
    expect(config.timezone).toBe('Asia/Shanghai');
    const schema = JSON.parse(readFileSync(join(tmp.dir, 'perf.config.schema.json'), 'utf8'));
    expect(schema.properties.timezone.default).toBe('Asia/Shanghai');
    expect((await perfInProcess(['init', '--dir', tmp.dir])).code).toBe(2);
    expect((await perfInProcess(['init', '--dir', tmp.dir, '--force'])).code).toBe(0);
    const nested = join(tmp.dir, 'ops', 'perf');
    expect((await perfInProcess(['init', '--dir', nested])).code).toBe(0);
    expect(existsSync(join(nested, 'perf.config.json'))).toBe(true);
  });

  it('uses column overrides from the config file, found by --config or PERF_CONFIG', async () => {
    const data = join(tmp.dir, 'odd.csv');
    writeFileSync(data, '谁,结果,哪天\nAnn,Won,2026-01-05\n');
    const cfg = join(tmp.dir, 'odd.config.json');
    writeFileSync(cfg, JSON.stringify({ columns: { deals: { rep: '谁', stage: '结果', closed_at: '哪天' } } }));
    const viaFlag = await perfInProcess(['--config', cfg, 'inspect', data, '--json']);
    expect(viaFlag.code).toBe(0);
    expect(JSON.parse(viaFlag.stdout).mapping).toEqual({ rep: '谁', stage: '结果', closed_at: '哪天' });
    const viaEnv = await perfInProcess(['inspect', data, '--kind', 'deals', '--json'], { env: { PERF_CONFIG: cfg } });
    expect(viaEnv.code).toBe(0);
    const bad = join(tmp.dir, 'bad.config.json');
    writeFileSync(bad, JSON.stringify({ timezone: 'Mars/Olympus' }));
    const r = await perfInProcess(['--config', bad, 'inspect', data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('timezone');
    expect(existsSync(join(tmp.dir, 'odd.csv'))).toBe(true);
  });
});

describe('column overrides in the config', () => {
  it('refuses a field the kind does not have, naming it', async () => {
    const data = join(tmp.dir, 'typo.csv');
    writeFileSync(data, 'Owner,Stage,Close Date\nAnn,Won,2026-01-05\n');
    const cfg = join(tmp.dir, 'typo.config.json');
    writeFileSync(cfg, JSON.stringify({ columns: { deals: { reps: 'Owner' } } }));
    const r = await perfInProcess(['--config', cfg, 'inspect', data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('columns.deals');
    expect(r.stderr).toContain('reps');
  });
});

describe('the shipped JSON Schema of the config', () => {
  it('is the one the zod config schema generates', async () => {
    const r = await perfInProcess(['init', '--print-schema']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(import.meta.dirname, '../../schema/perf.config.schema.json'), 'utf8')).toBe(r.stdout);
  });
});

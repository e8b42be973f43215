import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, perfInProcess, tempDir } from './helpers.js';
import { linesWiderThan } from './terminal-width.js';

describe('perf inspect', () => {
  it('maps the English deals fixture and counts its rows', async () => {
    const r = await perfInProcess(['inspect', fixture('deals.csv'), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.kind).toBe('deals');
    expect(j.encoding).toBe('utf-8');
    expect(j.mapping).toMatchObject({ rep: 'Opportunity Owner', closed_at: 'Close Date', amount: 'Amount', stage: 'Stage' });
    expect(j.rowsRead).toBe(380);
    expect(j.rowsKept).toBe(380);
    expect(j.problemCount).toBe(0);
  });

  it('wraps its problem lines to the width, in both languages, each line indented under its mark', async () => {
    const tmp = tempDir();
    try {
      // A long file path and a long message: one problem line ran to 150 columns before.
      const dir = join(tmp.dir, 'exports-from-the-crm-for-the-north-china-region');
      mkdirSync(dir);
      const file = join(dir, 'deals-with-an-unreadable-amount.csv');
      writeFileSync(file, 'Deal ID,Owner,Stage,Amount,Created,Close Date\nD1,Ann Lee,won,12 thousand-ish,2026-01-05,2026-02-01\nD2,Ann Lee,won,100,2026-01-05,2026-02-01\n');
      for (const lang of ['en', 'zh']) {
        const r = await perfInProcess(['--lang', lang, '--width', '80', 'inspect', file]);
        expect(r.code, r.stderr).toBe(0);
        expect(linesWiderThan(r.stdout, 80)).toEqual([]);
        const block = r.stdout.slice(r.stdout.lastIndexOf(lang === 'en' ? 'Problems: 1' : '数据问题：1'));
        const [, first, ...rest] = block.trimEnd().split('\n');
        expect(first.startsWith('  ✗ ')).toBe(true);
        expect(rest.length).toBeGreaterThan(0);
        for (const line of rest) expect(line.startsWith('    ')).toBe(true);
        expect(block.replace(/\n {4}/g, ' ')).toContain('12 thousand-ish');
      }
    } finally {
      tmp.cleanup();
    }
  });

  it('reads the GBK Chinese export with the same amounts as the English one', async () => {
    const zh = JSON.parse((await perfInProcess(['inspect', fixture('deals-zh.gbk.csv'), '--json'])).stdout);
    const en = JSON.parse((await perfInProcess(['inspect', fixture('deals.csv'), '--json'])).stdout);
    expect(zh.encoding).toBe('gb18030');
    expect(zh.mapping).toMatchObject({ rep: '负责人', amount: '合同金额', closed_at: '签约日期' });
    expect(zh.samples.map((s: { amount: number }) => s.amount)).toEqual(en.samples.map((s: { amount: number }) => s.amount));
  });

  it('blames a wrong --encoding, not the columns, when the header it garbles is not recognised', async () => {
    const r = await perfInProcess(['inspect', fixture('deals-zh.gbk.csv'), '--encoding', 'utf-8']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('read as utf-8 (--encoding), its first rows hold bytes that are not utf-8');
    expect(r.stderr).toContain('Leave out --encoding');
    expect(r.stderr).not.toContain('--kind deals');
    // Without --encoding the same file is detected and read.
    expect((await perfInProcess(['inspect', fixture('deals-zh.gbk.csv')])).code).toBe(0);
  });

  it('fits the Chinese export in a 100-column terminal, cutting long names by display width and keeping a date-time whole', async () => {
    const zh = await perfInProcess(['--lang', 'zh', 'inspect', fixture('deals-zh.gbk.csv')]);
    expect(linesWiderThan(zh.stdout)).toEqual([]);
    expect(zh.stdout).toContain('宁波海悦物流有…');
    const act = await perfInProcess(['inspect', fixture('activity.csv')]);
    expect(linesWiderThan(act.stdout)).toEqual([]);
    expect(act.stdout).toContain('2026-09-01 12:29');
    // An export with many columns perf does not use (like Olist's) lists them on wrapped lines.
    const tmp = tempDir();
    const wide = join(tmp.dir, 'wide.csv');
    const extra = Array.from({ length: 12 }, (_, i) => `declared_extra_column_${i}`);
    writeFileSync(wide, `sr_id,won_date,${extra.join(',')}\nA,2018-02-26 19:58,${extra.map(() => '1').join(',')}\n`);
    const many = await perfInProcess(['inspect', wide]);
    tmp.cleanup();
    expect(linesWiderThan(many.stdout)).toEqual([]);
    expect(many.stdout).toContain('declared_extra_column_11');
  });

  it('finds the header below the title row of the activity workbook', async () => {
    const j = JSON.parse((await perfInProcess(['inspect', fixture('activity.xlsx'), '--json'])).stdout);
    expect(j).toMatchObject({ format: 'xlsx', kind: 'activities', headerRow: 3 });
    expect(j.mapping).toMatchObject({ rep: '客户经理', type: '行为类型', at: '发生时间' });
  });

  it('prints a Chinese report with --lang zh', async () => {
    const r = await perfInProcess(['--lang', 'zh', 'inspect', fixture('teams.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('识别为：teams');
    expect(r.stdout).toContain('列映射');
  });

  it('names the missing column and the accepted headers (exit 2)', async () => {
    const r = await perfInProcess(['inspect', fixture('teams.csv'), '--kind', 'deals']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no column for closed_at');
    expect(r.stderr).toContain('签约日期');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('says what a file is when it is given to the wrong command (leads to forecast, deals to score)', async () => {
    const leads = await perfInProcess(['forecast', fixture('leads.csv'), '--as-of', '2026-11-27']);
    expect(leads.code).toBe(2);
    expect(leads.stderr).toContain('It looks like a file of leads, not of deals');
    const deals = await perfInProcess(['--lang', 'zh', 'score', fixture('deals.csv'), '--as-of', '2026-11-27']);
    expect(deals.code).toBe(2);
    expect(deals.stderr).toContain('它看起来是商机/订单文件，而不是销售行为');
  });
});

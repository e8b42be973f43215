import { describe, expect, it } from 'vitest';
import { fixture, perf } from './helpers.js';

describe('perf inspect', () => {
  it('maps the English deals fixture and counts its rows', () => {
    const r = perf(['inspect', fixture('deals.csv'), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.kind).toBe('deals');
    expect(j.encoding).toBe('utf-8');
    expect(j.mapping).toMatchObject({ rep: 'Opportunity Owner', closed_at: 'Close Date', amount: 'Amount', stage: 'Stage' });
    expect(j.rowsRead).toBe(380);
    expect(j.rowsKept).toBe(380);
    expect(j.problemCount).toBe(0);
  });

  it('reads the GBK Chinese export with the same amounts as the English one', () => {
    const zh = JSON.parse(perf(['inspect', fixture('deals-zh.gbk.csv'), '--json']).stdout);
    const en = JSON.parse(perf(['inspect', fixture('deals.csv'), '--json']).stdout);
    expect(zh.encoding).toBe('gb18030');
    expect(zh.mapping).toMatchObject({ rep: '负责人', amount: '合同金额', closed_at: '签约日期' });
    expect(zh.samples.map((s: { amount: number }) => s.amount)).toEqual(en.samples.map((s: { amount: number }) => s.amount));
  });

  it('finds the header below the title row of the activity workbook', () => {
    const j = JSON.parse(perf(['inspect', fixture('activity.xlsx'), '--json']).stdout);
    expect(j).toMatchObject({ format: 'xlsx', kind: 'activities', headerRow: 3 });
    expect(j.mapping).toMatchObject({ rep: '客户经理', type: '行为类型', at: '发生时间' });
  });

  it('prints a Chinese report with --lang zh', () => {
    const r = perf(['--lang', 'zh', 'inspect', fixture('teams.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('识别为: teams');
    expect(r.stdout).toContain('列映射');
  });

  it('names the missing column and the accepted headers (exit 2)', () => {
    const r = perf(['inspect', fixture('teams.csv'), '--kind', 'deals']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no column for closed_at');
    expect(r.stderr).toContain('签约日期');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

/**
 * `changes` on two exports that spell the reps differently (the roster's aliases), and on two exports
 * given in the wrong order.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportOrder, orderEvidence } from '../../src/core/changes/index.js';
import { parseIsoDate } from '../../src/core/calendar.js';
import { FIXTURES, perfInProcess, tempDir } from './helpers.js';
import { linesWiderThan } from './terminal-width.js';

const DIR = resolve(import.meta.dirname, '../fixtures/changes');
const OLD = join(DIR, 'old.csv');
const NEW = join(DIR, 'new.csv');
const tmp = tempDir();
afterAll(() => tmp.cleanup());
const file = (name: string, text: string) => {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  return path;
};
const HEADER = 'Deal ID,Owner,Stage,Amount,Created,Close Date,Expected Close Date';

describe('changes with a roster whose aliases one export uses', () => {
  // No team column: both exports take their teams from the roster, so only the names differ.
  const teams = file('teams.csv', 'Sales Rep,Team,Aliases\nZhang Wei,East,张伟\nLi Na,East,李娜\n');
  const old = file('alias-old.csv', [HEADER, 'D1,Zhang Wei,Proposal,1000,2026-09-01,,2026-11-15', 'D2,Li Na,Negotiation,500,2026-09-02,,2026-12-10'].join('\n') + '\n');
  const neu = file(
    'alias-new.csv',
    [HEADER, 'D1,张伟,Proposal,1000,2026-09-01,,2026-11-15', 'D2,李娜,Won,600,2026-09-02,2026-11-20,', 'D3,张伟,Qualify,300,2026-11-01,,2026-12-20'].join('\n') + '\n',
  );
  const args = ['changes', old, neu, '--team', teams, '--as-of', '2026-11-27'];

  it('matches NEW to the roster as OLD: a rep spelled by an alias is the same rep, not an owner change', async () => {
    const r = await perfInProcess([...args, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.deals.flatMap((d: { tags: string[] }) => d.tags)).not.toContain('owner_changed');
    const group = (level: string) => j.levels.find((l: { level: string }) => l.level === level).groups;
    // Zhang Wei: 1000 stays, 300 created; Li Na: 500 raised to 600 and won. Nothing moves between owners.
    expect(group('rep').map((g: { key: string; start: number; end: number }) => [g.key, g.start, g.end])).toEqual([
      ['Zhang Wei', 100000, 130000],
      ['Li Na', 50000, 0],
    ]);
    expect(group('rep')[1].buckets).toMatchObject({ increased: 10000, won: 60000, owner_out: 0 });
    expect(group('team').map((g: { key: string; buckets: { owner_in: number } }) => [g.key, g.buckets.owner_in])).toEqual([['East', 0]]);
    const reconciled = j.checks.filter((c: { status: string }) => c.status === 'reconciled').map((c: { message: { en: string } }) => c.message.en);
    expect(reconciled).toContain(`"张伟" in ${neu} is Zhang Wei (alias on the roster)`);
  });

  it("moves nothing between the fixtures' English and Chinese exports of the same deals", async () => {
    const [fx, zh, roster] = ['deals.csv', 'deals-zh.gbk.csv', 'teams.csv'].map((n) => join(FIXTURES, n));
    const j = JSON.parse((await perfInProcess(['changes', fx, zh, '--team', roster, '--as-of', '2026-11-27', '--json'])).stdout);
    expect(j.deals.flatMap((d: { tags: string[] }) => d.tags)).not.toContain('owner_changed');
    for (const l of j.levels)
      for (const g of l.groups) expect([g.key, g.buckets.owner_in, g.buckets.owner_out, g.start]).toEqual([g.key, 0, 0, g.end]);
    expect(j.levels.find((l: { level: string }) => l.level === 'rep').groups.map((g: { key: string }) => g.key)).toEqual(['Zhang Wei', 'Wang Fang', 'Li Na']);
  });

  it('says so in the report, in English and Chinese, within 80 columns', async () => {
    for (const lang of ['en', 'zh']) {
      const r = await perfInProcess(['--lang', lang, ...args, '--width', '80']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/│ 张伟/);
      expect(r.stdout).not.toContain('Owner changed');
      expect(r.stdout).not.toContain('负责人变更');
      expect(linesWiderThan(r.stdout, 80)).toEqual([]);
    }
  });
});

describe('changes on exports given in the wrong order', () => {
  it('refuses NEW before OLD when their dates and their deals both say so, naming the newer and the call', async () => {
    // old.csv ends 2026-10-10, new.csv 2026-12-02; D03, D04 and D14 close between them, D08 reopens.
    const en = await perfInProcess(['changes', NEW, OLD]);
    expect(en.code).toBe(2);
    expect(en.stdout).toBe('');
    // The message is wrapped at the terminal's width: compared with its lines joined.
    const said = (r: { stderr: string }) => r.stderr.replace(/\s*\n\s*/g, ' ');
    expect(said(en)).toContain(`${OLD} looks older than ${NEW}, not newer: its latest created/close date, 2026-10-10, is before ${NEW}'s, 2026-12-02`);
    expect(said(en)).toContain(`3 deals won or lost in ${NEW} are open in ${OLD} (only 1 the other way)`);
    expect(said(en)).toContain(`${NEW} looks newer: give the earlier export first, sales-perf changes ${OLD} ${NEW}`);
    const zh = await perfInProcess(['--lang', 'zh', 'changes', NEW, OLD]);
    expect(zh.code).toBe(2);
    expect(said(zh).replace(/ /g, '')).toContain(`${OLD}看起来比${NEW}更早`);
    expect(said(zh)).toContain(`请先给较早的导出，sales-perf changes ${OLD} ${NEW}`);
  });

  it('states it first, as a caveat, when only one sign points backwards', async () => {
    // Open-only snapshots: nothing closes or reopens, but NEW's latest deal was created before OLD's.
    const old = file('weak-old.csv', [HEADER, 'D1,Ann,Proposal,1000,2026-09-01,,2026-11-10', 'D2,Ann,Qualify,400,2026-10-05,,2026-12-01'].join('\n') + '\n');
    const neu = file('weak-new.csv', [HEADER, 'D1,Ann,Proposal,1000,2026-09-01,,2026-11-10'].join('\n') + '\n');
    for (const lang of ['en', 'zh']) {
      const r = await perfInProcess(['--lang', lang, 'changes', old, neu, '--as-of', '2026-11-27', '--width', '80']);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toMatch(lang === 'en' ? /^Checks/ : /^检查/);
      expect(lines[1]).toMatch(lang === 'en' ? /^ {2}caveat: .*weak-new\.csv may be older than/ : /^ {2}注意：.*weak-new\.csv 可能比/);
      expect(linesWiderThan(r.stdout, 80)).toEqual([]);
    }
    const j = JSON.parse((await perfInProcess(['changes', old, neu, '--as-of', '2026-11-27', '--json'])).stdout);
    const check = j.checks.find((c: { code: string }) => c.code === 'order_doubtful');
    expect(check).toMatchObject({ status: 'caveat', file: neu });
    expect(check.message.en).toContain(`its latest created/close date, 2026-09-01, is before ${old}'s, 2026-10-05`);
    expect(check.message.en).toContain(`sales-perf changes ${neu} ${old}`);
  });

  it('says nothing on exports in order', async () => {
    const j = JSON.parse((await perfInProcess(['changes', OLD, NEW, '--as-of', '2026-12-01', '--json'])).stdout);
    expect(j.checks.map((c: { code: string }) => c.code)).not.toContain('order_doubtful');
  });

  it('reads the two signs together: both back refuse, one back and one silent warn, one against the other nothing', () => {
    const at = (d: string) => parseIsoDate(d)!;
    const files = { old: 'a.csv', new: 'b.csv' };
    const ev = (oldLatest: string, newLatest: string, closed: number, reopened: number) => ({ oldLatest: at(oldLatest), newLatest: at(newLatest), closed, reopened });
    expect(exportOrder(ev('2026-12-02', '2026-10-10', 1, 3), files)?.verdict).toBe('swapped');
    expect(exportOrder(ev('2026-12-02', '2026-10-10', 0, 0), files)?.verdict).toBe('doubtful');
    expect(exportOrder(ev('2026-12-02', '2026-12-02', 0, 2), files)?.verdict).toBe('doubtful');
    // A deal with the latest date deleted since, while deals kept closing: an export in order.
    expect(exportOrder(ev('2026-12-02', '2026-10-10', 5, 1), files)).toBeNull();
    expect(exportOrder(ev('2026-10-10', '2026-12-02', 5, 1), files)).toBeNull();
    // Counted over every deal in both, not only the window's.
    const deal = (id: string, stage: 'open' | 'won', created: string) => ({ id, row: 2, rep: 'Ann', stage, stage_label: stage, created_at: at(created) });
    const e = orderEvidence([deal('A', 'won', '2026-01-01'), deal('B', 'open', '2026-01-02')] as never, [deal('A', 'open', '2026-01-01'), deal('B', 'open', '2026-01-02')] as never);
    expect(e).toMatchObject({ closed: 0, reopened: 1 });
  });
});

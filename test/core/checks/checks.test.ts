import { describe, expect, it } from 'vitest';
import { localTime, MS_PER_DAY } from '../../../src/core/calendar.js';
import { RecentDays } from '../../../src/core/ingest/recent-days.js';
import { lossRefusals } from '../../../src/core/checks/losses.js';
import { enforce } from '../../../src/core/checks/refusal.js';
import { reconcileRoster, teamOverrideCheck } from '../../../src/core/checks/roster.js';
import { onRoster, rosterOf, teamOf, type TeamOverrides } from '../../../src/core/teams.js';
import { latestDate, noHistoryRefusal, staleRefusal, uncoveredMonths } from '../../../src/core/checks/sanity.js';
import { bi } from '../../../src/core/i18n.js';
import type { Problem } from '../../../src/schema/problem.js';
import type { Deal, TeamMember } from '../../../src/schema/rows.js';

const bad = (row: number, value: string, code = 'bad_money', column = 'Close Value'): Problem => ({
  file: 'eu.csv', row, column, value, code, severity: 'error', message: bi('ambiguous separators in an amount', '金额的分隔符有歧义'),
});

describe('silent losses', () => {
  it('refuses a cause that drops more than the share, naming the cause, the count, three examples and the fix', () => {
    const problems = [bad(3, '50,00 €'), bad(4, '12,50 €'), bad(6, '7,00 €'), bad(9, '1,00 €')];
    const [r] = lossRefusals({ file: 'eu.csv', rowsRead: 100, problems }, 0.02);
    expect(r.override).toBe('allowProblems');
    expect(r.message.en).toBe(
      'eu.csv: 4 of 100 rows (4.0%) would be dropped for one cause: bad_money in column "Close Value".\nFor example:\n' +
        '  row 3: "50,00 €" — ambiguous separators in an amount\n' +
        '  row 4: "12,50 €" — ambiguous separators in an amount\n' +
        '  row 6: "7,00 €" — ambiguous separators in an amount\n' +
        'Fix: check how the column writes its numbers: set "numberFormat" ("comma" for 1.234,56) in perf.config.json or run with --decimal-comma, or correct the values; or run with --allow-problems to go on without those rows.',
    );
  });

  it('groups the counts of a large file', () => {
    const problems = Array.from({ length: 1500 }, (_, i) => bad(i + 2, 'x'));
    const [r] = lossRefusals({ file: 'eu.csv', rowsRead: 12_000, problems }, 0.02);
    expect(r.message.en).toMatch(/^eu\.csv: 1,500 of 12,000 rows \(12\.5%\)/);
    expect(r.message.zh).toMatch(/^eu\.csv：12,000 行中有 1,500 行/);
  });

  it('lets a cause at or under the share through, and counts causes apart', () => {
    const problems = [bad(3, 'x'), bad(4, 'y'), bad(5, '2026-13-01', 'bad_date', 'Close Date')];
    expect(lossRefusals({ file: 'd.csv', rowsRead: 100, problems }, 0.02)).toEqual([]);
    expect(lossRefusals({ file: 'd.csv', rowsRead: 100, problems }, 0.01)).toHaveLength(1);
  });
});

describe('enforce', () => {
  const refusal = lossRefusals({ file: 'eu.csv', rowsRead: 10, problems: [bad(3, 'x')] }, 0.02);
  it('stops with exit 2 and the message unless the flag allows it', () => {
    expect(() => enforce(refusal, {})).toThrow(expect.objectContaining({ code: 2, message: expect.stringMatching(/^eu\.csv: 1 of 10 rows/) }));
  });
  it('turns an allowed refusal into a check stated first', () => {
    expect(enforce(refusal, { allowProblems: true })).toEqual([
      expect.objectContaining({ code: 'rows_dropped', status: 'overridden', message: expect.objectContaining({ en: expect.stringMatching(/^--allow-problems: eu\.csv: 1 of 10 rows/) }) }),
    ]);
  });
});

describe('stale data', () => {
  it('refuses data that end more than the months before as-of, with the as-of that fits', () => {
    const r = staleRefusal('sales_pipeline.csv', localTime(2017, 12, 31), localTime(2026, 12, 2), 3);
    expect(r?.message.en).toBe(
      'sales_pipeline.csv: the export ends 2017-12-31, 108 months before the as-of date 2026-12-02; results would be built from months without data.\nRun with --as-of 2018-01-01, or --allow-stale.',
    );
    expect(r?.override).toBe('allowStale');
  });
  it('says "1 month" when the data end in the month before as-of (staleMonths 1)', () => {
    expect(staleRefusal('d.csv', localTime(2026, 11, 2), localTime(2026, 12, 20), 1)?.message.en).toContain('the export ends 2026-11-02, 1 month before the as-of date');
  });
  it('names one whole month without rows in the singular, and none when the data reach the month before as-of', () => {
    expect(uncoveredMonths('d.csv', localTime(2018, 11, 14), localTime(2019, 1, 1))?.message.en).toBe(
      'd.csv ends 2018-11-14: the whole month before the as-of date (2018-12) has no rows and counts as nothing won or done. If the export stops there, run with --as-of 2018-11-15.',
    );
    expect(uncoveredMonths('d.csv', localTime(2018, 12, 1), localTime(2019, 1, 31))).toBeNull();
    expect(uncoveredMonths('d.csv', null, localTime(2019, 1, 31))).toBeNull();
  });
  describe('days before the as-of date the export does not reach', () => {
    // One row a day, every day of 2018-09-20 … 2018-11-14: a pace of 1 row a day.
    const daily = (last: number) => {
      const r = new RecentDays();
      for (let t = localTime(2018, 9, 20); t <= last; t += MS_PER_DAY) r.add(t);
      return r;
    };
    const end = localTime(2018, 11, 14, 16);
    it('says so when the pace would have put rows in the days before the as-of date, with the as-of date that fits', () => {
      expect(uncoveredMonths('d.csv', end, localTime(2018, 12, 1), daily(end))?.message.en).toBe(
        "d.csv ends 2018-11-14: the 16 days before the as-of date (2018-11-15…2018-11-30) have no rows, where the export's pace of the 8 weeks before (1.0 rows a day) would have put about 16 there; they count as if nothing was won or done. If the export was taken then, run with --as-of 2018-11-15.",
      );
      // Within the month too: as of 2018-11-20, 5 days without a row at 1 a day.
      expect(uncoveredMonths('d.csv', end, localTime(2018, 11, 20), daily(end))?.message.en).toMatch(/the 5 days before the as-of date \(2018-11-15…2018-11-19\)/);
    });
    it('says nothing of a stretch no longer than the export goes quiet itself (a weekend), a data end the day before, or a pace that expects fewer than 3 rows', () => {
      expect(uncoveredMonths('d.csv', end, localTime(2018, 11, 15), daily(end))).toBeNull();
      // Weekdays only: read on Monday after a Friday's last row, the weekend is the log's usual quiet.
      const weekdays = new RecentDays();
      for (let t = localTime(2018, 10, 1); t <= localTime(2018, 11, 30); t += MS_PER_DAY) if (new Date(t).getUTCDay() % 6 !== 0) weekdays.add(t);
      const friday = localTime(2018, 11, 30);
      expect(uncoveredMonths('d.csv', friday, localTime(2018, 12, 3), weekdays)).toBeNull();
      // ... but a log with rows every day that misses two is not quiet by habit.
      const busy = new RecentDays();
      for (let t = localTime(2018, 10, 1); t <= friday; t += MS_PER_DAY) for (let k = 0; k < 5; k++) busy.add(t);
      expect(uncoveredMonths('d.csv', friday, localTime(2018, 12, 3), busy)?.message.en).toMatch(/the 2 days before the as-of date \(2018-12-01…2018-12-02\)/);
      const sparse = new RecentDays();
      for (let d = 0; d < 56; d += 14) sparse.add(end - d * MS_PER_DAY);
      expect(uncoveredMonths('d.csv', end, localTime(2018, 12, 1), sparse)).toBeNull();
    });
    it('counts the same rows from pieces merged as from one reader', () => {
      const whole = daily(end);
      const a = daily(localTime(2018, 10, 20));
      const b = new RecentDays();
      for (let t = localTime(2018, 10, 21); t <= end; t += MS_PER_DAY) b.add(t);
      a.merge(b.pairs());
      const last = Math.floor(end / MS_PER_DAY);
      expect(a.between(last - 55, last)).toBe(whole.between(last - 55, last));
      expect(a.between(last - 55, last)).toBe(56);
      // A day 128 before another shares its slot: the later one keeps it, whichever comes first.
      for (const order of [[0, 128], [128, 0]]) {
        const r = new RecentDays();
        for (const back of order) r.add(end - back * MS_PER_DAY);
        expect([r.between(last, last), r.between(last - 128, last - 128)]).toEqual([1, 0]);
      }
    });
  });
  it('groups the thousands of the counts it names, and separates the stages by semicolons', () => {
    const deals = [...Array.from({ length: 1200 }, () => ({ stage: 'lost', stage_label: 'Lost' })), { stage: 'open', stage_label: 'Engaging' }] as never;
    expect(noHistoryRefusal('d.csv', deals, 1201, localTime(2026, 1, 1))?.message.en).toContain('among 1,201 rows (stages read: Lost 1,200; Engaging 1)');
  });
  it('accepts data that end within the months', () => {
    expect(staleRefusal('d.csv', localTime(2026, 9, 2), localTime(2026, 12, 2), 3)).toBeNull();
    expect(staleRefusal('d.csv', localTime(2026, 9, 1, 23), localTime(2026, 12, 2), 3)).not.toBeNull();
  });
  it('takes the end from the latest of the date fields', () => {
    const rows = [{ a: 5, b: undefined }, { a: 2, b: 9 }];
    expect(latestDate(rows, ['a', 'b'])).toBe(9);
    expect(latestDate([], ['a'])).toBeNull();
  });
});

describe('no history', () => {
  const deal = (stage: Deal['stage'], label: string, closed?: number): Deal => ({ row: 2, id: 'x', rep: 'A', stage, stage_label: label, closed_at: closed });
  it('refuses a header-only export and one without a won deal, with no flag to override', () => {
    expect(noHistoryRefusal('d.csv', [], 0, localTime(2026, 1, 1))).toMatchObject({ code: 'no_rows', override: null });
    const r = noHistoryRefusal('d.csv', [deal('open', 'Prospecting'), deal('open', 'Prospecting'), deal('lost', 'Lost')], 3, localTime(2026, 1, 1));
    expect(r?.message.en).toMatch(/^d\.csv: no won deal closed by 2026-01-01 among 3 rows \(stages read: Prospecting 2; Lost 1\)/);
    expect(noHistoryRefusal('d.csv', [deal('won', 'Won', localTime(2025, 12, 1))], 1, localTime(2026, 1, 1))).toBeNull();
  });
});

describe('roster reconciliation', () => {
  const member = (rep: string, row: number, aliases?: string): TeamMember => ({ row, rep, team: 'East', aliases });
  const files = { data: 'deals.csv', roster: 'teams.csv' };

  it('suggests the roster name for a swapped, spaced or misspelt rep, and merges nothing by itself', () => {
    const r = reconcileRoster(['Zhang Wei', '王 芳', 'Ann Lea', 'Bob Ray', 'Stranger'], [member('Wei Zhang', 2), member('王芳', 3), member('Ann Lee', 4), member('Bob Ray', 5), member('New Hire', 6)], files);
    expect(r.unknown).toEqual([
      { rep: 'Ann Lea', didYouMean: { rep: 'Ann Lee', why: 'spelling' } },
      { rep: 'Stranger', didYouMean: undefined },
      { rep: 'Zhang Wei', didYouMean: { rep: 'Wei Zhang', why: 'swapped' } },
      { rep: '王 芳', didYouMean: { rep: '王芳', why: 'variant' } },
    ]);
    expect(r.renames.size).toBe(0);
    expect(r.checks.map((c) => c.message.en)).toContain('"Zhang Wei" is not on the roster: did you mean "Wei Zhang"? (given and family name swapped)');
    expect(r.checks.map((c) => c.message.en)).toContain('1 roster rep has no rows in the data: New Hire');
    // every mismatch is a problem, so --strict counts it
    expect(r.problems.map((p) => [p.code, p.value])).toEqual([
      ['roster_near_miss', 'Ann Lea'],
      ['roster_unknown_rep', 'Stranger'],
      ['roster_near_miss', 'Zhang Wei'],
      ['roster_near_miss', '王 芳'],
      ['roster_no_data', 'New Hire'],
    ]);
  });

  it('applies the aliases the roster lists', () => {
    const r = reconcileRoster(['Zhang Wei', 'Ann Lee'], [member('张伟', 2, 'Zhang Wei、Wei Zhang'), member('Ann Lee', 3)], files);
    expect([...r.renames]).toEqual([['Zhang Wei', '张伟']]);
    expect(r.problems).toEqual([]);
    expect(r.checks[0]).toMatchObject({ status: 'reconciled', message: { en: '"Zhang Wei" in deals.csv is 张伟 (alias on the roster)' } });
  });
});

describe("the roster's teams", () => {
  const roster = rosterOf([
    { row: 2, rep: 'Wang Yu', team: 'North', region: 'North China' },
    { row: 3, rep: 'Li Lei', region: 'Central' },
    { row: 4, rep: 'Zhou Jie' },
  ]);
  const placed = (row: { rep: string; team?: string; region?: string }, overrides?: TeamOverrides) => {
    onRoster(row, roster, overrides);
    return row;
  };

  it("puts a roster rep's rows in the roster's team and region, whatever the export names; others keep the export's", () => {
    expect(placed({ rep: 'Wang Yu', team: 'East', region: 'East China' })).toEqual({ rep: 'Wang Yu', team: 'North', region: 'North China' });
    expect(placed({ rep: 'Wang Yu' })).toEqual({ rep: 'Wang Yu', team: 'North', region: 'North China' });
    // A roster of regions only: the region is the team, as the forecast groups it; an export's team would split it.
    expect(teamOf(placed({ rep: 'Li Lei', team: 'Alpha', region: 'West' }))).toBe('Central');
    // On the roster without a team or region, or not on it: the export's.
    expect(placed({ rep: 'Zhou Jie', team: 'South' })).toEqual({ rep: 'Zhou Jie', team: 'South' });
    expect(placed({ rep: 'Sun Qi', team: 'East' })).toEqual({ rep: 'Sun Qi', team: 'East' });
  });

  it('tallies the rows that named another team at the roster\'s level: a team, or a region where the roster names regions only', () => {
    const overrides: TeamOverrides = new Map();
    for (const row of [
      { rep: 'Wang Yu', team: 'East' },
      { rep: 'Wang Yu', team: 'East' },
      { rep: 'Wang Yu', team: 'West' },
      { rep: 'Wang Yu', team: 'North', region: 'East China' }, // its team agrees
      { rep: 'Wang Yu', team: 'north' }, // the same team in another case: spelled as the roster does, not counted
      { rep: 'Wang Yu', region: 'East China' }, // no team named: the roster's taken without a word
      { rep: 'Li Lei', region: 'West' },
      { rep: 'Li Lei', region: 'Central' },
      { rep: 'Sun Qi', team: 'East' },
    ])
      placed(row, overrides);
    expect([...overrides].map(([rep, o]) => [rep, o.roster, [...o.named]])).toEqual([
      ['Wang Yu', 'North', [['East', 2], ['West', 1]]],
      ['Li Lei', 'Central', [['West', 1]]],
    ]);
  });

  it('says how many rows of how many reps, the reps with most rows first, in full up to three', () => {
    const of = (entries: [string, string, [string, number][]][]): TeamOverrides => new Map(entries.map(([rep, roster, named]) => [rep, { roster, named: new Map(named) }]));
    const files = { data: ['deals.csv'], roster: 'teams.csv' };
    expect(teamOverrideCheck(new Map(), files)).toBeNull();
    expect(teamOverrideCheck(of([['Wang Yu', 'North', [['East', 1]]]]), files)).toEqual({
      code: 'roster_team',
      status: 'reconciled',
      file: 'teams.csv',
      message: {
        en: "1 row of 1 rep in deals.csv names a team other than the roster's; the roster's team is used (Wang Yu: export East, roster North)",
        zh: 'deals.csv 中有 1 名销售的 1 行所填团队与花名册不同，按花名册的团队计（Wang Yu：导出为 East，花名册为 North）',
      },
    });
    const many = of([
      ['A', 'North', [['East', 1]]],
      ['B', 'North', [['West', 2], ['East', 3]]],
      ['C', 'South', [['East', 4]]],
      ['D', 'South', [['East', 1]]],
    ]);
    const check = teamOverrideCheck(many, { data: ['deals.csv', 'activity.csv'], roster: 'teams.csv' })!;
    expect(check.message.en).toBe(
      "11 rows of 4 reps in deals.csv and activity.csv name a team other than the roster's; the roster's team is used (B: export East/West, roster North; C: export East, roster South; A: export East, roster North … (+1))",
    );
    expect(check.message.zh).toBe(
      'deals.csv、activity.csv 中有 4 名销售的 11 行所填团队与花名册不同，按花名册的团队计（B：导出为 East/West，花名册为 North；C：导出为 East，花名册为 South；A：导出为 East，花名册为 North … (+1)）',
    );
  });
});

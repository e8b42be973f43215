import { describe, expect, it } from 'vitest';
import { isoDate, localTime } from '../../../src/core/calendar.js';
import { minutesTemplate, parseLooseDate, parseMinutes } from '../../../src/core/calibrate/minutes.js';
import { DEFAULT_QUESTIONS } from '../../../src/schema/config/calibrate.js';

const date = localTime(2026, 12, 7);
const items = (text: string) => parseMinutes(text, 'm.md');
const simple = (r: ReturnType<typeof items>) => r.items.map((i) => [i.line, i.owner, i.due === undefined ? null : isoDate(i.due), i.text, i.done]);

describe('minutes template', () => {
  it('parses back to its header and no items (the placeholders are not items)', () => {
    for (const lang of ['en', 'zh'] as const) {
      const t = minutesTemplate({ lang, rep: 'Wang Fang', manager: 'Sun Li', date, questions: DEFAULT_QUESTIONS, due: localTime(2026, 12, 14) });
      const r = items(t);
      expect(r.header).toEqual({ rep: 'Wang Fang', manager: 'Sun Li', date });
      expect(r.items).toEqual([]);
      expect(r.problems).toEqual([]);
      expect(t).toContain(lang === 'zh' ? '目标进度如何？' : "What are next week's key actions?");
      // filling in the placeholders makes them items (question 4's heading is not the action section)
      const filled = t.replace(/(\| |｜ )$/m, '$1Call the three stalled accounts');
      expect(simple(items(filled))).toEqual([[filled.split('\n').findIndex((l) => l.includes('stalled')) + 1, 'Wang Fang', '2026-12-14', 'Call the three stalled accounts', false]]);
    }
  });
});

describe('parseMinutes', () => {
  it('accepts the edits people make', () => {
    const text = [
      '# 校准面谈纪要',
      '* **销售**： 王芳',
      'Date : 2026/12/07',
      '## Action items',
      '- [ ] owner: Wang Fang | due: 2026-12-14 | Call the three stalled accounts',
      '-  [x]  负责人：孙丽 ｜ 截止：12月10日 ｜ 申请演示环境',
      '* [ ]due:2026.12.21|owner:@Wang Fang|Update the objection list | with prices',
      '1. 【 】 负责人: 王芳 ｜ 事项: 复盘 Q4 ｜ 截止: 2027年1月5日',
      '- [ ] owner: Wang Fang | due: 2026-12-14 | ',
      '',
      '## Notes',
      '- owner: nobody | due: 2026-12-14 | not an item: outside the section',
    ].join('\n');
    const r = items(text);
    expect(r.header).toEqual({ rep: '王芳', manager: undefined, date });
    expect(simple(r)).toEqual([
      [5, 'Wang Fang', '2026-12-14', 'Call the three stalled accounts', false],
      [6, '孙丽', '2026-12-10', '申请演示环境', true],
      [7, 'Wang Fang', '2026-12-21', 'Update the objection list | with prices', false],
      [8, '王芳', '2027-01-05', '复盘 Q4', false],
    ]);
    expect(r.problems).toEqual([]);
  });

  it('reports malformed items with their line and keeps the good ones', () => {
    const r = items(['Rep: A', 'Date: 2026-12-07', '## Actions', '- [ ] Call back the bank', '- [ ] owner: A | due: next Friday | Send quote', '- [ ] owner: A | Send deck', '- [ ] owner: B | due: 2026-12-09 | ok'].join('\n'));
    expect(simple(r)).toEqual([
      [6, 'A', null, 'Send deck', false],
      [7, 'B', '2026-12-09', 'ok', false],
    ]);
    expect(r.problems.map((p) => [p.row, p.code, p.severity])).toEqual([
      [4, 'item_no_owner', 'error'],
      [5, 'item_bad_due', 'error'],
      [6, 'item_no_due', 'warning'],
    ]);
  });

  it('has no header without Rep and Date lines, and says which is missing', () => {
    const r = items('# Notes\n- [ ] owner: A | due: 2026-12-09 | x');
    expect(r.header).toBeNull();
    expect(r.problems.map((p) => p.code)).toEqual(['minutes_no_rep', 'minutes_no_date']);
  });

  it('ignores the hints inside HTML comments', () => {
    const r = items('Rep: A\nDate: 2026-12-07\n## Action items\n<!--\n- [ ] owner: X | due: 2026-12-09 | hint\n-->\n- [ ] owner: A | due: 2026-12-09 | real');
    expect(simple(r)).toEqual([[7, 'A', '2026-12-09', 'real', false]]);
  });
});

describe('parseLooseDate', () => {
  it('reads full dates and resolves a date without a year to the next one on or after the meeting', () => {
    expect(isoDate(parseLooseDate('2026年12月14日')!)).toBe('2026-12-14');
    expect(isoDate(parseLooseDate('１２／２０', date)!)).toBe('2026-12-20');
    expect(isoDate(parseLooseDate('1-5', date)!)).toBe('2027-01-05');
    expect(parseLooseDate('2026-02-30')).toBeNull();
    expect(parseLooseDate('12-14')).toBeNull();
  });
});

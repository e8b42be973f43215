import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MS_PER_DAY, localTime, toLocalTime } from '../../../src/core/calendar.js';
import { detectDateOrder, formatDateOrder, parseDate, type DateOrder } from '../../../src/core/values/date.js';
import type { Cell } from '../../../src/core/values/types.js';
import { expectRejected, valueOf } from './helpers.js';

const SH = 'Asia/Shanghai';
const opts = (order: DateOrder = 'YMD', timeZone = SH, date1904 = false) => ({ order, timeZone, date1904 });
const read = (raw: Cell, order: DateOrder = 'YMD', timeZone = SH) => valueOf(parseDate(raw, opts(order, timeZone)));
const serialOf = (t: number) => t / MS_PER_DAY + 25569;

describe('parseDate: text styles', () => {
  it.each<[string, DateOrder, number]>([
    ['2026-03-31', 'YMD', localTime(2026, 3, 31)],
    ['2026-03-31T14:05', 'YMD', localTime(2026, 3, 31, 14, 5)],
    ['2026-03-31 14:05', 'YMD', localTime(2026, 3, 31, 14, 5)],
    ['2026-03-31 14:05:09', 'YMD', localTime(2026, 3, 31, 14, 5, 9)],
    ['2026-03-31T14:05:09.250', 'YMD', localTime(2026, 3, 31, 14, 5, 9) + 250],
    ['2026/3/31', 'DMY', localTime(2026, 3, 31)],
    ['2026/03/31 9:05', 'MDY', localTime(2026, 3, 31, 9, 5)],
    ['2026.3.31', 'YMD', localTime(2026, 3, 31)],
    ['2026-3-1', 'YMD', localTime(2026, 3, 1)],
    ['31.3.2026', 'DMY', localTime(2026, 3, 31)],
    ['31/03/2026', 'DMY', localTime(2026, 3, 31)],
    ['1/3/2026', 'DMY', localTime(2026, 3, 1)],
    ['1/3/2026', 'MDY', localTime(2026, 1, 3)],
    ['3/31/2026', 'MDY', localTime(2026, 3, 31)],
    ['31-3-2026', 'DMY', localTime(2026, 3, 31)],
    ['3/31/2026 2:05 PM', 'MDY', localTime(2026, 3, 31, 14, 5)],
    ['3/31/2026 2:05:09 pm', 'MDY', localTime(2026, 3, 31, 14, 5, 9)],
    ['3/31/2026 12:05 AM', 'MDY', localTime(2026, 3, 31, 0, 5)],
    ['3/31/2026 12:05 p.m.', 'MDY', localTime(2026, 3, 31, 12, 5)],
    ['2026/3/31 下午2:05', 'YMD', localTime(2026, 3, 31, 14, 5)],
    ['2026/3/31 上午 11:05:00', 'YMD', localTime(2026, 3, 31, 11, 5)],
    ['2026/3/31 上午12:30', 'YMD', localTime(2026, 3, 31, 0, 30)],
    ['2026年3月31日', 'YMD', localTime(2026, 3, 31)],
    ['2026 年 03 月 31 日', 'DMY', localTime(2026, 3, 31)],
    ['2026年3月31日 14时5分', 'YMD', localTime(2026, 3, 31, 14, 5)],
    ['2026年3月31日14时05分09秒', 'YMD', localTime(2026, 3, 31, 14, 5, 9)],
    ['2026年3月31日 下午2点', 'YMD', localTime(2026, 3, 31, 14)],
    ['2026年3月31日 14:05', 'YMD', localTime(2026, 3, 31, 14, 5)],
    ['20260331', 'MDY', localTime(2026, 3, 31)],
    ['２０２６－０３－３１', 'YMD', localTime(2026, 3, 31)],
    ['２０２６／３／３１　１４：０５', 'YMD', localTime(2026, 3, 31, 14, 5)],
    ['  2026-03-31  ', 'YMD', localTime(2026, 3, 31)],
    ['31/3/2026', 'YMD', localTime(2026, 3, 31)],
    ['3/31/2026', 'YMD', localTime(2026, 3, 31)],
    ['3/3/2026', 'YMD', localTime(2026, 3, 3)],
  ])('%j (%s)', (raw, order, expected) => {
    expect(read(raw, order)).toBe(expected);
  });

  it('leap days', () => {
    expect(read('2024-02-29')).toBe(localTime(2024, 2, 29));
    expect(read('2000-02-29')).toBe(localTime(2000, 2, 29));
    expectRejected(parseDate('2026-02-29', opts()), 'no such date', '不存在的日期');
    expectRejected(parseDate('2100-02-29', opts()), 'no such date', '不存在的日期');
    expectRejected(parseDate('29/2/2026', opts('DMY')), 'no such date', '不存在的日期');
  });
});

describe('parseDate: instants with a zone', () => {
  it('converts Z near midnight into the configured zone', () => {
    expect(read('2026-03-31T17:30:00Z', 'YMD', SH)).toBe(localTime(2026, 4, 1, 1, 30));
    expect(read('2026-03-31T17:30:00Z', 'YMD', 'America/Los_Angeles')).toBe(localTime(2026, 3, 31, 10, 30));
    expect(read('2026-03-31T17:30:00.500Z', 'YMD', SH)).toBe(localTime(2026, 4, 1, 1, 30) + 500);
  });
  it('reads explicit offsets', () => {
    expect(read('2026-03-31T14:05:00+08:00')).toBe(localTime(2026, 3, 31, 14, 5));
    expect(read('2026-03-31 14:05:00 +0800')).toBe(localTime(2026, 3, 31, 14, 5));
    expect(read('2026-03-31T06:05+00:00')).toBe(localTime(2026, 3, 31, 14, 5));
    expect(read('2026-03-31T01:05-05')).toBe(localTime(2026, 3, 31, 14, 5));
    expect(read('2026-03-31T14:05:00+08:00', 'YMD', 'UTC')).toBe(localTime(2026, 3, 31, 6, 5));
  });
  it('crosses a DST change exactly', () => {
    const la = 'America/Los_Angeles';
    expect(read('2026-03-08T09:59:59Z', 'YMD', la)).toBe(localTime(2026, 3, 8, 1, 59, 59));
    expect(read('2026-03-08T10:00:00Z', 'YMD', la)).toBe(localTime(2026, 3, 8, 3, 0, 0));
    expect(read('2026-11-01T08:59:59Z', 'YMD', la)).toBe(localTime(2026, 11, 1, 1, 59, 59));
    expect(read('2026-11-01T09:00:00Z', 'YMD', la)).toBe(localTime(2026, 11, 1, 1, 0, 0));
  });
  it('agrees with toLocalTime for any instant and zone', () => {
    const zones = ['Asia/Shanghai', 'America/Los_Angeles', 'Europe/London', 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kathmandu', 'Africa/Monrovia'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 2), max: Date.UTC(2100, 11, 30) }), fc.constantFrom(...zones), (epoch, tz) => {
        const iso = new Date(epoch).toISOString();
        expect(read(iso, 'YMD', tz)).toBe(toLocalTime(epoch, tz));
      }),
      { numRuns: 2000 },
    );
  });
  it('rejects an unknown zone and bad offsets', () => {
    expectRejected(parseDate('2026-03-31T17:30:00Z', opts('YMD', 'Mars/Olympus')), 'unknown time zone', '未知的时区');
    expectRejected(parseDate('2026-03-31T17:30:00+15:00', opts()), 'time of day', '时间');
  });
});

describe('parseDate: Excel serials', () => {
  it('reads serial numbers and numeric strings', () => {
    expect(read(45747)).toBe(localTime(2025, 3, 31));
    expect(read('45747')).toBe(localTime(2025, 3, 31));
    expect(read(45747.5)).toBe(localTime(2025, 3, 31, 12));
    expect(read(45747 + (14 * 60 + 5) / 1440)).toBe(localTime(2025, 3, 31, 14, 5));
    expect(read('45747.25')).toBe(localTime(2025, 3, 31, 6));
    expect(read('４５７４７')).toBe(localTime(2025, 3, 31));
  });
  it('1904 date system adds 1462 days', () => {
    expect(valueOf(parseDate(45747 - 1462, opts('YMD', SH, true)))).toBe(localTime(2025, 3, 31));
    expect(valueOf(parseDate(60 + 40000, opts('YMD', SH, true)))).toBe(localTime(1904, 1, 1) + 40060 * MS_PER_DAY);
  });
  it("serial 60 is Excel's phantom 1900-02-29; 59 and 61 are real days outside the year range", () => {
    expectRejected(parseDate(60, opts()), /phantom leap day.*1900-02-29|1900-02-29.*phantom leap day/, '虚构的闰日');
    expectRejected(parseDate(60.5, opts()), 'phantom', '闰日');
    expectRejected(parseDate(59, opts()), /1900-02-28.*1990–2100/, '1990–2100');
    expectRejected(parseDate(61, opts()), /1900-03-01.*1990–2100/, '1990–2100');
    expectRejected(parseDate(1, opts()), /1900-01-01/, '年份超出');
  });
  it('serial year limits', () => {
    const first = serialOf(localTime(1990, 1, 1));
    const last = serialOf(localTime(2100, 12, 31));
    expect(read(first)).toBe(localTime(1990, 1, 1));
    expect(read(last)).toBe(localTime(2100, 12, 31));
    expectRejected(parseDate(first - 1, opts()), /1989-12-31/, '1990–2100');
    expectRejected(parseDate(last + 1, opts()), /2101-01-01/, '1990–2100');
    expectRejected(parseDate(2958465, opts()), /9999-12-31/, '1990–2100');
  });
  it('the year range comes from the config (dateRange), for text, serials and offsets alike', () => {
    const years = { minYear: 1950, maxYear: 2150 };
    expect(valueOf(parseDate('1960-05-01', { ...opts(), years }))).toBe(localTime(1960, 5, 1));
    expect(valueOf(parseDate(serialOf(localTime(2140, 1, 1)), { ...opts(), years }))).toBe(localTime(2140, 1, 1));
    expectRejected(parseDate('1960-05-01', opts()), /1960-5-1: the year is outside the supported range 1990–2100 \(config dateRange\)/, '配置项 dateRange');
    expectRejected(parseDate('0026-11-27', opts()), /26-11-27: the year is outside/, '年份超出');
    expectRejected(parseDate('2100-12-31T23:00:00-05:00', opts()), /2101-01-01: the year is outside/, '年份超出');
    expectRejected(parseDate('1949-12-31', { ...opts(), years }), /1950–2150/, '1950–2150');
  });
  it('numbers that are no serial', () => {
    for (const n of [0, -1, 0.5, 2958466, NaN, Infinity]) expectRejected(parseDate(n, opts()), 'not an Excel date serial', '不是 Excel 日期序列号');
    expectRejected(parseDate('0', opts()), 'not an Excel date serial', '序列号');
  });
});

describe('parseDate: other cells', () => {
  it('reads exceljs Date cells as wall clock', () => {
    const d = new Date(Date.UTC(2026, 2, 31, 14, 5));
    expect(read(d)).toBe(localTime(2026, 3, 31, 14, 5));
    expectRejected(parseDate(new Date(NaN), opts()), 'invalid date', '日期无效');
    expectRejected(parseDate(new Date(Date.UTC(1899, 11, 31)), opts()), '1990–2100', '1990–2100');
  });
  it('rejects non-date cells', () => {
    for (const raw of [null, true, false]) expectRejected(parseDate(raw, opts()), 'expected a date', '应为日期');
  });
});

describe('parseDate: rejections', () => {
  it.each(['', '   ', 'hello', 'N/A', '2026-03', '2026年3月', '2026-03-3114:05', '31/3/26', '2026/03-31', 'x'.repeat(1000), '123456789'])(
    'garbage %j',
    (raw) => expectRejected(parseDate(raw, opts()), 'expected a date', '应为日期'),
  );
  it.each(['1899-12-31', '9999-12-31', '1949-12-31', '2151-01-01', '18991231', '9999年1月1日'])('year out of range %j', (raw) =>
    expectRejected(parseDate(raw, opts()), 'outside the supported range 1990–2100', '超出支持的范围 1990–2100'),
  );
  it('year limits are inclusive', () => {
    expect(read('1990-01-01')).toBe(localTime(1990, 1, 1));
    expect(read('2100-12-31 23:59:59')).toBe(localTime(2100, 12, 31, 23, 59, 59));
    expectRejected(parseDate('2100-12-31T23:30:00-01:00', opts('YMD', 'UTC')), '1990–2100', '1990–2100');
  });
  it.each(['2026-02-30', '2026-13-01', '2026-00-10', '2026-04-31', '2026年2月30日', '20260230'])('impossible %j', (raw) =>
    expectRejected(parseDate(raw, opts()), 'no such date', '不存在的日期'),
  );
  it.each(['2026-03-31 24:00', '2026-03-31 14:60', '2026-03-31T14:05:61', '2026-03-31 0:30 PM', '2026-03-31 14:05 AM', '2026/3/31 上午2:05 PM', '2026-03-31 14', '2026-03-31 14:5', '2026-03-31 garbage'])(
    'bad time %j',
    (raw) => expectRejected(parseDate(raw, opts()), 'time of day', '时间'),
  );
  it('day/month order', () => {
    expectRejected(parseDate('3/4/2026', opts('YMD')), 'ambiguous', '歧义');
    expectRejected(parseDate('31/13/2026', opts('YMD')), 'expected a date', '应为日期');
    expectRejected(parseDate('3/31/2026', opts('DMY')), /not a valid date in this column's order, day\/month\/year/, '日/月/年');
    expectRejected(parseDate('31/3/2026', opts('MDY')), /month\/day\/year/, '月/日/年');
  });
});

describe('parseDate: properties', () => {
  const pad = (n: number) => String(n).padStart(2, '0');
  const ymd = fc
    .record({ y: fc.integer({ min: 1990, max: 2100 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
    .filter(({ y, m, d }) => new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d);
  const styles: [DateOrder, (y: number, m: number, d: number) => string][] = [
    ['YMD', (y, m, d) => `${y}-${pad(m)}-${pad(d)}`],
    ['DMY', (y, m, d) => `${y}/${m}/${d}`],
    ['MDY', (y, m, d) => `${y}.${m}.${d}`],
    ['YMD', (y, m, d) => `${y}-${m}-${d}`],
    ['YMD', (y, m, d) => `${y}年${m}月${d}日`],
    ['YMD', (y, m, d) => `${y}${pad(m)}${pad(d)}`],
    ['DMY', (y, m, d) => `${d}.${m}.${y}`],
    ['DMY', (y, m, d) => `${d}/${m}/${y}`],
    ['DMY', (y, m, d) => `${pad(d)}-${pad(m)}-${y}`],
    ['MDY', (y, m, d) => `${m}/${d}/${y}`],
    ['YMD', (y, m, d) => `${y}-${pad(m)}-${pad(d)}`.normalize('NFKC').replace(/[0-9-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))],
  ];
  it('every valid (y, m, d) in every style reads back', () => {
    fc.assert(
      fc.property(ymd, fc.constantFrom(...styles), ({ y, m, d }, [order, write]) => {
        expect(read(write(y, m, d), order)).toBe(localTime(y, m, d));
      }),
      { numRuns: 3000 },
    );
  });
  it('times in 24- and 12-hour styles read back', () => {
    fc.assert(
      fc.property(ymd, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), ({ y, m, d }, h, mi, s) => {
        const h12 = h % 12 === 0 ? 12 : h % 12;
        const expected = localTime(y, m, d, h, mi, s);
        expect(read(`${y}-${pad(m)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`)).toBe(expected);
        expect(read(`${m}/${d}/${y} ${h12}:${pad(mi)}:${pad(s)} ${h < 12 ? 'AM' : 'PM'}`, 'MDY')).toBe(expected);
        expect(read(`${y}/${m}/${d} ${h < 12 ? '上午' : '下午'}${h12}:${pad(mi)}:${pad(s)}`)).toBe(expected);
        expect(read(`${y}年${m}月${d}日${h}时${mi}分${s}秒`)).toBe(expected);
        expect(read(serialOf(expected))).toBe(expected);
      }),
    );
  });
  it('never throws', () => {
    const cell = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.double(), fc.boolean(), fc.constant(null), fc.date({ noInvalidDate: false }));
    const order = fc.constantFrom<DateOrder>('YMD', 'DMY', 'MDY');
    fc.assert(fc.property(cell, order, fc.boolean(), (raw, o, d1904) => void parseDate(raw, opts(o, SH, d1904))));
    const datey = fc.stringMatching(/^[0-9０-９\-/.: 年月日时分秒TZtz+APMapm上午下午]{0,30}$/);
    fc.assert(fc.property(datey, order, (raw, o) => void parseDate(raw, opts(o))));
    fc.assert(fc.property(fc.array(cell), order, (samples, o) => void detectDateOrder(samples, o)));
  });
});

describe('detectDateOrder', () => {
  it('day-first when a first number exceeds 12', () => {
    expect(detectDateOrder(['1/3/2026', '31/3/2026', '2/4/2026'])).toEqual({ order: 'DMY', ambiguous: false });
    expect(detectDateOrder(['13.01.2026'])).toEqual({ order: 'DMY', ambiguous: false });
  });
  it('month-first when a second number exceeds 12', () => {
    expect(detectDateOrder(['1/3/2026', '3/31/2026 2:05 PM'])).toEqual({ order: 'MDY', ambiguous: false });
  });
  it('year-first strings, other cells and blanks decide nothing', () => {
    expect(detectDateOrder(['2026-03-31', '2026/3/4', '2026年3月4日', 45747, null])).toEqual({ order: 'YMD', ambiguous: false });
    expect(detectDateOrder([])).toEqual({ order: 'YMD', ambiguous: false });
    expect(detectDateOrder(['2026-03-31', '31/3/2026'])).toEqual({ order: 'DMY', ambiguous: false });
    expect(detectDateOrder(['3/3/2026', '12/12/2026'], 'MDY')).toEqual({ order: 'YMD', ambiguous: false });
  });
  it('only small numbers: ambiguous, order from the fallback', () => {
    expect(detectDateOrder(['1/3/2026', '2/4/2026'])).toEqual({ order: 'YMD', ambiguous: true });
    expect(detectDateOrder(['1/3/2026', '2/4/2026'], 'MDY')).toEqual({ order: 'MDY', ambiguous: true });
  });
  it('contradictory evidence: ambiguous', () => {
    expect(detectDateOrder(['31/3/2026', '3/31/2026'], 'DMY')).toEqual({ order: 'DMY', ambiguous: true });
  });
  it('formats the order for messages', () => {
    expect(formatDateOrder('DMY').en).toContain('day/month/year');
    expect(formatDateOrder('MDY').zh).toContain('月/日/年');
  });
});

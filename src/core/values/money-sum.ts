import { EXIT, PerfError } from '../errors.js';
import { bi } from '../i18n.js';

/**
 * Sums of money are exact to the cent, or refused. Amounts are doubles holding a whole number of cents;
 * below 2^46 (7e13) a double still tells every cent apart, so adding in integer cents and dividing once
 * gives the exact decimal sum, in any order: reps' histories add up to their team's, cent for cent.
 * Every total perf forms is at most the sum of |amount| over one file, so a file whose amounts add up to
 * more than MAX_MONEY_TOTAL is refused instead of summed with cents lost.
 */
export const MAX_MONEY_TOTAL = 10_000_000_000_000; // 10 trillion, well below 2^46

const cents = (x: number): number => Math.round(x * 100);

/** a + b, exact to the cent. */
export const addMoney = (a: number, b: number): number => (cents(a) + cents(b)) / 100;

/** The sum of amounts, exact to the cent. */
export function sumMoney(amounts: Iterable<number>): number {
  let total = 0;
  for (const a of amounts) total += cents(a);
  return total / 100;
}

/** Counts |amount| of one file and refuses it once the total leaves the range sums are exact in. */
export class MoneyTotal {
  private total = 0;

  constructor(private readonly file: string) {}

  add(amount: number, row: number, column: string): void {
    this.total += Math.abs(cents(amount));
    if (this.total > MAX_MONEY_TOTAL * 100)
      throw new PerfError(
        EXIT.usage,
        bi(
          `${this.file}: the amounts add up to more than 10 trillion by row ${row} [${column}]; perf keeps totals exact to the cent only below that. Split the export (by year or region) or check the amount column's unit`,
          `${this.file}：金额合计到第 ${row} 行 [${column}] 已超过 10 万亿；perf 只在此范围内保证合计精确到分。请拆分导出文件（按年份或区域），或检查金额列的单位`,
        ),
      );
  }
}

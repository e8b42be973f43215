import { isoDate } from '../../core/calendar.js';
import { bi, formatNumber, type Bi, type Lang } from '../../core/i18n.js';
import type { Bucket, Changes, Step, Tag } from '../../core/changes/index.js';

// Shared by the text report and the workbook, so both name the buckets alike.

export const BUCKET_NAMES: Record<Bucket, Bi> = {
  created: bi('Created', '新建'),
  pulled_in: bi('Pulled in', '提前纳入'),
  reopened: bi('Reopened', '重新打开'),
  owner_in: bi('Owner moved in', '转入'),
  increased: bi('Amount increased', '金额增加'),
  decreased: bi('Amount decreased', '金额减少'),
  owner_out: bi('Owner moved out', '转出'),
  pushed: bi('Pushed out', '推迟出窗'),
  moved_earlier: bi('Moved earlier', '提前出窗'),
  won: bi('Won', '赢单'),
  lost: bi('Lost', '输单'),
  deleted: bi('Deleted', '已删除'),
};

export const BUCKET_MEANINGS: Record<Bucket, Bi> = {
  created: bi('not in OLD; in the window in NEW', '旧导出中没有；新导出中在窗口内'),
  pulled_in: bi('open with a date outside the window (or none) in OLD, in the window in NEW', '旧导出中预计日期在窗口外（或无日期），新导出中进入窗口'),
  reopened: bi('won or lost in OLD, open in the window in NEW', '旧导出中已赢/输，新导出中重新打开且在窗口内'),
  owner_in: bi("another group's deal now held here (at its OLD amount)", '其他组的商机转入（按旧金额）'),
  increased: bi('amount went up (open in both, or won at a higher amount)', '金额上调（两次均未结，或以更高金额赢单）'),
  decreased: bi('amount went down (open in both, or won at a lower amount)', '金额下调（两次均未结，或以更低金额赢单）'),
  owner_out: bi('deal now held by another group (at its OLD amount)', '商机转给其他组（按旧金额）'),
  pushed: bi('expected close moved after the window, or removed (OLD amount)', '预计成交日期推迟到窗口之后或被清空（按旧金额）'),
  moved_earlier: bi('expected close moved before the window (OLD amount)', '预计成交日期提前到窗口之前（按旧金额）'),
  won: bi('won (at the NEW amount)', '赢单（按新金额）'),
  lost: bi('lost (at the OLD amount; entered-and-lost deals at NEW)', '输单（按旧金额；新进入即输单的按新金额）'),
  deleted: bi('in OLD, gone from NEW', '旧导出中有，新导出中消失'),
};

export const stepLabel = (step: Step['step']): Bi =>
  step === 'start' ? bi('Start', '期初') : step === 'end' ? bi('End', '期末') : BUCKET_NAMES[step];

export const TAG_NAMES: Record<Tag, Bi> = {
  stage_progressed: bi('Stage progressed', '阶段推进'),
  stage_regressed: bi('Stage regressed', '阶段倒退'),
  stage_changed: bi('Stage changed', '阶段变化'),
  owner_changed: bi('Owner changed', '负责人变更'),
};

/** How the window was placed, said in the report's first lines. */
export function windowRule(w: Changes['window']): Bi {
  const d = w.basis === null ? '' : isoDate(w.basis);
  if (w.rule === 'period') return bi('chosen with --period', '由 --period 指定');
  if (w.rule === 'to') return bi(`the quarter holding --to ${d}`, `--to ${d} 所在季度`);
  if (w.rule === 'as_of') return bi(`the quarter holding --as-of ${d}`, `--as-of ${d} 所在季度`);
  return bi(
    `the quarter holding NEW's latest created/close date, ${d} (--period or --as-of to choose)`,
    `新导出中最晚的创建/成交日期 ${d} 所在季度（可用 --period 或 --as-of 另选）`,
  );
}

/** Cents as money: whole units unless the exports carry cents. */
export const money = (lang: Lang, cents: number, decimals: number) => formatNumber(lang, cents / 100, decimals);

/** Whether any amount in the comparison has cents, so money shows two decimals only when it must. */
export const moneyDecimals = (c: Changes): number =>
  c.movements.some((m) => [m.old, m.new].some((s) => s !== null && s.cents % 100 !== 0)) ? 2 : 0;

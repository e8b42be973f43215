import { monthKey, monthIndexOf, parseMonthKey, type MonthIndex } from '../calendar.js';
import { bi } from '../i18n.js';
import { parseMoney } from '../values/money.js';
import { parseNumber } from '../values/number.js';
import { aliasTable, foldWidth, normaliseKey } from '../values/text.js';
import type { Cell } from '../values/types.js';
import type { Problem } from '../../schema/problem.js';
import { rowProblem, sideTable, type RawRow } from './table.js';

export type AdjustScope = 'all' | 'team' | 'rep';

/** One market adjustment: a reasoned change applied on top of the statistical forecast. */
export interface Adjustment {
  /** Row in the adjustments file (as Excel shows it); 0 when given programmatically. */
  row: number;
  /** The adjustments file, for its problems (absent when given programmatically: the deals file is named). */
  file?: string;
  scope: AdjustScope;
  /** Team or rep name; null for scope all. */
  name: string | null;
  from: string;
  to: string;
  /** 'percent': value is a fraction (−0.05 = −5 %); 'absolute': value in the measure's units per month. */
  kind: 'percent' | 'absolute';
  value: number;
  /** What it changes; default: both for a percentage, amount for an absolute change. */
  measure: 'amount' | 'count' | 'both';
  /** The change as written. */
  change: string;
  reason: string;
}

type Field = 'scope' | 'name' | 'from' | 'to' | 'change' | 'reason' | 'measure';

const ALIASES: Record<Field, readonly string[]> = {
  scope: ['scope', 'level', 'applies to', '范围', '层级', '适用范围', '级别'],
  name: ['name', 'team or rep', 'who', '名称', '对象', '团队或销售', '适用对象'],
  from: ['from', 'start', 'start month', 'from month', '开始', '开始月份', '起始月份', '起始'],
  to: ['to', 'end', 'end month', 'to month', 'until', '结束', '结束月份', '截止月份', '截止'],
  change: ['change', 'adjustment', 'delta', 'impact', '调整', '调整幅度', '变化', '幅度', '影响'],
  reason: ['reason', 'why', 'note', 'comment', '原因', '理由', '说明', '备注'],
  measure: ['measure', 'metric', 'applies', '指标', '口径'],
};

const SCOPES = aliasTable<AdjustScope>({
  all: ['all', 'company', 'everyone', '*', '全部', '公司', '全公司', '所有'],
  team: ['team', 'region', 'group', '团队', '区域', '大区', '部门'],
  rep: ['rep', 'sales rep', 'person', 'salesperson', '销售', '个人', '销售人员'],
});

const MEASURES = aliasTable<Adjustment['measure']>({
  amount: ['amount', 'value', 'revenue', '金额'],
  count: ['count', 'deals', 'number', '单数', '数量'],
  both: ['both', 'all', '全部', '两者'],
});

/** A month cell: `2027-01`, `2027-1`, a date within the month, or an Excel date. */
function monthCell(raw: Cell): MonthIndex | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.getUTCFullYear() * 12 + raw.getUTCMonth();
  if (typeof raw !== 'string') return null;
  const t = foldWidth(raw).replace(/[/.年]/g, '-').replace(/月.*$/, '');
  const full = /^(\d{4})-(\d{1,2})-\d{1,2}$/.exec(t);
  if (full) return Number(full[2]) >= 1 && Number(full[2]) <= 12 ? monthIndexOf(Number(full[1]), Number(full[2])) : null;
  return parseMonthKey(t);
}

/** `-5%`, `+8 %`, `+50000`, `-1.2万`; a percentage becomes a fraction. */
function changeCell(raw: Cell): { kind: Adjustment['kind']; value: number } | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? { kind: 'absolute', value: raw } : null;
  if (typeof raw !== 'string') return null;
  const t = foldWidth(raw);
  if (t.endsWith('%')) {
    const n = parseNumber(t.slice(0, -1).trim());
    return n.ok ? { kind: 'percent', value: n.value / 100 } : null;
  }
  const m = parseMoney(t);
  return m.ok ? { kind: 'absolute', value: m.value } : null;
}

/** Reads an adjustments table (scope, name, from, to, change, reason [, measure]); a bad row is a Problem and is skipped. */
export function parseAdjustments(file: string, raw: readonly RawRow[]): { adjustments: Adjustment[]; problems: Problem[] } {
  const t = sideTable<Field>(file, raw, ALIASES, ['scope', 'from', 'change'], bi('market adjustments', '市场调整表'));
  const problems: Problem[] = [];
  const adjustments: Adjustment[] = [];
  const col = (f: Field) => t.headers[f] ?? f;
  for (const r of t.rows) {
    const bad = (f: Field, code: string, en: string, zh: string) =>
      problems.push(rowProblem(file, r.row, col(f), r.label(f) || null, code, bi(`${en}; adjustment skipped`, `${zh}；该调整未采用`)));
    const scope = SCOPES.get(normaliseKey(r.label('scope')));
    if (!scope) {
      bad('scope', 'bad_scope', 'scope must be all, team or rep', '范围必须是 all、team 或 rep');
      continue;
    }
    const name = r.label('name') || null;
    if (scope !== 'all' && !name) {
      bad('name', 'missing_value', `a ${scope} adjustment needs the ${scope}'s name`, `${scope === 'team' ? '团队' : '销售'}调整需要填写名称`);
      continue;
    }
    const from = monthCell(r.get('from'));
    if (from === null) {
      bad('from', 'bad_month', 'expected a month such as 2027-01', '应为月份，例如 2027-01');
      continue;
    }
    const to = r.label('to') === '' ? from : monthCell(r.get('to'));
    if (to === null || to < from) {
      bad('to', 'bad_month', `expected a month such as 2027-03, not before ${monthKey(from)}`, `应为不早于 ${monthKey(from)} 的月份，例如 2027-03`);
      continue;
    }
    const change = changeCell(r.get('change'));
    if (!change) {
      bad('change', 'bad_change', 'expected a change such as -5%, +8% or +50000', '应为调整幅度，例如 -5%、+8% 或 +50000');
      continue;
    }
    if (change.kind === 'percent' && change.value <= -1) {
      bad('change', 'bad_change', 'a percentage change must be above -100%', '百分比调整必须大于 -100%');
      continue;
    }
    let measure: Adjustment['measure'] = change.kind === 'percent' ? 'both' : 'amount';
    if (r.label('measure') !== '') {
      const m = MEASURES.get(normaliseKey(r.label('measure')));
      if (!m) {
        bad('measure', 'bad_measure', 'measure must be amount, count or both', '指标必须是 amount、count 或 both');
        continue;
      }
      measure = m;
    }
    const reason = r.label('reason');
    if (!reason)
      problems.push(
        rowProblem(file, r.row, col('reason'), null, 'missing_reason', bi('an adjustment without a reason: applied, but say why', '调整缺少原因：已采用，但请写明理由'), 'warning'),
      );
    adjustments.push({
      row: r.row,
      file,
      scope,
      name: scope === 'all' ? null : name,
      from: monthKey(from),
      to: monthKey(to),
      ...change,
      measure,
      change: r.label('change'),
      reason,
    });
  }
  return { adjustments, problems };
}

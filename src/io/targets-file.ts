import type { TargetRow } from '../core/evaluate/index.js';
import { monthKey, parseMonthKey, parseQuarterKey, quarterKey } from '../core/calendar.js';
import { EXIT, PerfError } from '../core/errors.js';
import { bi } from '../core/i18n.js';
import { parseMoney } from '../core/values/money.js';
import { cellLabel, normaliseKey } from '../core/values/text.js';
import type { Cell } from '../core/values/types.js';
import type { Problem } from '../schema/problem.js';
import { openTable } from './source/index.js';

/** Headers accepted per field (normalised); the forecast workbook's Targets sheet and a plain targets CSV both match. */
const FIELDS = {
  level: ['level', 'scope', '层级', '级别', '范围'],
  name: ['name', 'rep', 'sales rep', 'team', 'owner', '名称', '姓名', '销售', '团队'],
  period: ['period', 'month', 'quarter', '期间', '月份', '季度', '周期'],
  target: ['target', 'target amount', 'quota', '目标', '目标金额', '指标'],
  adjusted: ['adjusted target', 'adjusted', 'agreed target', '调整后目标', '调整目标', '确认目标'],
  note: ['note', 'notes', 'comment', 'reason', '备注', '说明', '原因'],
  measure: ['measure', '度量'],
  // a perf forecast workbook's reasons to doubt a target: "refused: …", "unreliable: …", a rep outside 50 %–200 %
  flag: ['flag', '提示'],
  // only a perf forecast workbook has it: its targets are the forecast's (see TargetRow.fromForecast)
  statistical: ['statistical forecast', '统计预测'],
} as const;
type Field = keyof typeof FIELDS;
const KEYS = Object.fromEntries(Object.entries(FIELDS).map(([f, a]) => [f, new Set(a.map(normaliseKey))])) as Record<Field, Set<string>>;

const LEVELS = new Map<string, TargetRow['level']>(
  [
    ['rep', 'rep'], ['sales rep', 'rep'], ['salesperson', 'rep'], ['销售', 'rep'], ['个人', 'rep'],
    ['team', 'team'], ['团队', 'team'], ['region', 'team'], ['区域', 'team'],
    ['company', 'company'], ['total', 'company'], ['公司', 'company'], ['全公司', 'company'],
  ].map(([k, v]) => [normaliseKey(k), v as TargetRow['level']]),
);

/** The Target cell of a target the forecast refused, as `perf forecast` writes it in either language. */
const REFUSED = new Set(['refused', '已拒绝'].map(normaliseKey));

/** The reasons in a forecast workbook's Flag cell ("refused: …; unreliable: …"), without their labels: the reader says refused or unreliable itself. */
const flagReasons = (flag: string): string[] =>
  flag
    .split(/；|; /)
    .map((f) => f.trim().replace(/^(refused|unreliable):\s*|^(已拒绝|不可靠)：/, ''))
    .filter(Boolean);

function columnsOf(cells: Cell[]): Partial<Record<Field, number>> {
  const out: Partial<Record<Field, number>> = {};
  cells.forEach((c, i) => {
    const key = normaliseKey(cellLabel(c));
    for (const f of Object.keys(FIELDS) as Field[]) if (out[f] === undefined && KEYS[f].has(key)) out[f] = i;
  });
  return out;
}

const isHeader = (cells: Cell[]) => {
  const c = columnsOf(cells);
  return c.target !== undefined && c.name !== undefined && c.period !== undefined;
};

/** 2026-10, 2026/10, 2026-Q4, 2026Q4, or a date cell (its month). */
function periodOf(cell: Cell): string | null {
  if (cell instanceof Date) return monthKey(cell.getUTCFullYear() * 12 + cell.getUTCMonth());
  const text = cellLabel(cell).replace('/', '-');
  const q = parseQuarterKey(text);
  if (q !== null) return quarterKey(q);
  const m = parseMonthKey(text);
  return m === null ? null : monthKey(m);
}

/**
 * Reads targets back: a `perf forecast` workbook (its Targets sheet, including the manager's "Adjusted
 * target" and "Note") or a targets CSV with columns level, name, period (YYYY-MM or YYYY-Qn), target.
 * Only amount targets are read (rows whose measure says "count" are skipped).
 */
export async function readTargets(file: string, opts: { encoding?: string; sheet?: string } = {}): Promise<{ targets: TargetRow[]; problems: Problem[]; periods: string[] }> {
  const table = await openTable(file, { encoding: opts.encoding, sheet: opts.sheet, looksLikeHeader: isHeader });
  let cols: Partial<Record<Field, number>> | null = null;
  const targets: TargetRow[] = [];
  const problems: Problem[] = [];
  // every row's period, its target read or not (a refused forecast cell): what period the file is for
  const periods = new Set<string>();
  const problem = (row: number, column: string, value: Cell, code: string, en: string, zh: string) =>
    problems.push({ file, row, column, value: cellLabel(value), code, severity: 'error', message: bi(en, zh) });
  for await (const { row, cells } of table.rows()) {
    if (!cols) {
      if (isHeader(cells)) cols = columnsOf(cells);
      continue;
    }
    const at = (f: Field) => (cols![f] === undefined ? null : (cells[cols![f]!] ?? null));
    const name = cellLabel(at('name'));
    if (name === '' && cellLabel(at('target')) === '') continue;
    if (/count|单数/i.test(cellLabel(at('measure')))) continue;
    const levelText = cellLabel(at('level'));
    const level = levelText === '' ? 'rep' : LEVELS.get(normaliseKey(levelText));
    if (!level) {
      problem(row, 'level', at('level'), 'bad_level', `level must be rep, team or company`, `层级必须是 rep（销售）、team（团队）或 company（公司）`);
      continue;
    }
    const period = periodOf(at('period'));
    if (!period) {
      problem(row, 'period', at('period'), 'bad_period', 'period must look like 2026-11 or 2026-Q4', '期间必须形如 2026-11 或 2026-Q4');
      continue;
    }
    periods.add(period);
    const adjustedCell = at('adjusted');
    const adjusted = cellLabel(adjustedCell) === '' ? undefined : parseMoney(adjustedCell);
    const parsed = parseMoney(at('target'));
    const flag = cellLabel(at('flag'));
    // The forecast workbook writes "refused" where it would not set a target: a target to give, not a typo in an amount.
    if (!parsed.ok && REFUSED.has(normaliseKey(cellLabel(at('target')))) && !adjusted?.ok) {
      targets.push({
        level,
        name: level === 'company' ? 'company' : name,
        period,
        target: null,
        file,
        row,
        fromForecast: true,
        refused: bi(`${file} row ${row}${flag ? `: ${flagReasons(flag)[0]}` : ''}`, `${file} 第 ${row} 行${flag ? `：${flagReasons(flag)[0]}` : ''}`),
      });
      continue;
    }
    // A target the forecast refused ("refused" in the cell) that the manager replaced with an adjusted one is that adjusted target.
    const target = !parsed.ok && adjusted?.ok ? adjusted : parsed;
    if (!target.ok) {
      problem(row, 'target', at('target'), 'bad_target', `target is not an amount: ${target.reason.en}`, `目标不是金额：${target.reason.zh}`);
      continue;
    }
    if (adjusted && !adjusted.ok) problem(row, 'adjusted target', adjustedCell, 'bad_target', 'adjusted target is not an amount; the proposed target is used', '调整后目标不是金额；改用原目标');
    const note = cellLabel(at('note'));
    targets.push({
      level,
      name: level === 'company' ? 'company' : name,
      period,
      target: target.value,
      adjusted: adjusted?.ok ? adjusted.value : undefined,
      note: note || undefined,
      file,
      row,
      fromForecast: cols.statistical !== undefined,
      // the workbook's flag, in the language it was written in
      unreliable: flag ? flagReasons(flag).map((f) => bi(`${f} (${file})`, `${f}（${file}）`)) : undefined,
    });
  }
  if (!cols)
    throw new PerfError(
      EXIT.usage,
      bi(
        `${file}: no targets table found — expected a header with name, period and target columns (e.g. level,name,period,target), or the Targets sheet of a perf forecast workbook`,
        `${file}：未找到目标表——需要包含名称、期间和目标列的表头（如 level,name,period,target），或 perf forecast 工作簿的"目标"工作表`,
      ),
    );
  problems.push(...table.problems);
  return { targets, problems, periods: [...periods] };
}

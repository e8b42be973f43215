import { usageError } from '../core/errors.js';
import type { MethodName } from '../core/forecast/index.js';
import { defaultHorizon, parseAdjustments, type Adjustment, type PlanOptions, type RawRow } from '../core/plan/index.js';
import { monthIndex, monthKey, quarterKey, quarterOfMonth } from '../core/calendar.js';
import type { Problem } from '../schema/problem.js';
import type { Deal, TeamMember } from '../schema/rows.js';
import { openTable } from '../io/source/index.js';
import type { ReadFlags } from './common.js';
import type { Context } from './context.js';
import { noHistoryRefusal } from '../core/checks/sanity.js';
import { loadDealsAsOf, type RosterMatch } from './load.js';

/**
 * The one place where config and flags become forecast-plan options: `perf forecast`, `target check`,
 * `evaluate`, `calibrate prep`, `alerts` and `dashboard` plan with the same settings, so the targets
 * and projections one command shows are the ones the others use.
 */

export const METHODS: readonly MethodName[] = ['auto', 'snaive', 'naive', 'mean', 'ses', 'ets', 'damped', 'theta', 'croston', 'sba', 'combo', 'moq', 'static'];

export interface PlanFlags extends ReadFlags {
  team?: string;
  horizon?: string;
  method?: string;
  adjust?: string;
}

export interface PlanInputs {
  deals: Deal[];
  options: PlanOptions;
  /**
   * Read once every export of the run is read: the roster's reps without rows are restated as later exports
   * (leads, activities) are matched against it (RosterMatch), so both follow the roster's problems as they stand.
   */
  readonly problems: Problem[];
  readonly problemCounts: readonly { readonly problemCount: number }[];
  inputs: string[];
  /** the --team roster, to match the command's other exports (activity, leads) against */
  match?: RosterMatch;
  /** the deals export's currency when it names one */
  currency: string | null;
  /** the canonical fields the deals export has a column for */
  columns: ReadonlySet<string>;
}


/** Reads every row of a small table (adjustments, proposed targets) with the project's readers. */
export async function readRawRows(file: string, flags: ReadFlags): Promise<{ rows: RawRow[]; problems: Problem[] }> {
  const table = await openTable(file, { encoding: flags.encoding, sheet: flags.sheet });
  const rows: RawRow[] = [];
  for await (const r of table.rows()) rows.push(r);
  return { rows, problems: table.problems };
}

function intFlag(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw usageError(`${name} must be a whole number from ${min} to ${max}, not "${text}"`, `${name} 必须是 ${min} 到 ${max} 之间的整数，而不是"${text}"`);
  return n;
}

/** Plan options from the config (forecast and targets sections) and the --method / --horizon flags. */
export function planOptions(
  ctx: Context,
  flags: Pick<PlanFlags, 'method' | 'horizon'>,
  data: { file: string; roster?: readonly TeamMember[]; adjustments?: readonly Adjustment[]; amountColumn?: boolean },
): PlanOptions {
  const f = ctx.config.forecast;
  const method = (flags.method ?? f.method) as MethodName;
  if (!METHODS.includes(method)) throw usageError(`--method must be one of ${METHODS.join(', ')}`, `--method 必须是 ${METHODS.join('、')} 之一`);
  const horizon = intFlag(flags.horizon, '--horizon', 1, 36) ?? f.horizon;
  // Targets are for the quarter after the current one: a horizon that stops short of its end would set them for the month under way.
  const needed = defaultHorizon(monthIndex(ctx.asOf));
  if (horizon !== undefined && horizon < needed) {
    const ends = monthKey(monthIndex(ctx.asOf) + horizon - 1);
    const quarter = quarterKey(quarterOfMonth(monthIndex(ctx.asOf)) + 1);
    const from = flags.horizon !== undefined ? '--horizon' : '"forecast.horizon" in the config';
    throw usageError(
      `${from} ${horizon} ends the forecast at ${ends}, before the end of ${quarter}, the quarter targets are set for: give ${needed} or more (the default reaches it)`,
      `${from === '--horizon' ? '--horizon' : '配置中的 "forecast.horizon"'} ${horizon} 使预测止于 ${ends}，早于目标所在季度 ${quarter} 的结束：请设为 ${needed} 或更大（默认值即可覆盖）`,
    );
  }
  return {
    asOf: ctx.asOf,
    file: data.file,
    method,
    horizon,
    band: ctx.config.targets.band,
    bonusThreshold: ctx.config.targets.bonusThreshold,
    targetQuantile: ctx.config.targets.quantile,
    baselineMonths: f.baselineMonths,
    minMonthsForSeasonality: f.minMonthsForSeasonality,
    minRepMonths: f.minRepMonths,
    stageProbabilities: f.stageProbabilities,
    backtestOrigins: f.backtestOrigins,
    backtestHorizon: f.backtestHorizon,
    adjustments: data.adjustments ?? [],
    roster: data.roster?.length ? data.roster : undefined,
    newHiresTakeShare: ctx.config.guards.newHiresTakeTargetShare,
    amountColumn: data.amountColumn,
  };
}

/** Everything a planning command reads: deals (with --team), adjustments (--adjust), and the plan options. */
export async function loadPlanInputs(ctx: Context, file: string, flags: PlanFlags): Promise<PlanInputs> {
  planOptions(ctx, flags, { file }); // bad --method / --horizon: refuse before reading anything
  const { data, sources, roster, match } = await loadDealsAsOf(ctx, file, flags);
  ctx.refuse([noHistoryRefusal(data.file, data.rows, data.rowsRead, ctx.asOf)]);
  const adjustProblems: Problem[] = [];
  let adjustments: Adjustment[] = [];
  if (flags.adjust) {
    const raw = await readRawRows(flags.adjust, {});
    const parsed = parseAdjustments(flags.adjust, raw.rows);
    adjustments = parsed.adjustments;
    adjustProblems.push(...raw.problems, ...parsed.problems);
  }
  return {
    deals: data.rows,
    match,
    currency: data.currency,
    columns: new Set(Object.keys(data.mapping.fields)),
    get problems() {
      return [...sources.flatMap((s) => s.problems), ...adjustProblems];
    },
    problemCounts: [...sources, { problemCount: adjustProblems.length }],
    inputs: [file, ...(flags.team ? [flags.team] : []), ...(flags.adjust ? [flags.adjust] : [])],
    options: planOptions(ctx, flags, { file: data.file, roster: flags.team ? [...roster.values()] : undefined, adjustments, amountColumn: data.mapping.fields.amount !== undefined }),
  };
}

import { endOfDay, type LocalTime } from '../calendar.js';
import { isWon, type WonDeal } from '../deals.js';
import { teamOf } from '../teams.js';
import { bi, type Bi } from '../i18n.js';
import type { Activity, Deal } from '../../schema/rows.js';
import type { AuditConfig } from '../../schema/config/audit.js';
import { concentration, MONTHS, QUARTERS, type ConcentrationProfile, type Unit } from './concentration.js';
import { fastCloses, noActivity, type ActivityCoverage } from './activity.js';
import { duplicatesAndSplits } from './duplicates.js';
import { undoneQuarterEndWins } from './previous.js';
import { reversals, saysReversed } from './reversals.js';
import { singleKpi, type RepScores, type ScoreInput } from './single-kpi.js';
import { FLAG_KINDS, type Flag, type FlagKind, type RawFlag } from './types.js';
import { compareText } from '../values/text.js';

export * from './types.js';
export type { ConcentrationProfile, RepScores, ScoreInput, ActivityCoverage };

export interface AuditInput {
  deals: readonly Deal[];
  /** the activity log, when given: enables the no-activity check */
  activities?: readonly Activity[];
  /** results (perf evaluate) and behaviour (perf score) scores per rep: enables the single-KPI check */
  scores?: ScoreInput;
  asOf: LocalTime;
  config: AuditConfig;
  /** an earlier export of the same deals (--previous): quarter-end wins it shows undone since are cramming evidence */
  previous?: { deals: readonly Deal[]; files: { previous: string; current: string } };
  /** the canonical fields the deals export has a column for (a check without its column is not checked); all when absent */
  columns?: ReadonlySet<string>;
}

export interface AuditResult {
  flags: Flag[];
  /** flags per kind; null for a kind not checked */
  counts: Record<FlagKind, number | null>;
  /** why each kind that could not run was not checked (its input is missing): never reported as 0 flags */
  notChecked: Partial<Record<FlagKind, Bi>>;
  concentration: ConcentrationProfile[];
  scores: RepScores[];
  activityCoverage: ActivityCoverage | null;
  /** with --previous: deals matched by id, and quarter-end wins since lost, reopened, cancelled or deleted */
  previous: { file: string; matched: number; undone: number } | null;
  stats: { deals: number; won: number; reps: number; teams: number };
}

/** Reps of one team compare with their teammates; a rep alone in a team, with everyone else. */
function unitsOf(groups: Map<string, WonDeal[]>, teamOfUnit: (name: string) => string | undefined, byTeam: boolean): Unit[] {
  const names = [...groups.keys()].sort();
  return names.map((name) => {
    const team = teamOfUnit(name);
    const mates = byTeam ? names.filter((n) => n !== name && teamOfUnit(n) === team) : [];
    return { name, team, peers: mates.length ? mates : names.filter((n) => n !== name) };
  });
}

function groupBy(deals: readonly WonDeal[], key: (d: WonDeal) => string): Map<string, WonDeal[]> {
  const out = new Map<string, WonDeal[]>();
  for (const d of deals) (out.get(key(d)) ?? out.set(key(d), []).get(key(d))!).push(d);
  return out;
}

const SEVERITY = { high: 0, medium: 1, low: 2 };

/** Runs every check; flags come back ordered by severity, kind, rep and period, numbered F001 …. */
export function runAudit(input: AuditInput): AuditResult {
  const { config: cfg, asOf } = input;
  // Signed deals: won, dated, not after "today", and not a negative correcting row.
  const signed = input.deals.filter((d): d is WonDeal => isWon(d) && d.closed_at < endOfDay(asOf) && !((d.amount ?? 0) < 0));
  const repTeam = new Map(signed.map((d) => [d.rep, teamOf(d)]));
  const byRep = groupBy(signed, (d) => d.rep);
  const byTeam = groupBy(signed, teamOf);
  const raw: RawFlag[] = [];
  const profiles: ConcentrationProfile[] = [];
  for (const scheme of [QUARTERS, MONTHS]) {
    const reps = concentration(byRep, unitsOf(byRep, (r) => repTeam.get(r), true), 'rep', scheme, cfg, asOf);
    const teams = byTeam.size > 1 ? concentration(byTeam, unitsOf(byTeam, (t) => t, false), 'team', scheme, cfg, asOf) : { profiles: [], flags: [] };
    profiles.push(...reps.profiles, ...teams.profiles);
    raw.push(...reps.flags, ...teams.flags);
  }
  const has = (field: string) => input.columns?.has(field) ?? true;
  const notChecked: Partial<Record<FlagKind, Bi>> = {};
  // A reversal shows as a cancel date, a status, a stage that says so or a negative row: an export with none of them cannot show one.
  if (has('cancelled_at') || has('status') || input.deals.some((d) => saysReversed(d) || (d.amount ?? 0) < 0)) raw.push(...reversals(signed, input.deals, cfg));
  else
    notChecked.reversal = bi(
      'the deals have no cancel date or status column, and no row says cancelled or carries a negative amount',
      '商机没有取消日期或状态列，也没有标为取消或金额为负的行',
    );
  const noLog = bi('no activity log given (--activity)', '未提供活动记录（--activity）');
  let coverage: ActivityCoverage | null = null;
  if (input.activities) {
    const na = noActivity(signed, input.activities, cfg);
    coverage = na.coverage;
    raw.push(...na.flags);
    if (coverage.checked === 0)
      notChecked.no_activity =
        input.activities.length === 0
          ? bi('the activity log has no rows', '活动记录没有数据行')
          : !has('customer')
            ? bi('the deals have no customer column to match the activities with', '商机没有客户列，无法与活动记录对应')
            : bi(
                `no won deal's ${cfg.activityLookbackDays}-day look-back lies inside the span the activity log covers`,
                `没有赢单的签约前 ${cfg.activityLookbackDays} 天落在活动记录覆盖的期间内`,
              );
  } else notChecked.no_activity = noLog;
  let previous: AuditResult['previous'] = null;
  if (input.previous) {
    const ev = undoneQuarterEndWins(input.previous.deals, input.deals, cfg, asOf, input.previous.files);
    previous = { file: input.previous.files.previous, matched: ev.matched, undone: ev.flags.length };
    raw.push(...ev.flags);
  }
  if (input.scores) raw.push(...singleKpi(signed, input.scores, cfg));
  if (!input.scores)
    notChecked.single_kpi = input.activities ? bi('the activity log has no activity up to --as-of', '活动记录在 --as-of 之前没有任何活动') : noLog;
  else if (!input.scores.scores.some((s) => s.results !== null && s.behaviour !== null))
    notChecked.single_kpi = bi('no rep has both a results and a behaviour score (see the checks above)', '没有销售同时有业绩得分和行为得分（见上方检查）');
  const fast = fastCloses(signed, cfg);
  raw.push(...fast.flags);
  if (!has('created_at')) notChecked.fast_close = bi('the deals have no created (engage) date column', '商机没有创建（接洽）日期列');
  else if (fast.reps === 0)
    notChecked.fast_close = bi(`no rep has ${cfg.minHistory} won deals with a created date to set their usual cycle`, `没有哪位销售有 ${cfg.minHistory} 个带创建日期的赢单，无法确定其通常周期`);
  // Duplicates and splits pair deals of one customer by amount.
  const missing = [has('customer') ? null : bi('customer', '客户'), has('amount') ? null : bi('amount', '金额')].filter((m): m is Bi => m !== null);
  if (missing.length === 0) raw.push(...duplicatesAndSplits(signed, input.deals, cfg));
  else {
    const why = bi(`the deals have no ${missing.map((m) => m.en).join(' and no ')} column`, `商机没有${missing.map((m) => m.zh).join('和')}列`);
    notChecked.duplicate = why;
    notChecked.split = why;
  }
  const order = (f: RawFlag) => [SEVERITY[f.severity], FLAG_KINDS.indexOf(f.kind), f.level === 'deal' ? 2 : f.level === 'team' ? 1 : 0] as const;
  raw.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return (
      x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || compareText(a.rep ?? a.team ?? '', b.rep ?? b.team ?? '') ||
      compareText(a.period ?? '', b.period ?? '') || (a.evidence[0]?.row ?? 0) - (b.evidence[0]?.row ?? 0)
    );
  });
  const flags = raw.map((f, i) => ({ id: `F${String(i + 1).padStart(3, '0')}`, ...f }));
  const counts = Object.fromEntries(FLAG_KINDS.map((k) => [k, notChecked[k] ? null : flags.filter((f) => f.kind === k).length])) as Record<FlagKind, number | null>;
  return {
    flags,
    counts,
    notChecked,
    concentration: profiles,
    scores: [...(input.scores?.scores ?? [])],
    activityCoverage: coverage,
    previous,
    stats: { deals: input.deals.length, won: signed.length, reps: byRep.size, teams: byTeam.size },
  };
}

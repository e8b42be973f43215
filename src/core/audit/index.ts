import { endOfDay, type LocalTime } from '../calendar.js';
import { isWon, type WonDeal } from '../deals.js';
import { teamOf } from '../teams.js';
import type { Activity, Deal } from '../../schema/rows.js';
import type { AuditConfig } from '../../schema/config/audit.js';
import { concentration, MONTHS, QUARTERS, type ConcentrationProfile, type Unit } from './concentration.js';
import { fastCloses, noActivity, type ActivityCoverage } from './activity.js';
import { duplicatesAndSplits } from './duplicates.js';
import { undoneQuarterEndWins } from './previous.js';
import { reversals } from './reversals.js';
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
}

export interface AuditResult {
  flags: Flag[];
  counts: Record<FlagKind, number>;
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
  raw.push(...reversals(signed, input.deals, cfg));
  let coverage: ActivityCoverage | null = null;
  if (input.activities) {
    const na = noActivity(signed, input.activities, cfg);
    coverage = na.coverage;
    raw.push(...na.flags);
  }
  let previous: AuditResult['previous'] = null;
  if (input.previous) {
    const ev = undoneQuarterEndWins(input.previous.deals, input.deals, cfg, asOf, input.previous.files);
    previous = { file: input.previous.files.previous, matched: ev.matched, undone: ev.flags.length };
    raw.push(...ev.flags);
  }
  if (input.scores) raw.push(...singleKpi(signed, input.scores, cfg));
  raw.push(...fastCloses(signed, cfg), ...duplicatesAndSplits(signed, input.deals, cfg));
  const order = (f: RawFlag) => [SEVERITY[f.severity], FLAG_KINDS.indexOf(f.kind), f.level === 'deal' ? 2 : f.level === 'team' ? 1 : 0] as const;
  raw.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return (
      x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || compareText(a.rep ?? a.team ?? '', b.rep ?? b.team ?? '') ||
      compareText(a.period ?? '', b.period ?? '') || (a.evidence[0]?.row ?? 0) - (b.evidence[0]?.row ?? 0)
    );
  });
  const flags = raw.map((f, i) => ({ id: `F${String(i + 1).padStart(3, '0')}`, ...f }));
  const counts = Object.fromEntries(FLAG_KINDS.map((k) => [k, flags.filter((f) => f.kind === k).length])) as Record<FlagKind, number>;
  return {
    flags,
    counts,
    concentration: profiles,
    scores: [...(input.scores?.scores ?? [])],
    activityCoverage: coverage,
    previous,
    stats: { deals: input.deals.length, won: signed.length, reps: byRep.size, teams: byTeam.size },
  };
}

import type { ScoreResult } from '../score/index.js';

const meanBy = <T extends { score: number | null }>(rows: readonly T[], key: (r: T) => string): Map<string, number | null> => {
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const list = groups.get(key(r)) ?? groups.set(key(r), []).get(key(r))!;
    if (r.score !== null) list.push(r.score);
  }
  return new Map([...groups].map(([k, v]) => [k, v.length ? v.reduce((s, x) => s + x, 0) / v.length : null]));
};

/** The behaviour of a period as `evaluate` takes it: per rep and team, and the months it rests on. */
export interface Behaviour {
  reps: ReadonlyMap<string, number | null>;
  teams: ReadonlyMap<string, number | null>;
  /** the months of the period scored (those the activity log covers), the same for every rep */
  months: readonly string[];
  /** the months of the period left out: the activity log does not cover them */
  unscored: readonly string[];
}

/**
 * The behaviour score of a period per rep and per team: the mean of their monthly `perf score`
 * scores (0–100, unrounded) over the months the activity log covers; null when no KBI fell due in
 * any of them.
 */
export function behaviourOf(score: Pick<ScoreResult, 'reps' | 'teams' | 'period'>): Behaviour {
  const months = score.period.scoredMonths;
  return {
    reps: meanBy(score.reps, (r) => r.rep),
    teams: meanBy(score.teams, (r) => r.team),
    months,
    unscored: score.period.months.filter((m) => !months.includes(m)),
  };
}

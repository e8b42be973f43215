import type { ScoreResult } from '../score/index.js';

const r1 = (v: number) => Math.round(v * 10) / 10;

const meanBy = <T extends { score: number | null }>(rows: readonly T[], key: (r: T) => string): Map<string, number | null> => {
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const list = groups.get(key(r)) ?? groups.set(key(r), []).get(key(r))!;
    if (r.score !== null) list.push(r.score);
  }
  return new Map([...groups].map(([k, v]) => [k, v.length ? r1(v.reduce((s, x) => s + x, 0) / v.length) : null]));
};

/**
 * The behaviour score of a period per rep and per team: the mean of their monthly `perf score`
 * scores (0–100) over the months with a score; null when no KBI fell due in any month.
 */
export function behaviourOf(score: Pick<ScoreResult, 'reps' | 'teams'>): { reps: Map<string, number | null>; teams: Map<string, number | null> } {
  return { reps: meanBy(score.reps, (r) => r.rep), teams: meanBy(score.teams, (r) => r.team) };
}

import { bi, tr, type Bi, type Lang } from '../i18n.js';
import type { KbiValue, ScoreResult } from '../score/types.js';
import { COLORS, frame, levelLabel, NARROW, slug } from './style.js';
import type { Chart, LevelKind } from './types.js';

/** One level's behaviour per month: score (0–100) and KBI compliance. */
export interface ScoreMonth {
  month: string;
  score: number | null;
  kbis: KbiValue[];
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * A level's months from the score result: a rep's own months, a team's roll-up, and for the company
 * the mean of the reps' scores with the KBI checks pooled over every rep (passed ÷ due).
 */
export function scoreMonths(r: ScoreResult, level: LevelKind, name: string): ScoreMonth[] {
  if (level === 'rep') return r.reps.filter((x) => x.rep === name).map((x) => ({ month: x.month, score: x.score, kbis: x.kbis }));
  if (level === 'team') return r.teams.filter((x) => x.team === name).map((x) => ({ month: x.month, score: x.score, kbis: x.kbis }));
  return r.period.months.map((month) => {
    const reps = r.reps.filter((x) => x.month === month);
    const kbis = r.kbis.map((k) => {
      const vs = reps.map((x) => x.kbis.find((v) => v.kbi === k.kbi)!).filter(Boolean);
      const passed = vs.reduce((s, v) => s + v.passed, 0);
      const due = vs.reduce((s, v) => s + v.due, 0);
      const actuals = vs.filter((v) => v.actual !== null && v.due > 0);
      return {
        kbi: k.kbi,
        label: k.label,
        unit: k.unit,
        threshold: k.threshold,
        passed,
        due,
        pending: vs.reduce((s, v) => s + v.pending, 0),
        actual: actuals.length ? actuals.reduce((s, v) => s + v.actual! * v.due, 0) / actuals.reduce((s, v) => s + v.due, 0) : null,
        compliance: due > 0 ? passed / due : null,
      };
    });
    return { month, score: mean(reps.map((x) => x.score).filter((s): s is number => s !== null)), kbis };
  });
}

/** Behaviour score per month (points and a line). */
export function scoreChart(id: string, level: LevelKind, name: string, months: readonly ScoreMonth[], lang: Lang): Chart {
  const t = (b: Bi) => tr(lang, b);
  const m = t(bi('Month', '月份'));
  const s = t(bi('Behaviour score', '行为得分'));
  const values = months.filter((x) => x.score !== null).map((x) => ({ [m]: x.month, [s]: Math.round(x.score! * 10) / 10, desc: `${x.month} · ${s} ${x.score!.toFixed(1)}` }));
  const x = { field: m, type: 'ordinal', scale: { domain: months.map((x) => x.month) }, axis: { labelAngle: 0, title: null } };
  const y = { field: s, type: 'quantitative', scale: { domain: [0, 100] } };
  const title = `${t(levelLabel(level, name))} · ${s}`;
  return {
    id: `score-${slug(id)}`,
    kind: 'score',
    title,
    spec: frame(lang, title, bi('0–100 per month; KBI compliance and points', '每月 0–100；由 KBI 达成率与积分构成'), {
      width: NARROW,
      height: 180,
      data: { values },
      layer: [
        { name: 'scoreLine', mark: { type: 'line', color: COLORS.score }, encoding: { x, y } },
        { name: 'score', mark: { type: 'point', filled: true, size: 40, color: COLORS.score }, encoding: { x, y, description: { field: 'desc' } } },
        { name: 'scoreLabel', mark: { type: 'text', dy: -10, fontSize: 10 }, encoding: { x, y, text: { field: s, type: 'quantitative', format: '.1f' } } },
      ],
    }),
    marks: { score: values.length },
  };
}

/** KBI compliance (share of due checks passed) per KBI, one bar per month with checks due. */
export function kbiChart(id: string, level: LevelKind, name: string, months: readonly ScoreMonth[], lang: Lang): Chart {
  const t = (b: Bi) => tr(lang, b);
  const m = t(bi('Month', '月份'));
  const k = 'KBI';
  const c = t(bi('Compliance', '达成率'));
  const values = months.flatMap((x) =>
    x.kbis.filter((v) => v.compliance !== null).map((v) => ({ [m]: x.month, [k]: t(v.label), [c]: Math.round(v.compliance! * 1000) / 1000, passed: v.passed, due: v.due, desc: `${x.month} · ${t(v.label)} ${v.passed}/${v.due}` })),
  );
  const kbiOrder = months[0]?.kbis.map((v) => t(v.label)) ?? [];
  const title = `${t(levelLabel(level, name))} · ${t(bi('KBI compliance', 'KBI 达成率'))}`;
  return {
    id: `kbi-${slug(id)}`,
    kind: 'kbi',
    title,
    spec: frame(lang, title, bi('Share of due checks passed, by month; line: 100%', '到期检查的通过比例（按月）；横线：100%'), {
      width: NARROW,
      height: 180,
      layer: [
        {
          name: 'kbi',
          data: { values },
          mark: { type: 'bar' },
          encoding: {
            x: { field: k, type: 'nominal', sort: kbiOrder, axis: { labelAngle: lang === 'zh' ? 0 : -25, title: null } },
            xOffset: { field: m, type: 'ordinal', sort: months.map((x) => x.month) },
            y: { field: c, type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
            color: { field: m, type: 'ordinal', scale: { scheme: 'blues' }, legend: { title: null } },
            description: { field: 'desc' },
          },
        },
        { name: 'full', mark: { type: 'rule', color: COLORS.target, strokeDash: [3, 2] }, encoding: { y: { datum: 1 } } },
      ],
    }),
    marks: { kbi: values.length },
  };
}

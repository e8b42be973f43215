import { isoDate } from '../../core/calendar.js';
import { bi, formatPercent, labelled, type Lang } from '../../core/i18n.js';
import { coverageNote, KBI_SHORT, type KbiValue, type ScoreResult } from '../../core/score/index.js';
import { KBI_IDS } from '../../schema/kbis.js';
import type { Context } from '../context.js';
import { bar, num, problemLines, renderTable, wrapText } from '../render.js';
import { compareText } from '../../core/values/text.js';

const pct = (lang: Lang, v: number | null) => (v === null ? '—' : formatPercent(lang, v, 0));

const kbiCell = (lang: Lang, v: KbiValue) => (v.compliance === null ? '       —' : `${bar(v.compliance, 3)} ${pct(lang, v.compliance).padStart(4)}`);

export function renderScore(ctx: Context, r: ScoreResult, problems: ScoreResult['problems'], problemCount: number, out?: string): string {
  const t = ctx.t;
  const lang = ctx.lang;
  const blocks: string[] = [];
  blocks.push(
    t(
      bi(
        `Behaviour scores ${isoDate(r.period.from)} … ${isoDate(r.period.to)} (as of ${isoDate(r.period.cutoff - 86_400_000)}; ${num(lang, r.stats.inPeriod)} of ${num(lang, r.stats.activities)} activities in the period)`,
        `行为评分 ${isoDate(r.period.from)} … ${isoDate(r.period.to)}（截至 ${isoDate(r.period.cutoff - 86_400_000)}；期内行为 ${num(lang, r.stats.inPeriod)} 条，共 ${num(lang, r.stats.activities)} 条）`,
      ),
    ),
  );
  const coverage = coverageNote(r.period);
  if (coverage) blocks[0] += `\n${wrapText(t(coverage))}`;
  const kbiHead = KBI_IDS.map((k) => t(KBI_SHORT[k]));
  for (const month of r.period.scoredMonths) {
    const reps = r.reps.filter((x) => x.month === month).sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || compareText(a.rep, b.rep));
    blocks.push(
      renderTable(
        ['#', t(bi('Rep', '销售')), t(bi('Team', '团队')), t(bi('Score', '得分')), t(bi('Points', '积分')), ...kbiHead],
        reps.map((x) => [x.rank === null ? '—' : String(x.rank), x.rep, x.team, x.score === null ? '—' : x.score.toFixed(1), x.points, ...x.kbis.map((v) => kbiCell(lang, v))]),
        // Scores are printed as text (one decimal) but are numbers: right-aligned like the points (the KBI cells lay out their own bars).
        { title: t(bi(`Leaderboard ${month}`, `排行榜 ${month}`)), right: [0, 3, 4] },
      ),
    );
    const teams = r.teams.filter((x) => x.month === month).sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
    if (teams.length)
      blocks.push(
        renderTable(
          ['#', t(bi('Team', '团队')), t(bi('Reps', '人数')), t(bi('Avg score', '平均得分')), t(bi('Points', '积分')), ...kbiHead],
          teams.map((x) => [x.rank === null ? '—' : String(x.rank), x.team, x.reps, x.score === null ? '—' : x.score.toFixed(1), x.points, ...x.kbis.map((v) => kbiCell(lang, v))]),
          { title: t(bi(`Teams ${month}`, `团队汇总 ${month}`)), right: [0, 2, 3, 4] },
        ),
      );
  }
  const thresholds = r.kbis
    .map((k) => `  ${t(KBI_SHORT[k.kbi])} = ${labelled(lang, t(k.label), `${k.kbi === 'objection' ? '' : `≥ ${k.threshold} `}${t(k.unit)}`)}${k.available ? '' : t(bi(' (needs --deals)', '（需要 --deals）'))}`)
    .join('\n');
  const misses = KBI_IDS.map((k) => `${t(r.kbis.find((x) => x.kbi === k)!.label)} ${r.misses.byKbi[k]}`).join(' · ');
  blocks.push(
    [
      t(bi('KBIs (bars: share of due checks passed):', 'KBI（条形：到期检查通过比例）：')),
      thresholds,
      labelled(lang, t(bi('Misses', '未达标')), misses) + (out ? '' : t(bi(' — details with -o FILE.xlsx or --json', ' —— 明细见 -o FILE.xlsx 或 --json'))),
      labelled(lang, t(bi('Formula', '公式')), t(r.formula)),
    ].join('\n'),
  );
  blocks.push(problemLines(ctx, problems, problemCount));
  return wrapText(blocks.join('\n\n'));
}

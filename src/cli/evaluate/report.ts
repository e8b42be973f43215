import { isoDate } from '../../core/calendar.js';
import { bi, formatNumber, formatPercent, type Bi } from '../../core/i18n.js';
import type { Evaluation, EvaluateResult } from '../../core/evaluate/index.js';
import type { Context } from '../context.js';
import { clipText, renderTable, wrapText } from '../render.js';
import { compareText } from '../../core/values/text.js';

/** Short band labels for the text table (the workbook and JSON carry the full ones). */
const BAND_SHORT: Record<Evaluation['band'], Bi> = {
  below: bi('below', '低于'),
  on: bi('on', '达标'),
  above: bi('above', '超额'),
  none: bi('—', '—'),
};

/** Why a team's reward is "—" in the text and workbook (and null in JSON). */
export const TEAM_REWARD = bi(
  'Rewards are paid per rep; a team has none (—): its reps\' rewards already pay for its deals.',
  '奖励按个人发放；团队不另计奖励（—）：其成员的奖励已涵盖这些订单。',
);

/** The essential columns only (rank, name, target, won, attainment, band, the three scores, reward); the rest is in -o and --json. */
export function renderEvaluation(ctx: Context, r: EvaluateResult, targetsFrom: string): string {
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const n = (v: number | null, d = 0) => (v === null ? '—' : formatNumber(ctx.lang, v, d));
  // deal-count targets keep a tenth (a forecast of 2.4 deals), whole counts show none
  const q = (v: number | null) => (r.measure === 'count' && v !== null && !Number.isInteger(v) ? n(v, 1) : n(v));
  const p = (v: number | null) => (v === null ? '—' : formatPercent(ctx.lang, v, 0));
  const running = r.status === 'running';
  const head = (name: string) => [
    '#',
    name,
    t('Target', '目标'),
    r.measure === 'count' ? t('Won deals', '赢单数') : t('Won', '赢单额'),
    t('Attainment', '达成率'),
    t('Band', '区间'),
    t('Results', '业绩'),
    t('Behav.', '行为'),
    t('Overall', '综合'),
    t('Reward', '奖励'),
  ];
  const rightCols = [0, 2, 3, 4, 6, 7, 8, 9];
  const row = (e: Evaluation) => {
    const reward = e.rewardStatus === 'unreliable' ? t('withheld', '暂缓') : e.level !== 'rep' || e.reward === null ? '—' : n(e.reward.amount);
    const attainment = running && e.projectedAttainment !== null ? `${p(e.attainment)} → ${p(e.projectedAttainment)}` : p(e.attainment);
    // the forecast's own marks: ✗ refused (not scored), ⚠ unreliable (scored, not paid)
    const target = e.targetStatus === 'refused' ? '✗' : `${e.targetStatus === 'unreliable' ? '⚠ ' : ''}${q(e.target)}${e.adjusted !== null ? '*' : ''}`;
    return [
      e.shortHistory ? '⚠' : e.targetStatus === 'refused' ? '✗' : e.rank === null ? '—' : String(e.rank),
      clipText(e.name, 18),
      target,
      q(e.actual),
      attainment,
      ctx.t(BAND_SHORT[e.band]),
      n(e.results, 1),
      r.behaviourScored ? n(e.behaviour, 1) : '—',
      n(e.overall, 1),
      reward,
    ];
  };
  // ranked first, then the unranked (short history), then those without a score
  const order = (e: Evaluation) => (e.rank !== null ? e.rank : e.shortHistory ? 1e6 : 1e9);
  const byRank = (a: Evaluation, b: Evaluation) => order(a) - order(b) || compareText(a.name, b.name);
  const adjusted = r.reps.concat(r.teams).filter((e) => e.adjusted !== null);
  const marked = (s: Evaluation['targetStatus']) => r.reps.concat(r.teams).some((e) => e.targetStatus === s);
  const cfg = ctx.config.evaluate;
  const legend = running
    ? t(
        `Attainment: to date → projected. Band ±${cfg.band * 100}% on the projected attainment: below the floor, on target, above (reward). No reward before the period closes.`,
        `达成率：截至目前 → 预计。区间 ±${cfg.band * 100}%，按预计达成率判断：低于下限、达标、超额（奖励）。期间结束前不计奖励。`,
      )
    : t(`Band ±${cfg.band * 100}% on the attainment: below the floor, on target, above (reward).`, `区间 ±${cfg.band * 100}%，按达成率判断：低于下限、达标、超额（奖励）。`);
  const prose = (lines: string[]) => wrapText(lines.join('\n'));
  return [
    prose([
      running
        ? t(
            `Evaluation ${r.period.key} (as of ${isoDate(ctx.asOf)}, period running: provisional); targets: ${targetsFrom}`,
            `综合评价 ${r.period.key}（截至 ${isoDate(ctx.asOf)}，期间未结束：暂定）；目标来源：${targetsFrom}`,
          )
        : t(`Evaluation ${r.period.key} (as of ${isoDate(ctx.asOf)}); targets: ${targetsFrom}`, `综合评价 ${r.period.key}（截至 ${isoDate(ctx.asOf)}）；目标来源：${targetsFrom}`),
      ctx.t(r.formula),
      // caveats first: which months the behaviour rests on, who is not ranked, what is not paid
      ...r.notes.map((x) => ctx.t(x)),
    ]),
    '',
    renderTable(head(t('Rep', '销售')), [...r.reps].sort(byRank).map(row), { right: rightCols, title: t('Reps', '销售'), plain: true }),
    '',
    renderTable(head(t('Team', '团队')), [...r.teams].sort(byRank).map(row), { right: rightCols, title: t('Teams', '团队'), plain: true }),
    '',
    prose([
      legend,
      ...(marked('refused') ? [t('✗ target refused by the forecast: not scored, not ranked, no reward (reason in the checks above).', '✗ 预测拒绝的目标：不评分、不排名、不计奖励（原因见上方检查）。')] : []),
      ...(marked('unreliable')
        ? [t('⚠ target the forecast called unreliable: scored, but no reward is paid on it until a manager adjusts it (reason in the checks above).', '⚠ 预测认为不可靠的目标：照常评分，经理调整前不计奖励（原因见上方检查）。')]
        : []),
      ctx.t(TEAM_REWARD),
      ...(adjusted.length
        ? [t('* target adjusted by the manager:', '* 经理调整过的目标：'), ...adjusted.map((e) => `  ${e.name}: ${q(e.proposed)} → ${q(e.adjusted)}${e.note ? ` (${e.note})` : ''}`)]
        : []),
      t('All columns (target to date, floor, ceiling, reward tiers, sources): -o FILE.xlsx or --json.', '全部列（截至目前目标、下限、上限、奖励档位、来源）：-o FILE.xlsx 或 --json。'),
    ]),
  ].join('\n');
}

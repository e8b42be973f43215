import { isoDate } from '../../core/calendar.js';
import { bi, type Bi } from '../../core/i18n.js';
import type { Evaluation, EvaluateResult } from '../../core/evaluate/index.js';
import type { Problem } from '../../schema/problem.js';
import { problemsSheet, targetFormat, type SheetSpec } from '../../io/workbook.js';
import type { Context } from '../context.js';
import { TEAM_REWARD } from './report.js';

const BANDS: Record<Evaluation['band'], Bi> = {
  below: bi('below floor', '低于下限'),
  on: bi('on target', '达标区间'),
  // The Reward column says whether it pays (a team, a withheld or provisional reward do not).
  above: bi('above band', '高于区间'),
  none: bi('no target', '无目标'),
};

export function evaluationSheets(ctx: Context, r: EvaluateResult, problems: Problem[]): SheetSpec[] {
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const all = [...r.reps, ...r.teams];
  // spread after the evaluation's own fields: its level ('rep'/'team') must not override the translated one
  const who = (e: Evaluation) => ({ level: e.level === 'rep' ? t('rep', '销售') : t('team', '团队'), name: e.name, team: e.level === 'rep' ? e.team : '' });
  const notes = r.notes.map((x) => ctx.t(x));
  const base = [
    { key: 'level', header: t('Level', '层级'), width: 8 },
    { key: 'name', header: t('Name', '名称'), width: 16 },
    { key: 'team', header: t('Team', '团队'), width: 10 },
  ];
  // deal counts when the deals carry no amounts; won amounts keep their cents, the amounts perf sets (targets and
  // what follows from them, rewards) read as the forecast's targets and as the text report shows them
  const val = r.measure === 'count' ? ('decimal' as const) : ('money' as const);
  const tgt = targetFormat(r.measure);
  const fill = (row: Record<string, unknown>, key: string) =>
    key === 'band' ? (row.bandKey === 'below' ? 'bad' : row.bandKey === 'above' ? 'good' : row.bandKey === 'on' ? 'info' : 'warn') : undefined;
  return [
    {
      name: t('Evaluation', '综合评价'),
      notes: [ctx.t(r.formula), t(`Period ${r.period.key}, as of ${isoDate(ctx.asOf)}.`, `期间 ${r.period.key}，截至 ${isoDate(ctx.asOf)}。`), ...notes, ctx.t(TEAM_REWARD)],
      columns: [
        ...base,
        { key: 'rank', header: t('Rank', '排名'), format: 'int', width: 7 },
        { key: 'teamRank', header: t('Rank in team', '团队内排名'), format: 'int', width: 9 },
        { key: 'results', header: t('Results score', '业绩得分'), format: 'score' },
        { key: 'behaviour', header: t('Behaviour score', '行为得分'), format: 'score' },
        { key: 'overall', header: t('Overall score', '综合得分'), format: 'score' },
        // While the period runs the band is judged on the projection: both attainments stand beside it, as in the text report (46% → 86%).
        ...(r.status === 'running'
          ? [
              { key: 'attainment', header: t('Attainment to date', '截至目前达成率'), format: 'percent' as const },
              { key: 'projectedAttainment', header: t('Projected attainment', '预计达成率'), format: 'percent' as const },
            ]
          : [{ key: 'attainment', header: t('Attainment', '达成率'), format: 'percent' as const }]),
        { key: 'band', header: bandHeader(ctx, r), width: 18 },
        { key: 'reward', header: t('Reward', '奖励'), format: 'wholeMoney' },
        { key: 'rankNote', header: t('Not ranked', '未排名'), width: 24 },
        { key: 'targetDoubt', header: t('Target status', '目标状态'), width: 40 },
      ],
      rows: all.map((e) => ({
        ...e,
        ...who(e),
        teamRank: e.level === 'rep' ? e.teamRank : null,
        band: ctx.t(BANDS[e.band]),
        bandKey: e.band,
        reward: rewardCell(ctx, e),
        rankNote: e.shortHistory ? shortHistoryNote(ctx) : e.targetStatus === 'refused' ? t('✗ target refused', '✗ 目标被拒绝') : '',
        targetDoubt: targetStatusText(ctx, e),
      })),
      fill,
    },
    {
      name: t('Attainment', '目标达成'),
      columns: [
        ...base,
        { key: 'deals', header: t('Won deals', '赢单数'), format: 'int' },
        { key: 'actual', header: r.measure === 'count' ? t('Won deals (counted)', '赢单数（计入）') : t('Won amount', '赢单金额'), format: val },
        { key: 'reversed', header: t('Reversed (not counted)', '已撤销（不计）'), format: 'int' },
        { key: 'proposed', header: t('Proposed target', '建议目标'), format: tgt },
        { key: 'adjusted', header: t('Adjusted target', '调整后目标'), format: tgt },
        { key: 'note', header: t('Note', '备注'), width: 30 },
        { key: 'target', header: t('Target used', '采用目标'), format: tgt },
        { key: 'floor', header: t('Floor', '下限'), format: tgt },
        { key: 'ceiling', header: t('Ceiling', '上限'), format: tgt },
        ...(r.status === 'running'
          ? [
              { key: 'expectedToDate', header: t('Target to date', '截至目前目标'), format: tgt },
              { key: 'attainment', header: t('Attainment to date', '截至目前达成率'), format: 'percent' as const },
              { key: 'projected', header: t('Projected', '预计'), format: tgt },
              { key: 'projectedAttainment', header: t('Projected attainment', '预计达成率'), format: 'percent' as const },
            ]
          : [{ key: 'attainment', header: t('Attainment', '达成率'), format: 'percent' as const }]),
        { key: 'band', header: bandHeader(ctx, r), width: 18 },
        { key: 'targetSource', header: t('Target from', '目标来源'), width: 30 },
        { key: 'targetDoubt', header: t('Target status', '目标状态'), width: 40 },
      ],
      rows: all.map((e) => ({ ...e, ...who(e), band: ctx.t(BANDS[e.band]), bandKey: e.band, targetDoubt: targetStatusText(ctx, e) })),
      fill,
    },
    {
      name: t('Behaviour', '行为'),
      notes: r.behaviourScored
        ? [
            t(
              `Behaviour score: perf score (KBI compliance and point rules), averaged over the months the activity log covers: ${r.behaviourMonths.join(', ')}.`,
              `行为得分：perf score（KBI 达标率与积分规则），按活动记录覆盖的月份平均：${r.behaviourMonths.join('、')}。`,
            ),
          ]
        : notes.slice(0, 1),
      columns: [...base, { key: 'behaviour', header: t('Behaviour score', '行为得分'), format: 'score' }],
      rows: all.map((e) => ({ ...who(e), behaviour: e.behaviour })),
    },
    {
      name: t('Reward', '奖励'),
      notes: [
        r.status === 'closed'
          ? t('Each tier\'s rate applies to the amount signed between its attainment and the next tier\'s.', '每档费率适用于该档达成率与下一档之间签约的金额。')
          : t(`Provisional: ${r.period.key} is not over; rewards are computed once it closes.`, `暂定：${r.period.key} 尚未结束，期间结束后才计算奖励。`),
      ],
      columns: [
        { key: 'name', header: t('Rep', '销售'), width: 16 },
        { key: 'team', header: t('Team', '团队'), width: 10 },
        { key: 'tier', header: t('Tier from attainment', '档位起点（达成率）'), format: 'percent' },
        { key: 'rate', header: t('Rate', '费率'), format: 'percent' },
        { key: 'base', header: t('Amount in tier', '档内金额'), format: 'wholeMoney' },
        { key: 'reward', header: t('Reward', '奖励'), format: 'wholeMoney' },
      ],
      rows: r.reps.flatMap((e) => [
        ...(e.reward?.tiers ?? []).map((x) => ({ name: e.name, team: e.team, tier: x.attainment, rate: x.rate, base: x.base, reward: x.reward })),
        ...(e.reward && e.reward.bonusBase > 0 ? [{ name: e.name, team: e.team, tier: null, rate: null, base: null, reward: e.reward.bonusBase }] : []),
      ]),
    },
    problemsSheet(ctx.lang, problems),
  ];
}

/** "Band", or "Band (projected)" while the period runs. */
const bandHeader = (ctx: Context, r: EvaluateResult) => ctx.t(r.status === 'running' ? bi('Band (projected)', '区间（预计）') : bi('Band', '区间'));

/** A rep's reward; "provisional" while the period runs; withheld on an unreliable target; "—" where none applies (a team, no target, deal counts, a refused target), as in the text. */
const rewardCell = (ctx: Context, e: Evaluation): number | string =>
  e.reward !== null
    ? e.reward.amount
    : e.rewardStatus === 'provisional'
      ? ctx.t(bi('provisional', '暂定'))
      : e.rewardStatus === 'unreliable'
        ? ctx.t(bi('withheld: target unreliable', '暂缓：目标不可靠'))
        : '—';

/** "✗ refused: why" or "⚠ unreliable: why", empty for a sound target. */
const targetStatusText = (ctx: Context, e: Evaluation): string => {
  const why = e.targetDoubts.map((d) => ctx.t(d)).join(ctx.lang === 'zh' ? '；' : '; ');
  return e.targetStatus === 'sound' ? '' : e.targetStatus === 'refused' ? ctx.t(bi(`✗ refused by the forecast: ${why}`, `✗ 预测拒绝：${why}`)) : ctx.t(bi(`⚠ unreliable: ${why}`, `⚠ 不可靠：${why}`));
};

const shortHistoryNote = (ctx: Context) => {
  const months = ctx.config.forecast.minRepMonths;
  return ctx.t(bi(`⚠ not ranked: target rests on < ${months} months of history`, `⚠ 未排名：目标所依据的历史不足 ${months} 个月`));
};

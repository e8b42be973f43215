import { isoDate } from '../../core/calendar.js';
import { bi, formatNumber, formatPercent, labelled, nounCount } from '../../core/i18n.js';
import { FLAG_KINDS, scoreText, type AuditResult } from '../../core/audit/index.js';
import type { Context } from '../context.js';
import { renderTable, wrapText } from '../render.js';
import { KIND_LABELS, notCheckedLines, SEVERITY } from './labels.js';

export function renderAudit(ctx: Context, r: AuditResult): string {
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const n = ctx.config.audit.lastDays;
  const num = (v: number) => formatNumber(ctx.lang, v);
  const counted = (v: number, noun: string) => nounCount(v, noun, num(v));
  const lines: string[] = [
    t(
      `Audit as of ${isoDate(ctx.asOf)}: ${counted(r.stats.won, 'won deal')} of ${counted(r.stats.deals, 'row')}, ${counted(r.stats.reps, 'rep')}, ${counted(r.stats.teams, 'team')} — ${counted(r.flags.length, 'flag')}`,
      `审计（截至 ${isoDate(ctx.asOf)}）：${num(r.stats.deals)} 行中 ${num(r.stats.won)} 个赢单，${r.stats.reps} 名销售，${r.stats.teams} 个团队——共 ${num(r.flags.length)} 个标记`,
    ),
    FLAG_KINDS.filter((k) => r.counts[k] !== null)
      .map((k) => {
        const low = r.flags.filter((f) => f.kind === k && f.severity === 'low').length;
        return `${ctx.t(KIND_LABELS[k])} ${r.counts[k]}${low ? t(` (${low} low)`, `（其中低 ${low}）`) : ''}`;
      })
      .join(' · '),
    ...notCheckedLines((b) => ctx.t(b), r),
  ];
  if (r.previous) {
    const undone = r.previous.undone;
    lines.push(
      t(
        `With --previous ${r.previous.file}: ${nounCount(undone, 'quarter-end win')} since lost, reopened, cancelled or deleted, counted among the period-end cramming flags`,
        `对照 --previous ${r.previous.file}：${undone} 个季末赢单此后输单、重开、取消或被删除，已计入期末冲量标记`,
      ),
    );
  }
  lines.push('');
  const pct = (v: number) => formatPercent(ctx.lang, v);
  const quarter = r.concentration.filter((p) => p.periodKind === 'quarter');
  lines.push(
    renderTable(
      [t('Rep / team', '销售/团队'), t('Won', '赢单'), t(`Last ${n} days`, `最后 ${n} 天`), t('Share', '占比'), t('Amount share', '金额占比'), t('Expected', '预期'), 'z', t('Flagged', '被标记')],
      quarter.map((p) => [
        p.level === 'team' ? `[${p.unit}]` : p.unit,
        p.deals,
        p.lastDeals,
        pct(p.share),
        p.amountShare === null ? '—' : pct(p.amountShare),
        pct(p.expected),
        formatNumber(ctx.lang, p.z, 2),
        p.flaggedPeriods.join(' ') || '—',
      ]),
      {
        // The shares and z are printed as text but are numbers: right-aligned with the counts.
        right: [1, 2, 3, 4, 5, 6],
        title: t(
          `Quarter-end concentration (complete quarters only: the running quarter is left out; last ${n} days of each quarter)`,
          `季末集中度（仅完整季度，不含进行中的季度；每季度最后 ${n} 天）`,
        ),
      },
    ),
    '',
  );
  if (r.scores.length)
    lines.push(
      renderTable(
        [t('Rep', '销售'), t('Won in span', '期间赢单额'), t('Results', '业绩'), t('Behaviour', '行为')],
        r.scores.map((s) => [s.rep, formatNumber(ctx.lang, s.wonAmount), scoreText(s.results), scoreText(s.behaviour)]),
        { right: [1, 2, 3], title: t(`Results against behaviour (${ctx.t(r.scores[0].source)})`, `业绩与行为（${ctx.t(r.scores[0].source)}）`) },
      ),
      '',
    );
  if (r.activityCoverage)
    lines.push(
      t(
        `No-activity check: ${r.activityCoverage.checked} deals checked; ${r.activityCoverage.outside} signed outside the span the activity log covers were not judged.`,
        `无活动检查：检查了 ${r.activityCoverage.checked} 个订单；${r.activityCoverage.outside} 个签约于活动记录覆盖期之外，未判断。`,
      ),
      '',
    );
  lines.push(t('Flags (!! high · ! medium · · low: worth a look, not a finding)', '标记（!! 高 · ! 中 · · 低：值得一看，并非结论）'));
  if (r.flags.length === 0) lines.push(t('  none', '  无'));
  for (const f of r.flags) {
    lines.push(`  ${f.id} ${SEVERITY[f.severity].mark} [${ctx.t(KIND_LABELS[f.kind])}] ${ctx.t(f.message)}`);
    const prev = f.evidence.filter((e) => e.file === 'previous').map((e) => e.row);
    const rows = f.evidence.filter((e) => e.file !== 'previous').map((e) => e.row);
    const where = [rows.length ? labelled(ctx.lang, t('rows', '行号'), rows.join(', ')) : '', prev.length ? labelled(ctx.lang, t('rows in --previous', '--previous 中的行号'), prev.join(', ')) : ''];
    lines.push(`       ${where.filter(Boolean).join(' · ')}`);
  }
  return wrapText(lines.join('\n'));
}

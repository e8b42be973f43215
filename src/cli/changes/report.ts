import chalk from 'chalk';
import { BUCKETS, REPEATED_PUSHES, balance, waterfallSteps, type Bucket, type Changes, type Movement, type Snap, type Waterfall } from '../../core/changes/index.js';
import { isoDate } from '../../core/calendar.js';
import { bi, formatNumber, nounCount, type Lang } from '../../core/i18n.js';
import type { Context } from '../context.js';
import { clipText, textTable, wrapText } from '../render.js';
import { textWidth } from '../../core/text-width.js';
import { BUCKET_NAMES, TAG_NAMES, money, moneyDecimals, stepLabel, windowRule } from './labels.js';
import { compareText } from '../../core/values/text.js';
import { NO_TEAM } from '../../core/teams.js';

const BAR = 36;
const DEALS_LISTED = 10;

const pad = (text: string, width: number) => {
  const t = clipText(text, width);
  return t + ' '.repeat(Math.max(0, width - textWidth(t)));
};
const padLeft = (text: string, width: number) => ' '.repeat(Math.max(0, width - textWidth(text))) + text;

/** Short money for the per-group tables, so nine columns fit 100: 12.3k / 4.56M, or 12.3万 / 4.56亿. */
function compact(lang: Lang, cents: number): string {
  const v = cents / 100;
  const a = Math.abs(v);
  if (lang === 'zh') {
    if (a >= 1e8) return `${formatNumber(lang, v / 1e8, 2)}亿`;
    if (a >= 1e4) return `${formatNumber(lang, v / 1e4, 1)}万`;
    return formatNumber(lang, v, 0);
  }
  if (a >= 1e6) return `${formatNumber(lang, v / 1e6, 2)}M`;
  if (a >= 1e4) return `${formatNumber(lang, v / 1e3, 1)}k`;
  return formatNumber(lang, v, 0);
}

/** The company waterfall as bars: totals from zero, each flow floating between the running totals. */
function waterfallChart(ctx: Context, w: Waterfall, counts: Map<Bucket, number>, startDeals: number, endDeals: number, dec: number): string[] {
  const steps = waterfallSteps(w, (b) => w.buckets[b] !== 0 || counts.has(b)).map((s) => {
    const total = s.step === 'start' || s.step === 'end';
    const deals = s.step === 'start' ? startDeals : s.step === 'end' ? endDeals : (counts.get(s.step) ?? 0);
    const sign = total || s.cents === 0 ? '' : s.to > s.from ? '+' : '−';
    return { ...s, label: ctx.t(stepLabel(s.step)), total, deals, sign };
  });
  const max = Math.max(1, ...steps.flatMap((s) => [s.from, s.to]));
  const col = (v: number) => Math.round((Math.max(0, v) / max) * BAR);
  const amounts = steps.map((s) => s.sign + money(ctx.lang, s.total ? s.cents : Math.abs(s.to - s.from), dec));
  const aw = Math.max(...amounts.map(textWidth));
  return steps.map((s, i) => {
    let lo = col(Math.min(s.from, s.to));
    let hi = col(Math.max(s.from, s.to));
    // A flow too small for one column still gets one, so no bucket with money looks empty.
    if (hi === lo && s.cents !== 0) [lo, hi] = lo === BAR ? [BAR - 1, BAR] : [lo, lo + 1];
    const glyph = s.total ? '█' : s.to > s.from ? '▒' : '░';
    const bar = ' '.repeat(lo) + glyph.repeat(hi - lo) + ' '.repeat(BAR - hi);
    const line = `${pad(s.label, 18)} ${bar} ${padLeft(amounts[i], aw)}  ${ctx.t(bi(nounCount(s.deals, 'deal'), `${s.deals} 个`))}`;
    return s.total ? chalk.bold(line) : line;
  });
}

const arrow = (a: string, b: string) => (a === b ? a : `${a}→${b}`);
const dateOf = (s: Snap | null) => (s?.date == null ? '—' : isoDate(s.date));
const stageOf = (s: Snap | null) => (s === null ? '—' : s.stage_label || s.stage);

/** One line per deal: id, owner, close date, amount and stage, each as OLD→NEW when it changed. */
function dealLine(ctx: Context, m: Movement, dec: number): string {
  const amt = (s: Snap | null) => (s === null ? '—' : money(ctx.lang, s.cents, dec));
  return [
    '  ' + pad(m.id, 12),
    pad(arrow(m.old?.rep ?? '—', m.new?.rep ?? '—'), 18),
    pad(arrow(dateOf(m.old), dateOf(m.new)), 21),
    pad(arrow(amt(m.old), amt(m.new)), 21),
    clipText(arrow(stageOf(m.old), stageOf(m.new)), 20),
  ].join(' ').trimEnd();
}

export function renderChanges(ctx: Context, files: { old: string; new: string }, c: Changes): string {
  const t = (en: string, zh: string) => ctx.t(bi(en, zh));
  const dec = moneyDecimals(c);
  const { window: win } = c;
  const out: string[] = [
    chalk.bold(t(`perf changes · ${files.old} → ${files.new}`, `perf changes · ${files.old} → ${files.new}`)),
    t(
      `Window ${win.quarter} (${isoDate(win.start)} – ${isoDate(win.end)}): ${ctx.t(windowRule(win))}. A deal is in the window when its expected close (open) or close date (won/lost) falls in it.`,
      `窗口 ${win.quarter}（${isoDate(win.start)} – ${isoDate(win.end)}）：${ctx.t(windowRule(win))}。未结商机按预计成交日期、已结商机按成交日期落入窗口。`,
    ),
  ];
  out.push('');
  const counts = new Map<Bucket, number>();
  for (const m of c.movements) for (const b of new Set(m.flows.map((f) => f.bucket))) counts.set(b, (counts.get(b) ?? 0) + 1);
  const startDeals = c.movements.filter((m) => m.inStart).length;
  const endDeals = c.movements.filter((m) => m.inEnd).length;
  const w = c.total;
  out.push(chalk.bold(t('Open pipeline in the window: where it went', '窗口内未结商机的去向')));
  out.push(...waterfallChart(ctx, w, counts, startDeals, endDeals, dec));
  const ok = balance(w) === w.end;
  out.push(
    ok
      ? t('start + created + pulled in + reopened + increased − decreased − pushed − moved earlier − won − lost − deleted = end, to the cent ✓', '期初 + 新建 + 提前纳入 + 重新打开 + 增加 − 减少 − 推迟 − 提前出窗 − 赢单 − 输单 − 删除 = 期末，精确到分 ✓')
      : chalk.red(t('✗ the waterfall does not balance — please report this as a bug', '✗ 瀑布不平衡——请报告此缺陷')),
    '',
  );

  for (const level of c.levels.filter((l) => l.level !== 'company')) {
    const groups = level.groups;
    if (level.level === 'team' && groups.every((g) => g.key === NO_TEAM)) continue;
    const b = (g: Waterfall, ...ks: Bucket[]) => ks.reduce((s, k) => s + g.buckets[k], 0);
    const cm = (v: number) => compact(ctx.lang, v);
    out.push(
      textTable(
        [level.level === 'team' ? t('Team', '团队') : t('Rep', '销售'), t('Start', '期初'), t('+In', '+纳入'), t('±Amount', '±金额'), t('−Pushed', '−推迟'), t('−Won', '−赢单'), t('−Lost', '−输单'), t('−Other', '−其他'), t('End', '期末')],
        groups.map((g) => [
          clipText(g.key, 16),
          cm(g.start),
          cm(b(g, 'created', 'pulled_in', 'reopened', 'owner_in')),
          cm(g.buckets.increased - g.buckets.decreased),
          cm(b(g, 'pushed', 'moved_earlier')),
          cm(g.buckets.won),
          cm(g.buckets.lost),
          cm(b(g, 'deleted', 'owner_out')),
          cm(g.end) + (balance(g) === g.end ? '' : ' ✗'),
        ]),
        [1, 2, 3, 4, 5, 6, 7, 8],
        level.level === 'team' ? t('Per team', '按团队') : t('Per rep', '按销售'),
      ),
    );
    out.push(t('  +In = created + pulled in + reopened + owner moved in · −Other = deleted + owner moved out', '  +纳入 = 新建 + 提前纳入 + 重新打开 + 转入 · −其他 = 删除 + 转出'), '');
  }

  if (c.slippage.length) {
    const fromHistory = c.pushesFrom === 'history';
    out.push(
      textTable(
        [t('Rep', '销售'), t('Deals', '单数'), t('Times', '次数'), t('No date', '无日期'), t('Days', '天数'), t('Avg days', '平均天数'), t('Amount pushed', '推迟金额')],
        c.slippage.map((s) => {
          const dated = s.deals - s.undated;
          return [
            clipText(s.rep, 18) + (s.repeated ? ' ⚑' : ''),
            String(s.deals),
            String(s.times),
            String(s.undated),
            dated ? formatNumber(ctx.lang, s.daysPushed) : '—',
            dated ? formatNumber(ctx.lang, s.daysPushed / dated, 1) : '—',
            money(ctx.lang, s.cents, dec),
          ];
        }),
        [1, 2, 3, 4, 5, 6],
        t(
          `Slippage per rep: deals pushed out of the window; times = ${fromHistory ? "how often the field history moved their expected close later" : 'one per deal (two snapshots show one move each)'}; no date = expected close removed; days = expected close NEW − OLD over the deals that still have one`,
          `各销售推迟情况：推迟出窗口的商机；次数 = ${fromHistory ? '字段变更记录中预计成交日期被推后的次数' : '每单一次（两份快照只能看到一次变动）'}；无日期 = 预计成交日期被清空；天数 = 新预计日期 − 旧预计日期，仅计仍有日期的商机`,
        ),
      ),
    );
    const repeated = c.slippage.filter((s) => s.repeated);
    if (repeated.length)
      out.push(
        t(
          `  ⚑ repeated pusher (${REPEATED_PUSHES}+ pushes): ${repeated.map((s) => `${s.rep} ${s.times}×`).join(', ')} — ask what keeps moving these dates`,
          `  ⚑ 反复推迟（${REPEATED_PUSHES} 次及以上）：${repeated.map((s) => `${s.rep} ${s.times} 次`).join('、')}——问清这些日期为何一再推后`,
        ),
      );
    out.push('');
  }

  out.push(chalk.bold(t('The deals behind each bucket (id · owner · close date · amount · stage, OLD→NEW)', '各项背后的商机（编号 · 负责人 · 成交日期 · 金额 · 阶段，旧→新）')));
  const listed = (title: string, ms: Movement[]) => {
    if (!ms.length) return;
    out.push(`${title} (${ms.length})`);
    for (const m of ms.slice(0, DEALS_LISTED)) out.push(dealLine(ctx, m, dec));
    if (ms.length > DEALS_LISTED) out.push(t(`  … and ${ms.length - DEALS_LISTED} more (all in --json and -o changes.xlsx)`, `  … 另有 ${ms.length - DEALS_LISTED} 个（--json 和 -o changes.xlsx 中列出全部）`));
  };
  const bySize = (b: Bucket) => (m: Movement) => m.flows.filter((f) => f.bucket === b).reduce((s, f) => s + f.cents, 0);
  for (const bucket of BUCKETS) {
    const size = bySize(bucket);
    listed(ctx.t(BUCKET_NAMES[bucket]), c.movements.filter((m) => m.flows.some((f) => f.bucket === bucket)).sort((a, b) => size(b) - size(a) || compareText(a.id, b.id)));
  }
  for (const tag of ['owner_changed', 'stage_progressed', 'stage_regressed', 'stage_changed'] as const)
    listed(ctx.t(TAG_NAMES[tag]), c.movements.filter((m) => m.tags.includes(tag)));
  return wrapText(out.join('\n'));
}

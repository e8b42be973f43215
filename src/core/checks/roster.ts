import type { Check } from '../../schema/check.js';
import type { Refusal } from './refusal.js';
import type { Problem } from '../../schema/problem.js';
import type { TeamMember } from '../../schema/rows.js';
import { bi, nounCount, byCount, grouped } from '../i18n.js';
import { compareText, normaliseKey } from '../values/text.js';
import type { TeamOverrides } from '../teams.js';

export type NearMissKind = 'variant' | 'swapped' | 'spelling';

export interface Reconciliation {
  /** data name → roster name, from the roster's alias column */
  renames: Map<string, string>;
  /** data reps not on the roster, with the roster name they probably mean */
  unknown: { rep: string; didYouMean?: { rep: string; why: NearMissKind } }[];
  /** roster reps with no row in the data */
  idle: TeamMember[];
  /** roster names with rows in the data (directly or by an alias) */
  used: ReadonlySet<string>;
  /** roster names a rep of the data probably means (its near miss) */
  nearMissed: ReadonlySet<string>;
  checks: Check[];
  problems: Problem[];
}

const ALIAS_SPLIT = /\s*[,;，；、|]\s*/;

/** Two names that print differently but are the same person's: width, case, spaces (`张 伟`, `ＺＨＡＮＧ Wei`). */
const loose = (name: string) => normaliseKey(name);
const tokens = (name: string) => name.normalize('NFKC').toLowerCase().split(/[\s,.·・_-]+/).filter(Boolean).sort().join(' ');

function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The roster name a data name probably means. `variants`: names matched by spacing, width or case alone
 * (default: the candidates) — every roster name, for such a variant is the same person's whether or not
 * the roster name has rows of its own ("zhang wei" beside "Zhang Wei" splits one rep's score in two).
 */
export function nearMiss(rep: string, candidates: readonly string[], variants: readonly string[] = candidates): { rep: string; why: NearMissKind } | undefined {
  const key = loose(rep);
  const variant = variants.find((c) => loose(c) === key);
  if (variant) return { rep: variant, why: 'variant' };
  const t = tokens(rep);
  const swapped = t.includes(' ') ? candidates.find((c) => tokens(c) === t) : undefined;
  if (swapped) return { rep: swapped, why: 'swapped' };
  // One slip in a short (e.g. Chinese) name, two in a longer one.
  const max = [...key].length <= 4 ? 1 : 2;
  let best: { rep: string; d: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(key, loose(c), max);
    if (d <= max && (!best || d < best.d)) best = { rep: c, d };
  }
  return best && { rep: best.rep, why: 'spelling' };
}

export const WHY = {
  variant: bi('the same name written with other spaces, width or case', '同一姓名，仅空格、全半角或大小写不同'),
  swapped: bi('given and family name swapped', '姓与名顺序颠倒'),
  spelling: bi('a near spelling', '拼写相近'),
};

/** Spelling on the roster's alias column → the roster name: known before any data row, so a streamed export is renamed as it is read. */
export function rosterAliases(roster: readonly TeamMember[]): Map<string, string> {
  const names = new Set(roster.map((m) => m.rep));
  const aliasOf = new Map<string, string>();
  for (const m of roster) for (const a of (m.aliases ?? '').split(ALIAS_SPLIT)) if (a && !names.has(a)) aliasOf.set(a, m.rep);
  return aliasOf;
}

/**
 * Matches the reps in the data against the roster (`--team`): aliases listed on the roster are applied;
 * every other mismatch — a rep the roster lacks, a roster rep without data, a near miss — is a problem
 * and a check, and nothing is merged by guesswork.
 */
export function reconcileRoster(
  dataReps: Iterable<string>,
  roster: readonly TeamMember[],
  files: { data: string; roster: string },
  opts: { idle?: boolean } = {},
): Reconciliation {
  const names = new Set(roster.map((m) => m.rep));
  const aliasOf = rosterAliases(roster);

  const renames = new Map<string, string>();
  const used = new Set<string>();
  const strangers: string[] = [];
  for (const rep of new Set(dataReps)) {
    if (names.has(rep)) used.add(rep);
    else if (aliasOf.has(rep)) {
      renames.set(rep, aliasOf.get(rep)!);
      used.add(aliasOf.get(rep)!);
    } else strangers.push(rep);
  }
  strangers.sort((a, b) => compareText(a, b));
  const idle = roster.filter((m) => !used.has(m.rep));
  const idleNames = idle.map((m) => m.rep);
  const unknown = strangers.map((rep) => ({ rep, didYouMean: nearMiss(rep, idleNames, roster.map((m) => m.rep)) }));

  const checks: Check[] = [];
  const problems: Problem[] = [];
  const check = (en: string, zh: string) => checks.push({ code: 'roster', status: 'reconciled', file: files.roster, message: bi(en, zh) });
  // A few renames one line each; a whole export in the roster's other spelling (characters for pinyin) in one line.
  if (renames.size <= 3) for (const [from, to] of renames) check(`"${from}" in ${files.data} is ${to} (alias on the roster)`, `${files.data} 中的"${from}"即 ${to}（花名册中的别名）`);
  else {
    const pairs = [...renames].sort(([a], [b]) => compareText(a, b)).map(([from, to]) => `"${from}" = ${to}`);
    check(`${renames.size} reps in ${files.data} are named by the roster's aliases: ${list(pairs)}`, `${files.data} 中有 ${renames.size} 名销售按花名册中的别名对应：${list(pairs, '、')}`);
  }
  for (const u of unknown) {
    const hint = u.didYouMean;
    const en = hint ? `rep "${u.rep}" is not on the roster: did you mean "${hint.rep}" (${WHY[hint.why].en})?` : `rep "${u.rep}" is not on the roster.`;
    const zh = hint ? `销售"${u.rep}"不在花名册中：是否指"${hint.rep}"（${WHY[hint.why].zh}）？` : `销售"${u.rep}"不在花名册中。`;
    problems.push({
      file: files.data,
      row: null,
      column: null,
      value: u.rep,
      code: hint ? 'roster_near_miss' : 'roster_unknown_rep',
      severity: 'warning',
      message: bi(
        `${en} Add them to the roster, or list the spelling in its "aliases" column`,
        `${zh}请将其加入花名册，或在花名册的"别名"列中登记该写法`,
      ),
    });
  }
  for (const u of unknown.filter((x) => x.didYouMean))
    check(`"${u.rep}" is not on the roster: did you mean "${u.didYouMean!.rep}"? (${WHY[u.didYouMean!.why].en})`, `"${u.rep}"不在花名册中：是否指"${u.didYouMean!.rep}"？（${WHY[u.didYouMean!.why].zh}）`);
  const plain = unknown.filter((x) => !x.didYouMean).map((x) => x.rep);
  if (plain.length > 0) check(`${nounCount(plain.length, 'rep')} in the data ${byCount(plain.length, 'is', 'are')} not on the roster: ${list(plain)}`, `数据中有 ${plain.length} 名销售不在花名册中：${list(plain, '、')}`);
  const nearMissed = new Set(unknown.flatMap((u) => (u.didYouMean ? [u.didYouMean.rep] : [])));
  if (opts.idle !== false) {
    const unused = idleReport(roster, used, nearMissed, { data: [files.data], roster: files.roster });
    problems.push(...unused.problems);
    checks.push(...unused.checks);
  }
  return { renames, unknown, idle, used, nearMissed, checks, problems };
}

/**
 * The roster reps with no row in any of the exports (`used`: the roster names that have rows), but those a
 * rep in the data probably means (`nearMissed`: said as a near miss instead): one problem each and one check.
 * A run reading several exports (deals, leads, activities) asks once for all of them: a rep with no leads
 * but deals and activities is not idle.
 */
export function idleReport(roster: readonly TeamMember[], used: ReadonlySet<string>, nearMissed: ReadonlySet<string>, files: { data: readonly string[]; roster: string }): { problems: Problem[]; checks: Check[] } {
  const lonely = roster.filter((m) => !used.has(m.rep) && !nearMissed.has(m.rep));
  const where = bi(
    files.data.length > 1 ? `${files.data.slice(0, -1).join(', ')} or ${files.data.at(-1)}` : (files.data[0] ?? ''),
    files.data.length > 1 ? `${files.data.join('、')} 中都` : `${files.data[0] ?? ''} 中`,
  );
  const problems: Problem[] = lonely.map((m) => ({
    file: files.roster,
    row: m.row,
    column: null,
    value: m.rep,
    code: 'roster_no_data',
    severity: 'warning',
    message: bi(`roster rep "${m.rep}" has no rows in ${where.en}`, `花名册中的"${m.rep}"在 ${where.zh}没有数据`),
  }));
  const names = lonely.map((m) => m.rep);
  const checks: Check[] = names.length
    ? [{ code: 'roster', status: 'reconciled', file: files.roster, message: bi(`${nounCount(names.length, 'roster rep')} ${byCount(names.length, 'has', 'have')} no rows in the data: ${list(names)}`, `花名册中有 ${names.length} 名销售在数据中没有记录：${list(names, '、')}`) }]
    : [];
  return { problems, checks };
}

/** The first `max` names, joined as each language lists them (Chinese with 、), then how many more (+N): a reader can tell one hidden name from fifty. */
export const list = (names: string[], sep = ', ', max = 5) => (names.length > max ? `${names.slice(0, max).join(sep)} … (+${names.length - max})` : names.join(sep));

/** Reps whose override is told in full; past them the count says how many more. */
const OVERRIDES_TOLD = 3;

/**
 * The rows the roster put in another team than their export named (`onRoster`), said once for the run
 * whatever command reads them: a rep's results otherwise show under a team its export does not name, with
 * no word of why. Reps with most such rows first.
 */
export function teamOverrideCheck(overrides: TeamOverrides, files: { data: readonly string[]; roster: string }): Check | null {
  if (overrides.size === 0) return null;
  const reps = [...overrides].map(([rep, o]) => ({ rep, roster: o.roster, named: [...o.named.keys()].sort(compareText), rows: [...o.named.values()].reduce((s, n) => s + n, 0) }));
  reps.sort((a, b) => b.rows - a.rows || compareText(a.rep, b.rep));
  const rows = reps.reduce((s, r) => s + r.rows, 0);
  const en = reps.map((r) => `${r.rep}: export ${r.named.join('/')}, roster ${r.roster}`);
  const zh = reps.map((r) => `${r.rep}：导出为 ${r.named.join('/')}，花名册为 ${r.roster}`);
  return {
    code: 'roster_team',
    status: 'reconciled',
    file: files.roster,
    message: bi(
      `${nounCount(rows, 'row', grouped(rows))} of ${nounCount(reps.length, 'rep')} in ${files.data.join(' and ')} ${byCount(rows, 'names', 'name')} a team other than the roster's; the roster's team is used (${list(en, '; ', OVERRIDES_TOLD)})`,
      `${files.data.join('、')} 中有 ${reps.length} 名销售的 ${grouped(rows)} 行所填团队与花名册不同，按花名册的团队计（${list(zh, '；', OVERRIDES_TOLD)}）`,
    ),
  };
}

/**
 * A roster that none of an export's reps is on is the wrong file or another spelling of every name (the
 * roster in pinyin, the export in characters): matched, it would put every rep outside any team and show
 * the roster's teams with nothing in them as if they had been forecast. Refused, with samples of both sides.
 */
export function rosterMismatch(rec: Pick<Reconciliation, 'used' | 'unknown' | 'idle'>, files: { data: string; roster: string }): Refusal | null {
  if (rec.used.size > 0 || rec.unknown.length === 0 || rec.idle.length === 0) return null;
  const sample = (names: string[], sep: string) => names.slice(0, 3).map((n) => `"${n}"`).join(sep) + (names.length > 3 ? ' …' : '');
  const data = rec.unknown.map((u) => u.rep);
  const roster = rec.idle.map((m) => m.rep);
  return {
    code: 'roster_mismatch',
    file: files.roster,
    override: null,
    message: bi(
      `${files.roster}: none of the ${nounCount(data.length, 'rep')} in ${files.data} is on this roster (the export has ${sample(data, ', ')}; the roster ${sample(roster, ', ')}).\nGive the roster of this export, list the export's spellings in the roster's "aliases" column, or run without --team.`,
      `${files.roster}：${files.data} 中的 ${data.length} 名销售都不在这份花名册中（导出文件为 ${sample(data, '、')}；花名册为 ${sample(roster, '、')}）。\n请提供与该导出对应的花名册，或在花名册的"别名"列中登记导出文件中的写法，或不加 --team 运行。`,
    ),
  };
}

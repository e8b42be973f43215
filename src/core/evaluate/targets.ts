import type { Check } from '../../schema/check.js';
import type { Problem } from '../../schema/problem.js';
import { nearMiss, WHY } from '../checks/roster.js';
import { bi } from '../i18n.js';
import { NO_TEAM } from '../teams.js';
import type { TargetRow } from './index.js';

/**
 * Target rows of the evaluated period (`keys`: the period and its months) whose rep or team is nobody in
 * the data (deals, activity log, roster): a typo or another case would otherwise be scored as a made-up rep
 * with 0 %, and the real rep left without a target. Such rows are left out, each a problem, and said first
 * with the name it probably means, matched as the roster matches names (nothing merged by guesswork).
 */
export function unknownTargetNames(
  targets: readonly TargetRow[],
  keys: readonly string[],
  known: { reps: readonly string[]; teams: readonly string[] },
): { targets: TargetRow[]; problems: Problem[]; checks: Check[] } {
  const names = { rep: new Set(known.reps), team: new Set(known.teams) };
  // "—" is the forecast's group of reps without a team: a row of its workbook, nobody's typo.
  const isUnknown = (t: TargetRow) => t.level !== 'company' && t.name !== NO_TEAM && keys.includes(t.period) && !names[t.level].has(t.name);
  const unknown = targets.filter(isUnknown);
  // A slip most likely means someone the file gives no target to.
  const targeted = new Set(targets.filter((t) => !isUnknown(t)).map((t) => `${t.level}\u0000${t.name}`));
  const hintFor = (t: TargetRow) => {
    const all = t.level === 'rep' ? known.reps : known.teams;
    const untargeted = all.filter((n) => !targeted.has(`${t.level}\u0000${n}`));
    return nearMiss(t.name, untargeted) ?? nearMiss(t.name, all);
  };
  const problems: Problem[] = [];
  const checks: Check[] = [];
  const said = new Set<string>();
  for (const t of unknown) {
    const hint = hintFor(t);
    const what = t.level === 'rep' ? bi('rep', '销售') : bi('team', '团队');
    const en = `"${t.name}" is no ${what.en} in the deals, the activity log or the roster${hint ? `: did you mean "${hint.rep}" (${WHY[hint.why].en})?` : '.'}`;
    const zh = `"${t.name}"不是商机、活动记录或花名册中的${what.zh}${hint ? `：是否指"${hint.rep}"（${WHY[hint.why].zh}）？` : '。'}`;
    problems.push({
      file: t.file,
      row: t.row ?? null,
      column: 'name',
      value: t.name,
      code: hint ? 'target_near_miss' : 'target_unknown_name',
      severity: 'error',
      message: bi(`${en} Its target is not evaluated; write the name as the data do.`, `${zh}该目标不参与考核；请按数据中的写法填写姓名。`),
    });
    if (said.has(`${t.level}\u0000${t.name}`)) continue;
    said.add(`${t.level}\u0000${t.name}`);
    checks.push({
      code: 'target_unknown_name',
      status: 'caveat',
      file: t.file,
      message: bi(`${t.file} row ${t.row}: ${en} Its target is not evaluated.`, `${t.file} 第 ${t.row} 行：${zh}该目标不参与考核。`),
    });
  }
  return { targets: targets.filter((t) => !isUnknown(t)), problems, checks };
}

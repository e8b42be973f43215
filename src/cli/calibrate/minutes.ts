import type { Command } from 'commander';
import { defaultDue, minutesTemplate } from '../../core/calibrate/minutes.js';
import { bi } from '../../core/i18n.js';
import { checkOutputPath, writeTextFile } from '../../io/output.js';
import { action, examples } from '../common.js';
import { load } from '../load.js';
import { dateFlag, sub } from './common.js';

interface MinutesFlags {
  date?: string;
  manager?: string;
  team?: string;
  out?: string;
  force?: boolean;
}

export function registerMinutes(parent: Command): void {
  const cmd = sub(parent, 'minutes')
    .argument('<rep>', 'the rep the calibration is with')
    .description('write a minutes template: the four questions and an action-item section that `record` reads back')
    .option('--date <date>', 'meeting date (default: --as-of, i.e. today)')
    .option('--manager <name>', 'the manager (default: from --team)')
    .option('--team <file>', 'the roster, to fill in the manager')
    .option('-o, --out <file>', 'write the template to FILE (default: stdout)', '-')
    .option('--force', 'replace an existing file');
  examples(cmd, ['sales-perf calibrate minutes "Wang Fang" --date 2026-12-07 -o minutes.md', 'sales-perf --lang zh calibrate minutes 王芳 --team teams.csv']);
  action<MinutesFlags>(cmd, async (ctx, [rep], flags) => {
    const date = dateFlag(flags.date, '--date') ?? ctx.asOf;
    const out = flags.out ?? '-';
    checkOutputPath(out, { force: flags.force });
    let manager = flags.manager;
    if (manager === undefined && flags.team) manager = (await load(ctx, flags.team, 'teams')).rows.find((m) => m.rep === rep)?.manager;
    const text = minutesTemplate({ lang: ctx.lang, rep, manager, date, questions: ctx.config.calibrate.questions, due: defaultDue(date) });
    await writeTextFile(out, text, { force: flags.force });
    if (out !== '-') ctx.note(ctx.t(bi(`wrote ${out}; after the meeting: sales-perf calibrate record ${out}`, `已写入 ${out}；会后运行：sales-perf calibrate record ${out}`)));
  });
}

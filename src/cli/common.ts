import type { Command } from 'commander';
import { EXIT, PerfError } from '../core/errors.js';
import { bi, formatNumber, tr, type Bi } from '../core/i18n.js';
import { checkLines } from '../core/checks/report.js';
import { LEVELS, type Level } from '../core/plan/types.js';
import { writeTextFile, type OutputPolicy } from '../io/output.js';
import type { SheetSpec } from '../io/workbook.js';
import { makeContext, type Context, type GlobalFlags } from './context.js';
import { terminal } from './render.js';

export interface ReadFlags {
  encoding?: string;
  sheet?: string;
}

export interface OutputFlags {
  out?: string;
  force?: boolean;
  json?: boolean;
}

export const addReadFlags = (cmd: Command): Command =>
  cmd
    .option('--encoding <name>', 'force the CSV encoding (utf-8, gb18030, gbk, utf-16le …); default: detected')
    .option('--sheet <name|n>', 'XLSX sheet by name or 1-based number; default: the first with a recognisable header');

export const addOutputFlags = (cmd: Command, outHelp = 'write the result to FILE (.xlsx workbook, .json, .csv …)'): Command =>
  cmd
    .option('-o, --out <file>', outHelp)
    .option('--force', 'replace an existing output file')
    .option('--json', 'print JSON instead of the text report');

/** Commands whose results describe "now": run on an export that ended long ago, they are refused. */
const FRESH_DATA_COMMANDS = new Set(['forecast', 'target', 'backtest', 'score', 'evaluate', 'audit', 'alerts', 'dashboard']);

/**
 * Wraps a command handler: builds the context from global and local flags, and turns the handler's
 * return value into the exit code.
 */
export function action<F extends object>(
  cmd: Command,
  handler: (ctx: Context, args: string[], flags: F & GlobalFlags) => Promise<number | void> | number | void,
): Command {
  return cmd.action(async (...params: unknown[]) => {
    const self = params[params.length - 1] as Command;
    const flags = self.optsWithGlobals() as F & GlobalFlags;
    const args = params.slice(0, -2).flat() as string[];
    const ctx = makeContext(flags);
    const format = (flags as { format?: string }).format;
    ctx.textReport = !(flags as OutputFlags).json && (format === undefined || format === 'text');
    let top = self;
    while (top.parent?.parent) top = top.parent;
    ctx.needsFreshData = FRESH_DATA_COMMANDS.has(top.name());
    const code = await handler(ctx, args, flags);
    process.exitCode = code ?? 0;
  });
}

/** The examples block that ends a help page, headed in the run's language. */
export const examplesText = (lines: string[]): string =>
  `\n${tr(terminal.lang, bi('Examples:', '示例：'))}\n${lines.map((l) => `  ${l}`).join('\n')}\n`;

export const examples = (cmd: Command, lines: string[]): Command => cmd.addHelpText('after', () => examplesText(lines));

/**
 * A command's workbook: its first sheet opens on `title`, the as-of date and the input files; money in the
 * configured currency. The writer (zip, zlib) loads only when a workbook is written.
 */
export async function writeCommandWorkbook(ctx: Context, out: string, title: Bi, sheets: SheetSpec[], policy: OutputPolicy): Promise<void> {
  const { writeWorkbook } = await import('../io/workbook.js');
  // The run's checks open the first sheet, as they open the text report, unless the command words its own.
  const [first, ...rest] = sheets;
  if (first && first.caveats === undefined && ctx.checks.length) sheets = [{ ...first, caveats: checkLines(ctx.lang, ctx.checks).slice(1).map((l) => l.trim()) }, ...rest];
  const num = (v: number) => formatNumber(ctx.lang, v);
  const rowsProgress = (total: number) => ctx.steps((n) => ctx.t(bi(`perf: writing ${out} · ${num(n)} of ${num(total)} rows`, `perf：正在写入 ${out} · ${num(n)}/${num(total)} 行`)));
  await writeWorkbook(out, sheets, ctx.asOf, policy, { lang: ctx.lang, title: ctx.t(title), sources: policy.inputs ?? [], currency: ctx.config.currency, rowsProgress });
}

/** `-o FILE`: the JSON document when FILE ends in .json, else the workbook; the note goes to stderr. */
export async function writeJsonOrWorkbook(
  ctx: Context,
  out: string,
  json: () => string,
  workbook: { title: Bi; sheets: () => SheetSpec[] },
  policy: OutputPolicy,
): Promise<void> {
  if (/\.json$/i.test(out)) await writeTextFile(out, json() + '\n', policy);
  else await writeCommandWorkbook(ctx, out, workbook.title, workbook.sheets(), policy);
  ctx.note(ctx.t(bi(`wrote ${out}`, `已写入 ${out}`)));
}

/** --by company,team,rep (any of them, in that order); all three when not given. */
export function parseLevels(text: string | undefined): Level[] {
  if (!text) return [...LEVELS];
  const out = text.split(',').map((s) => s.trim().toLowerCase());
  const bad = out.filter((l) => !LEVELS.includes(l as Level));
  if (bad.length || out.length === 0)
    throw new PerfError(EXIT.usage, bi(`--by takes company,team,rep (any of them), not "${text}"`, `--by 只能是 company,team,rep 的组合，而不是"${text}"`));
  return LEVELS.filter((l) => out.includes(l));
}

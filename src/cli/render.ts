import chalk from 'chalk';
import { EXIT, PerfError } from '../core/errors.js';
import { bi, formatNumber, labelled, tr, type Bi, type Lang } from '../core/i18n.js';
import { fitColumns, tableWidth } from '../core/table-fit.js';
import { cellWidth, textWidth } from '../core/text-width.js';
import type { Problem } from '../schema/problem.js';

/** The width reports fit and the language of the notes tables add: set once per run from the context. */
export const terminal = { width: 100, lang: 'en' as Lang };

/** The columns a report fits: --width, else the terminal's width, else $COLUMNS, else 100 (a file, a pipe, cron's mail). */
export function terminalWidth(flag: string | undefined, stdout: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): number {
  if (flag !== undefined) {
    const n = Number(flag);
    if (!Number.isInteger(n) || n < 40 || n > 1000)
      throw new PerfError(EXIT.usage, bi(`--width must be a number of columns from 40 to 1000, not "${flag}"`, `--width 必须是 40 到 1000 之间的列数，而不是"${flag}"`));
    return n;
  }
  if (stdout.isTTY && stdout.columns) return stdout.columns;
  const cols = Number(env.COLUMNS);
  return Number.isInteger(cols) && cols >= 40 ? cols : 100;
}

export interface TableOptions {
  title?: string;
  /** Indexes of right-aligned columns (default: the columns holding numbers). They are never abbreviated. */
  right?: number[];
  /**
   * How long each column stays when the table is too wide for the terminal (higher stays longer; default 0):
   * text columns are abbreviated first (widest first, to no fewer than 10 columns), then columns are left out,
   * lowest priority and rightmost first; the first column always stays. A line under the table names what was left out.
   */
  priority?: number[];
  /** Columns two spaces apart under a rule instead of boxed: more columns fit. */
  plain?: boolean;
}

const ANSI = /\x1b\[[0-9;]*m/g;
const MIN_TEXT = 10;
export const shownWidth = (s: string) => Math.max(0, ...s.replace(ANSI, '').split('\n').map(textWidth));
const BOX = { gap: 3, edge: 1 };
const PLAIN = { gap: 2, edge: -2 };

/**
 * Draws cells already fitted to the terminal: boxed (one space of padding, no rules between rows) or plain
 * (two spaces between columns). Drawn here rather than by a table library: a whole-log score report holds
 * thousands of rows, and cli-table3 checked every cell against every other for spans (quadratic) and
 * rebuilt its ANSI and emoji patterns per cell — seconds of a run.
 */
function drawTable(head: string[], rows: string[][], right: boolean[], plain: boolean): string[] {
  const widths = head.map((h, i) => Math.max(shownWidth(h), ...rows.map((r) => shownWidth(r[i]))));
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat(widths[i] - shownWidth(text));
    return right[i] ? gap + text : text + gap;
  };
  // A cell may hold several lines; the row is as tall as its tallest cell.
  const lines = (row: string[]) => {
    const split = row.map((c) => c.split('\n'));
    const height = Math.max(1, ...split.map((c) => c.length));
    return Array.from({ length: height }, (_, k) => split.map((c, i) => pad(c[k] ?? '', i)));
  };
  const body = [head, ...rows].flatMap(lines);
  if (plain) return body.map((cells) => cells.join('  '));
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  return [rule('┌', '┬', '┐'), ...body.map((cells) => `│ ${cells.join(' │ ')} │`), rule('└', '┴', '┘')];
}

/** A table for terminals and logs, fitted to `terminal.width`: it never wraps (see TableOptions.priority). */
export function renderTable(head: string[], rows: (string | number)[][], opts: TableOptions = {}): string {
  const cells = rows.map((r) => head.map((_, i) => (r[i] === undefined ? '' : String(r[i]))));
  const right = head.map((_, i) => (opts.right ? opts.right.includes(i) : rows.some((r) => typeof r[i] === 'number')));
  const cols = head.map((h, i) => {
    const content = Math.max(0, ...cells.map((r) => shownWidth(r[i])));
    const width = Math.max(shownWidth(h), content);
    // Numbers are never cut, nor their headers ("R…" over a count says nothing), nor the first column (what a
    // row is about); other text down to MIN_TEXT.
    return { width, min: right[i] || i === 0 ? width : Math.min(width, MIN_TEXT), priority: opts.priority?.[i] ?? 0 };
  });
  const frame = opts.plain ? PLAIN : BOX;
  const fit = fitColumns(cols, terminal.width, frame);
  const clip = (s: string, w: number) => (shownWidth(s) <= w ? s : clipText(s.replace(ANSI, ''), w));
  const shownRight = fit.shown.map((i) => right[i]);
  const lines = drawTable(
    fit.shown.map((i, k) => chalk.bold(clip(head[i], fit.widths[k]))),
    cells.map((r) => fit.shown.map((i, k) => clip(r[i], fit.widths[k]))),
    shownRight,
    opts.plain === true,
  );
  if (opts.plain) lines.splice(1, 0, '─'.repeat(Math.min(tableWidth(fit.widths, frame), terminal.width)));
  const body = lines.join('\n');
  const names = fit.dropped.map((i) => head[i].replace(ANSI, ''));
  const left = names.length
    ? `\n${wrapText(
        tr(
          terminal.lang,
          bi(
            `(left out at ${terminal.width} columns: ${names.join(', ')}; a wider terminal, --width, -o or --json shows them)`,
            `（${terminal.width} 列宽放不下：${names.join('、')}；加宽终端、--width、-o 或 --json 可查看）`,
          ),
        ),
      )}`
    : '';
  return `${opts.title ? `${wrapText(chalk.bold(opts.title))}\n` : ''}${body}${left}`;
}

/** A boxed table with the columns at `right` right-aligned: the layout of the forecast, backtest and target reports. */
export const textTable = (head: string[], rows: string[][], right: number[], title?: string, priority?: number[]): string =>
  renderTable(head, rows, { right, title, priority });

/** Cuts `text` to at most `width` terminal columns (CJK characters take two), ending with … when cut. */
export function clipText(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  let w = 0;
  let out = '';
  for (const ch of text) {
    if (w + cellWidth(ch) > width - 1) break;
    out += ch;
    w += cellWidth(ch);
  }
  return `${out}…`;
}

/** `text` cut to `width` terminal columns and padded to it: a label column in a hand-drawn chart. */
export const padColumns = (text: string, width: number): string => {
  const t = clipText(text, width);
  return t + ' '.repeat(Math.max(0, width - textWidth(t)));
};

/** `text` right-aligned in `width` terminal columns (never cut: a number). */
export const padColumnsLeft = (text: string, width: number): string => ' '.repeat(Math.max(0, width - textWidth(text))) + text;

/** Closing punctuation never starts a line. */
const CLOSING_PUNCTUATION = '。，、；：？！）」』》】';
/** Opening punctuation never ends a line: no break after it. */
const OPENING_PUNCTUATION = '（「『《【“‘';

/** A unit a number keeps on its line ("1042 h", "3.5 pp", "12 小时"): alone at a line's start it reads as a word. */
const UNIT = /^(?:h|min|pp|小时|分钟)(?![\p{L}\p{N}])/u;

/** Where a line ending at `end` breaks before closing punctuation: before the whole run of it ("）；") and the wide character it closes. */
function beforeClosing(cur: string, end: number): number {
  let k = end;
  while (k > 0 && CLOSING_PUNCTUATION.includes(cur[k - 1])) k--;
  return k > 0 && cellWidth(cur[k - 1]) === 2 ? k - 1 : k;
}

/**
 * Wraps prose lines (not table rows) to `width` terminal columns; CJK characters count as two. `hang`: what a
 * continuation line adds to the line's own indent (none for commander's help, which aligns them itself).
 */
export function wrapText(text: string, width = terminal.width - 2, hang = '  '): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (/[│┌└]/.test(line)) {
      out.push(line);
      continue;
    }
    const lead = /^\s*/.exec(line)![0];
    let cur = '';
    let w = 0;
    // A line may break at a space, or after any wide (CJK) character: Chinese has no spaces to break at.
    let lastBreak = -1;
    let prev = '';
    let at = 0;
    for (const ch of line) {
      at += ch.length;
      cur += ch;
      const cw = cellWidth(ch);
      w += cw;
      const space = ch === ' ' && !(prev >= '0' && prev <= '9' && UNIT.test(line.slice(at)));
      if (space) lastBreak = cur.length;
      if (w > width) {
        // In Chinese text closing punctuation never starts a line: it goes down with the character before it.
        const cut =
          space
            ? cur.length
            : CLOSING_PUNCTUATION.includes(ch) && cellWidth(prev) === 2
              ? beforeClosing(cur, cur.length - ch.length)
              : lastBreak > lead.length + 1
                ? lastBreak
                : cur.length - ch.length;
        out.push(cur.slice(0, cut).trimEnd());
        cur = lead + hang + cur.slice(cut).trimStart();
        w = textWidth(cur);
        lastBreak = -1;
      }
      // After a wide (CJK) character a line may break too: Chinese has no spaces to break at.
      else if (cw === 2 && !OPENING_PUNCTUATION.includes(ch)) lastBreak = cur.length;
      prev = ch;
    }
    out.push(cur);
  }
  return out.join('\n');
}

const SPARKS = '▁▂▃▄▅▆▇█';

/** One character per value, scaled between the series' min and max. */
export function sparkline(values: number[]): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '';
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  return values
    .map((v) => (Number.isFinite(v) ? SPARKS[max === min ? 0 : Math.round(((v - min) / (max - min)) * (SPARKS.length - 1))] : ' '))
    .join('');
}

/** A horizontal bar for a ratio in [0, 1] (clipped). */
export function bar(ratio: number, width = 20): string {
  const r = Number.isFinite(ratio) ? Math.max(0, Math.min(1, ratio)) : 0;
  const full = Math.round(r * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

export const num = (lang: Lang, v: number, decimals = 0) => formatNumber(lang, v, decimals);

/** What the problems block needs of a run's context (context.ts's Context has it; render.ts sits below context.ts). */
export interface ProblemContext {
  lang: Lang;
  t(text: Bi): string;
  config: { limits: { maxProblemsListed: number } };
}

/** The first problems (up to limits.maxProblemsListed) as one line each: a mark (✗ error, ! warning) and where, what and why. */
export function problemItems(ctx: ProblemContext, problems: Problem[]): { error: boolean; text: string }[] {
  return problems.slice(0, ctx.config.limits.maxProblemsListed).map((p) => {
    const where = [p.file, p.row !== null ? ctx.t(bi(`row ${p.row}`, `第 ${p.row} 行`)) : null, p.column ? `[${p.column}]` : null]
      .filter(Boolean)
      .join(' ');
    const value = p.value !== null ? ` "${p.value.length > 40 ? `${p.value.slice(0, 40)}…` : p.value}"` : '';
    return { error: p.severity === 'error', text: labelled(ctx.lang, `${where}${value}`, ctx.t(p.message)) };
  });
}

/**
 * The problems block every report ends with: a count, then the first few, then where the rest are. Each is
 * wrapped to the report's width like its prose (a file path and a message ran to 150 columns), the mark
 * coloured after measuring: colour codes take no columns.
 */
export function problemLines(ctx: ProblemContext, problems: Problem[], count = problems.length): string {
  if (count === 0) return ctx.t(bi('Problems: none', '数据问题：无'));
  const lines = problemItems(ctx, problems).map((i) => {
    const mark = i.error ? '✗' : '!';
    // Joined to the mark by a no-break space while wrapping: a long file path starts beside the mark, not below it.
    return `  ${i.error ? chalk.red(mark) : chalk.yellow(mark)} ${wrapText(`  ${mark}\u00a0${i.text}`).slice(4)}`;
  });
  const more =
    count > lines.length
      ? [ctx.t(bi(`  … and ${count - lines.length} more (all are listed with --json and in workbooks)`, `  … 另有 ${count - lines.length} 个（--json 和工作簿中列出全部）`))]
      : [];
  return [ctx.t(bi(`Problems: ${count}`, `数据问题：${count} 个`)), ...lines, ...more].join('\n');
}

import chalk from 'chalk';
import Table from 'cli-table3';
import { bi, formatNumber, type Lang } from '../core/i18n.js';
import type { Problem } from '../schema/problem.js';
import type { Context } from './context.js';

/** A plain table for terminals and logs; numbers right-aligned. */
export function renderTable(head: string[], rows: (string | number)[][], opts: { title?: string } = {}): string {
  const table = new Table({
    head: head.map((h) => chalk.bold(h)),
    style: { head: [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: head.map((_, i) => (rows.some((r) => typeof r[i] === 'number') ? 'right' : 'left')),
  });
  for (const r of rows) table.push(r.map((c) => (typeof c === 'number' ? String(c) : c)));
  return `${opts.title ? `${chalk.bold(opts.title)}\n` : ''}${table.toString()}`;
}

/** A boxed table with the columns at `right` right-aligned: the layout of the forecast, backtest and target reports. */
export function textTable(head: string[], rows: string[][], right: number[], title?: string): string {
  const table = new Table({
    head: head.map((h) => chalk.bold(h)),
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: head.map((_, i) => (right.includes(i) ? 'right' : 'left')),
  });
  for (const r of rows) table.push(r);
  return `${title ? `${chalk.bold(title)}\n` : ''}${table.toString()}`;
}

const isWide = (c: number) =>
  (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6);

/** Terminal columns one character takes: two for CJK, one otherwise. */
export const cellWidth = (ch: string): number => (isWide(ch.codePointAt(0)!) ? 2 : 1);

/** Terminal columns a text takes. */
export const textWidth = (text: string): number => [...text].reduce((w, ch) => w + cellWidth(ch), 0);

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

/** Wraps prose lines (not table rows) to `width` terminal columns; CJK characters count as two. */
const CLOSING_PUNCTUATION = '。，、；：？！）」』》】';

export function wrapText(text: string, width = 98): string {
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
    for (const ch of line) {
      cur += ch;
      const cw = cellWidth(ch);
      w += cw;
      if (ch === ' ') lastBreak = cur.length;
      if (w > width) {
        // In Chinese text closing punctuation never starts a line: it goes down with the character before it.
        const cut =
          ch === ' '
            ? cur.length
            : CLOSING_PUNCTUATION.includes(ch) && cellWidth(prev) === 2
              ? cur.length - ch.length - prev.length
              : lastBreak > lead.length + 1
                ? lastBreak
                : cur.length - ch.length;
        out.push(cur.slice(0, cut).trimEnd());
        cur = lead + '  ' + cur.slice(cut).trimStart();
        w = textWidth(cur);
        lastBreak = -1;
      }
      // After a wide (CJK) character a line may break too: Chinese has no spaces to break at.
      else if (cw === 2) lastBreak = cur.length;
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

/** The problems block every report ends with: a count, then the first few, then where the rest are. */
export function problemLines(ctx: Context, problems: Problem[], count = problems.length): string {
  if (count === 0) return ctx.t(bi('Problems: none', '数据问题：无'));
  const limit = ctx.config.limits.maxProblemsListed;
  const lines = problems.slice(0, limit).map((p) => {
    const where = [p.file, p.row !== null ? ctx.t(bi(`row ${p.row}`, `第 ${p.row} 行`)) : null, p.column ? `[${p.column}]` : null]
      .filter(Boolean)
      .join(' ');
    const value = p.value !== null ? ` "${p.value.length > 40 ? `${p.value.slice(0, 40)}…` : p.value}"` : '';
    const mark = p.severity === 'error' ? chalk.red('✗') : chalk.yellow('!');
    return `  ${mark} ${where}${value}: ${ctx.t(p.message)}`;
  });
  const more =
    count > lines.length
      ? [ctx.t(bi(`  … and ${count - lines.length} more (all are listed with --json and in workbooks)`, `  … 另有 ${count - lines.length} 个（--json 和工作簿中列出全部）`))]
      : [];
  return [ctx.t(bi(`Problems: ${count}`, `数据问题：${count} 个`)), ...lines, ...more].join('\n');
}

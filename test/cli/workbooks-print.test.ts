/**
 * Every workbook perf writes, opened and printed as a manager would: LibreOffice headless converts them all to
 * PDF in one run, and the pages are read back with pdftotext. Skipped (with a message) without soffice.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../src/io/workbook.js';
import { fixture, perfInProcess, ROOT, tempDir } from './helpers.js';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const available = has('soffice') && has('pdftotext') && has('pdffonts');
if (!available) console.warn('workbooks-print: soffice, pdftotext or pdffonts not found: the LibreOffice print test is skipped (apt-get install libreoffice-calc-nogui poppler-utils)');

const AS_OF = ['--as-of', '2026-11-27'];
const DEALS = fixture('deals.csv');

interface Case {
  name: string;
  args: string[];
  lang?: 'zh';
  /** Text the first printed page must show, taken from the same run's terminal report. */
  firstPage: (stdout: string) => string[];
  /** Runs before this one (the forecasts `accuracy` scores). */
  before?: string[][];
}

const grab = (stdout: string, re: RegExp) => {
  const m = re.exec(stdout);
  if (!m) throw new Error(`report has no ${re}`);
  return m.slice(1);
};

const CASES: Case[] = [
  {
    name: 'forecast',
    args: ['forecast', DEALS],
    // The company target, its floor and bonus threshold with their probabilities.
    firstPage: (out) => grab(out, /company target ¥?([\d,]+) · floor ([\d,]+) \(P ([\d.]+%)\) · bonus from ([\d,]+) \(P ([\d.]+%)\)/),
  },
  {
    name: 'forecast-zh',
    lang: 'zh',
    args: ['--lang', 'zh', 'forecast', fixture('deals-zh.gbk.csv'), '--team', fixture('teams.csv'), '--no-charts'],
    firstPage: (out) => [...grab(out, /公司目标 ¥?([\d,]+)/), '基准日期'],
  },
  { name: 'backtest', args: ['backtest', DEALS], firstPage: () => ['Company'] },
  {
    name: 'target',
    args: ['target', 'check', DEALS, '--proposed', '40%', '--period', '2027'],
    firstPage: (out) => [...grab(out, /│ Company │ ([\d,]+) │.*│\s+([\d.]+%) │\n/), 'unrealistic'],
  },
  {
    name: 'score',
    args: ['score', fixture('activity.xlsx'), '--deals', DEALS, '--month', '2026-11', '--no-charts'],
    // The leaderboard: the top rep and their score.
    firstPage: (out) => grab(out, /│ 1 │ (\S+ \S+)\s+│ \S+\s+│\s+([\d.]+)/),
  },
  { name: 'audit', args: ['audit', DEALS, '--activity', fixture('activity.csv')], firstPage: () => ['Zhang Wei'] },
  {
    name: 'evaluate',
    args: ['evaluate', '--deals', DEALS, '--activity', fixture('activity.xlsx'), '--team', fixture('teams.csv'), '--period', '2026-Q4'],
    firstPage: () => ['Zhang Wei'],
  },
  {
    name: 'prep',
    args: ['calibrate', 'prep', '--deals', DEALS, '--activity', fixture('activity.xlsx'), '--team', fixture('teams.csv')],
    // The first rep's packet opens the workbook with its first coaching question.
    firstPage: () => ['How is progress against the target?'],
  },
  {
    name: 'changes',
    args: ['changes', join(ROOT, 'test/fixtures/changes/old.csv'), join(ROOT, 'test/fixtures/changes/new.csv')],
    // The company's start and end of the waterfall, as the report prints them.
    firstPage: (out) => ['Pipeline changes', ...grab(out, /\nStart\s.*?([\d,]+)\.\d\d\s+10 deals/)],
  },
  {
    name: 'accuracy',
    before: [['forecast', DEALS, '--as-of', '2026-08-01', '--record']],
    args: ['accuracy', DEALS],
    firstPage: () => ['2026-Q3'],
  },
];

interface Printed {
  stdout: string;
  pages: string[];
  fonts: string;
}

describe.skipIf(!available)('workbooks printed with LibreOffice', () => {
  const { dir, cleanup } = tempDir('perf-print-');
  afterAll(cleanup);
  const printed = new Map<string, Printed>();

  beforeAll(async () => {
    const stdout = new Map<string, string>();
    const state = ['--state', join(dir, 'state.db')];
    for (const c of CASES) {
      for (const b of c.before ?? []) expect((await perfInProcess([...b, ...state, '-q'])).code, `${c.name}: ${b.join(' ')}`).toBe(0);
      const r = await perfInProcess([...c.args, ...AS_OF, ...(c.before ? state : []), '-o', join(dir, `${c.name}.xlsx`)]);
      expect(r.code, `${c.name}: ${r.stdout}`).toBe(0);
      stdout.set(c.name, r.stdout);
    }
    // One soffice start for all of them, with its own profile so a desktop LibreOffice (or a parallel run) is left alone.
    const conv = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'pdf'), ...CASES.map((c) => join(dir, `${c.name}.xlsx`))],
      { encoding: 'utf8', timeout: 600_000 },
    );
    expect(conv.status, conv.stderr).toBe(0);
    for (const c of CASES) {
      const pdf = join(dir, 'pdf', `${c.name}.pdf`);
      const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
      const fonts = spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout;
      printed.set(c.name, { stdout: stdout.get(c.name)!, pages: text.split('\f').filter((p) => p.trim() !== ''), fonts });
    }
  }, 1_800_000);

  /** "Targets   3 / 32": the footer every printed page carries. */
  const footer = (page: string) => {
    const lines = page.trimEnd().split('\n');
    const m = /^\s*(.*?)\s+(\d+)\s*\/\s*(\d+)\s*$/.exec(lines[lines.length - 1]);
    return m ? { sheet: m[1], page: Number(m[2]), of: Number(m[3]) } : null;
  };

  for (const c of CASES) {
    describe(c.name, () => {
      it('opens on its headline figures: the first page shows them, with the as-of date', () => {
        const p = printed.get(c.name)!;
        const first = p.pages[0].replace(/\s+/g, ' ');
        for (const want of [...c.firstPage(p.stdout), '2026-11-27']) expect(first, `first page of ${c.name}`).toContain(want);
      });

      it('prints no ### and no NaN', () => {
        const all = printed.get(c.name)!.pages.join('\n');
        expect(all).not.toContain('###');
        expect(all).not.toMatch(/\bNaN\b/);
      });

      it('prints every sheet one page wide, or a wide one over two or three with its first columns repeated: each page has the sheet name and page footer', async () => {
        const { default: Excel } = await import('exceljs');
        const wb = new Excel.Workbook();
        await wb.xlsx.readFile(join(dir, `${c.name}.xlsx`));
        const p = printed.get(c.name)!;
        const feet = p.pages.map(footer);
        expect(feet.every((f) => f !== null), 'every page has a footer').toBe(true);
        expect(feet.map((f) => f!.page)).toEqual(p.pages.map((_, i) => i + 1));
        for (const ws of wb.worksheets) {
          const titles = /^(\d+):\d+$/.exec(ws.pageSetup.printTitlesRow ?? '');
          const pages = p.pages.filter((_, i) => feet[i]!.sheet === ws.name);
          expect(pages.length, `pages of sheet ${ws.name}`).toBeGreaterThan(0);
          if (!titles) continue;
          const header = (ws.getRow(Number(titles[1])).values as unknown[]).filter((v): v is string => typeof v === 'string');
          // First word of the first and the last column header: both on a page means no column was cut off to another page.
          const words = [header[0], header[header.length - 1]].map((h) => h.split(/\s+/)[0]);
          const wide = ws.pageSetup.fitToWidth ?? 1;
          if (wide === 1) for (const page of pages) for (const w of words) expect(page, `${ws.name}: header "${w}" on every page`).toContain(w);
          else {
            // Too wide for one readable page: two or three pages across, the row's first two columns repeated on each.
            expect(wide).toBeLessThanOrEqual(3);
            expect(ws.pageSetup.printTitlesColumn).toMatch(/^A:[BC]$/);
            for (const page of pages) expect(page, `${ws.name}: header "${words[0]}" on every page`).toContain(words[0]);
            expect(pages.some((page) => page.includes(words[1])), `${ws.name}: header "${words[1]}" printed`).toBe(true);
          }
        }
        // The forecast's 24-column targets sheet printed one page wide came out at ~4 pt.
        if (c.name === 'forecast') {
          expect(wb.getWorksheet('Targets')!.pageSetup.fitToWidth).toBeGreaterThan(1);
          // Level, name and period on every page across: a continuation page of four "company Company" rows said nothing.
          expect(wb.getWorksheet('Targets')!.pageSetup.printTitlesColumn).toBe('A:C');
        }
      });
    });
  }

  it('renders Chinese labels with a CJK font', () => {
    const p = printed.get('forecast-zh')!;
    expect(p.fonts).toMatch(/WenQuanYi|wqy|Noto Sans CJK|Source Han|Droid Sans Fallback|Microsoft YaHei|SimSun/i);
    expect(p.pages[0]).toMatch(/[\u4e00-\u9fff]{2}/);
    // No replacement boxes: the text layer holds the characters themselves.
    expect(p.pages.join('')).not.toContain('\ufffd');
  });
});

// A sheet after the first whose last page LibreOffice could save by printing it 2% smaller ("fit to width, any
// number tall") was printed so, but its page still counted: a blank page, no footer, followed it (Maven's Won
// history). Here: 34 rows, which fill one page and a line at full size.
describe.skipIf(!available)('a workbook printed with LibreOffice has no blank page', () => {
  const { dir, cleanup } = tempDir('perf-print-blank-');
  afterAll(cleanup);

  it('prints every page of a sheet that just overflows a page with its rows and footer', async () => {
    const columns = [
      { key: 'name', header: 'Name' },
      { key: 'amount', header: 'Amount', format: 'int' as const },
    ];
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Rep ${i}`, amount: i }));
    const xlsx = join(dir, 'pages.xlsx');
    await writeWorkbook(xlsx, [{ name: 'First', columns, rows: rows(1) }, { name: 'Second', columns, rows: rows(34) }], Date.UTC(2026, 10, 27));
    const conv = spawnSync('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, xlsx], { encoding: 'utf8', timeout: 300_000 });
    expect(conv.status, conv.stderr).toBe(0);
    const pages = spawnSync('pdftotext', ['-layout', join(dir, 'pages.pdf'), '-'], { encoding: 'utf8' }).stdout.split('\f').slice(0, -1);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => expect(page.trimEnd(), `page ${i + 1}`).toMatch(new RegExp(`(First|Second)\\s+${i + 1}\\s*/\\s*${pages.length}$`)));
    // Every row printed, the last one on the last page.
    expect(pages[pages.length - 1]).toContain('Rep 33');
  }, 600_000);
});

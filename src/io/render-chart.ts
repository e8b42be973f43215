import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import type { Chart, TopLevelSpec } from '../core/charts/index.js';
import type { Step } from '../core/changes/index.js';
import { waterfallChart } from '../core/charts/changes.js';
import type { Lang } from '../core/i18n.js';
import type { SheetImage } from './workbook.js';

/**
 * Vega-Lite → Vega → SVG with vega's headless View (no canvas: text widths are estimated), and
 * SVG → PNG with resvg. Both libraries load on first use: commands that draw nothing don't pay.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  // Without a canvas vega guesses 0.8 em per character, which pads every title and legend: use per-character widths.
  (vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width = textWidth;
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Approximate advance of a character in em for a sans-serif font: close enough for layout, no canvas needed. */
function charEm(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c >= 0x2e80) return 1;
  if (ch === ' ' || 'il.,:;|!\'`'.includes(ch)) return 0.3;
  if ('ftjrI()[]{}-/'.includes(ch)) return 0.4;
  if (ch >= 'A' && ch <= 'Z') return ch === 'M' || ch === 'W' ? 0.85 : 0.68;
  if (ch === 'm' || ch === 'w') return 0.85;
  return 0.58;
}

function textWidth(item: { text?: unknown; fontSize?: number }, text?: unknown): number {
  const v = text ?? item.text;
  const lines = Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)];
  const size = item.fontSize ?? 11;
  return Math.max(0, ...lines.map((l) => [...l].reduce((w, ch) => w + charEm(ch), 0) * size));
}

const CJK_FILE = /(cjk|wqy|wenquanyi|microhei|zenhei|msyh|msjh|yahei|simhei|simsun|simkai|simfang|dengxian|deng\.ttf|pingfang|hiragino|heiti|songti|stheiti|sourcehan|source-han|notosanssc|notoserifsc|notosanstc|droidsansfallback|uming|ukai|arphic)/i;

function fontDirs(env: NodeJS.ProcessEnv): string[] {
  const home = homedir();
  return [
    '/usr/share/fonts',
    '/usr/local/share/fonts',
    join(home, '.fonts'),
    join(home, '.local/share/fonts'),
    '/System/Library/Fonts',
    '/Library/Fonts',
    join(home, 'Library/Fonts'),
    join(env.WINDIR ?? 'C:\\Windows', 'Fonts'),
  ];
}

/** The font files under `dir` (three levels down), each folder's own before its subfolders': the order they are searched in. */
function fontFilesUnder(dir: string, depth = 0): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out = names.filter((n) => /\.(ttf|ttc|otf|otc)$/i.test(n)).map((n) => join(dir, n));
  if (depth < 3)
    for (const n of names) {
      const p = join(dir, n);
      try {
        if (statSync(p).isDirectory()) out.push(...fontFilesUnder(p, depth + 1));
      } catch {
        // unreadable entry: skip
      }
    }
  return out;
}

/** Sans-serif fonts for Latin text, in order of preference, with the family name resvg knows them by. */
const LATIN_FONTS: { file: RegExp; family: string }[] = [
  // Arial's widths first: the ones vega's layout estimates (see charEm), so titles and legends fit.
  { file: /^LiberationSans-Regular\.ttf$/i, family: 'Liberation Sans' },
  { file: /^arial\.ttf$/i, family: 'Arial' },
  { file: /^NotoSans-Regular\.ttf$/i, family: 'Noto Sans' },
  { file: /^DejaVuSans\.ttf$/i, family: 'DejaVu Sans' },
];

export interface FontSetup {
  /** Extra font files handed to resvg (PERF_FONT_FILE). */
  files: string[];
  /** A font with Chinese glyphs: found among the system fonts or given; null when none. */
  cjk: string | null;
  /** A sans-serif font for Latin text; null when none of LATIN_FONTS is installed (all system fonts are loaded then). */
  latin: { file: string; family: string } | null;
}

let fontSetup: { key: string; setup: FontSetup } | undefined;

/** System fonts plus PERF_FONT_FILE (path list); looks for the fonts once per process and font settings. */
export function fonts(env: NodeJS.ProcessEnv = process.env): FontSetup {
  // Keyed on what decides the answer, so a later run in the same process (a test, a library user) with
  // another PERF_FONT_FILE or home gets its own fonts.
  const key = [env.PERF_FONT_FILE, homedir(), env.WINDIR].join('\0');
  if (fontSetup?.key === key) return fontSetup.setup;
  const files = (env.PERF_FONT_FILE ?? '').split(delimiter).filter((f) => f && existsSync(f));
  // One walk of the font folders serves both searches.
  const installed = fontDirs(env).flatMap((d) => fontFilesUnder(d));
  const named = (test: RegExp) => installed.find((f) => test.test(basename(f)));
  const cjk = files.find((f) => CJK_FILE.test(f)) ?? files[0] ?? named(CJK_FILE) ?? null;
  let latin: FontSetup['latin'] = null;
  for (const { file, family } of LATIN_FONTS) {
    const found = named(file);
    if (found) {
      latin = { file: found, family };
      break;
    }
  }
  fontSetup = { key, setup: { files, cjk, latin } };
  return fontSetup.setup;
}

export const hasCjk = (text: string): boolean => /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(text);

/** PNG of an SVG at `scale` × its size, on white; resvg falls back per glyph across the loaded fonts. */
export async function renderPng(svg: string, scale = 2): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const f = fonts();
  // Each Resvg parses every font it is given: all system fonts cost ~100 ms a chart (most of a workbook's
  // drawing time), the Latin font and, for Chinese labels, the CJK one a few ms.
  const font = f.latin
    ? { loadSystemFonts: false, fontFiles: [...f.files, f.latin.file, ...(f.cjk && hasCjk(svg) ? [f.cjk] : [])], defaultFontFamily: f.latin.family }
    : { loadSystemFonts: true, fontFiles: f.files, defaultFontFamily: 'DejaVu Sans' };
  const r = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font,
    logLevel: 'off',
  });
  return r.render().asPng();
}

/** Size an SVG declares (vega writes width and height on the root element). */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : { width: 720, height: 300 };
}

export interface RenderedChart {
  chart: Chart;
  svg: string;
  png?: Buffer;
}

/** Renders the charts in order; PNGs too when asked. */
export async function renderCharts(charts: readonly Chart[], opts: { png?: boolean } = {}): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for (const chart of charts) {
    const svg = await renderSvg(chart.spec);
    out.push({ chart, svg, png: opts.png ? await renderPng(svg) : undefined });
  }
  return out;
}

/** A note for stderr when some PNG holds Chinese text but no font with Chinese glyphs was found; null otherwise. */
export function missingCjkNote(rendered: readonly RenderedChart[]): string | null {
  if (fonts().cjk || !rendered.some((r) => r.png && hasCjk(r.svg))) return null;
  return [
    'perf: no font with Chinese glyphs found: Chinese labels in the PNG charts show as boxes (the PNGs are still written).',
    '  Install one (Debian/Ubuntu: apt-get install fonts-wqy-microhei or fonts-noto-cjk) or set PERF_FONT_FILE=/path/to/font.ttf.',
    'perf：未找到含中文字形的字体，PNG 图表中的中文会显示为方框（图片仍已写出）。请安装 fonts-wqy-microhei 或 fonts-noto-cjk，或设置 PERF_FONT_FILE。',
  ].join('\n');
}

/** The rendered PNGs as workbook images at the chart's own size (rendered at 2× for sharpness); the workbook places them. */
export const sheetImages = (rendered: readonly RenderedChart[]): SheetImage[] =>
  rendered.filter((r): r is RenderedChart & { png: Buffer } => r.png !== undefined).map((r) => ({ png: r.png, ...svgSize(r.svg) }));

/** The company waterfall of `sales-perf changes` as a PNG for the workbook's Waterfall sheet. */
export async function chartImagesForChanges(steps: readonly (Step & { label: string })[], quarter: string, lang: Lang): Promise<SheetImage[]> {
  return sheetImages(await renderCharts([waterfallChart(steps, quarter, lang)], { png: true }));
}

import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, homedir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
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

/** resvg's options for one SVG: white background, `scale` × its size, the fonts it needs. */
function pngOptions(svg: string, scale: number): ResvgRenderOptions {
  const f = fonts();
  // Each Resvg parses every font it is given: all system fonts cost ~100 ms a chart (most of a workbook's
  // drawing time), the Latin font and, for Chinese labels, the CJK one a few ms.
  const font = f.latin
    ? { loadSystemFonts: false, fontFiles: [...f.files, f.latin.file, ...(f.cjk && hasCjk(svg) ? [f.cjk] : [])], defaultFontFamily: f.latin.family }
    : { loadSystemFonts: true, fontFiles: f.files, defaultFontFamily: 'DejaVu Sans' };
  return { background: 'white', fitTo: { mode: 'zoom', value: scale }, font, logLevel: 'off' };
}

/*
 * The thread's whole program. A Resvg keeps its parsed fonts, tree and pixels in native memory (2–5 MB a
 * chart) that V8 does not count, so nothing prompts a collection and in the main thread 86 charts held
 * ~480 MB until exit. A thread's native memory goes when it is terminated. Evaluated source (not a file
 * next to this one) so that it runs the same from dist and from the TypeScript sources under vitest.
 */
const PNG_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { Resvg } = require(workerData.resvg);
parentPort.on('message', ({ svg, options }) => {
  let reply;
  try {
    reply = { png: new Resvg(svg, options).render().asPng() };
  } catch (e) {
    reply = { error: String(e && e.message !== undefined ? e.message : e) };
  }
  parentPort.postMessage(reply);
});
`;

/**
 * Charts a thread draws before it is replaced: bounds its native memory to a few tens of MB. Six, not
 * twelve, since two threads draw at once (pngThreads): the 404 charts of the 200-rep whole log then peaked
 * at the memory of one thread of twelve (~475 MB for the whole run; 540 MB with two of twelve).
 */
const CHARTS_PER_THREAD = 6;

/**
 * Draws PNGs one at a time on a worker thread, replaced every CHARTS_PER_THREAD charts, while the caller
 * goes on (laying out the next chart's SVG). close() ends the thread: call it when done, also on failure.
 */
class PngThread {
  private worker: Worker | null = null;
  private drawn = 0;
  private queue: Promise<unknown> = Promise.resolve();

  render(svg: string, scale: number): Promise<Buffer> {
    const png = this.queue.then(() => this.draw(svg, scale));
    this.queue = png.catch(() => undefined);
    return png;
  }

  private async draw(svg: string, scale: number): Promise<Buffer> {
    if (this.drawn === CHARTS_PER_THREAD) await this.close();
    const worker = (this.worker ??= new Worker(PNG_THREAD, { eval: true, workerData: { resvg: createRequire(import.meta.url).resolve('@resvg/resvg-js') } }));
    this.drawn++;
    return new Promise<Buffer>((resolve, reject) => {
      const done = () => worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      const onMessage = (m: { png: Uint8Array } | { error: string }) => {
        done();
        if ('png' in m) resolve(Buffer.from(m.png.buffer, m.png.byteOffset, m.png.byteLength));
        else reject(new Error(m.error));
      };
      // A thread that died draws nothing more: the next chart gets a new one.
      const onError = (e: Error) => {
        done();
        if (this.worker === worker) void this.close();
        reject(e);
      };
      const onExit = (code: number) => onError(new Error(`the chart drawing thread stopped (exit code ${code})`));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({ svg, options: pngOptions(svg, scale) });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.drawn = 0;
    await worker?.terminate();
  }
}

/** PNG of an SVG at `scale` × its size, on white; resvg falls back per glyph across the loaded fonts. */
export async function renderPng(svg: string, scale = 2): Promise<Buffer> {
  const thread = new PngThread();
  try {
    return await thread.render(svg, scale);
  } finally {
    await thread.close();
  }
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

/**
 * Lays out SVGs on a thread of its own, one at a time. Vega's layout of a chart lives through awaits and
 * young-generation collections, so on the main thread its garbage was promoted: 404 charts of the
 * 200-rep whole log grew the main heap by ~300 MB, kept (V8 does not give pages back) while the workbook
 * was written. A thread's heap goes when it ends. The layout code is renderSvg's.
 */
class SvgThread {
  private readonly worker: Worker;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped: Error | null = null;

  constructor() {
    const resolve = createRequire(import.meta.url).resolve;
    const source = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
${charEm}
${textWidth}
const libs = Promise.all([import(pathToFileURL(workerData.vega).href), import(pathToFileURL(workerData.vegaLite).href)]);
parentPort.on('message', async ({ spec }) => {
  let reply;
  try {
    const [vega, vl] = await libs;
    vega.textMetrics.width = textWidth;
    const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
    try {
      reply = { svg: await view.toSVG() };
    } finally {
      view.finalize();
    }
  } catch (e) {
    reply = { error: String(e && e.message !== undefined ? e.message : e) };
  }
  parentPort.postMessage(reply);
});
`;
    this.worker = new Worker(source, { eval: true, workerData: { vega: resolve('vega'), vegaLite: resolve('vega-lite') } });
    this.worker.once('exit', (code) => (this.stopped = new Error(`the chart layout thread stopped (exit code ${code})`)));
  }

  render(spec: TopLevelSpec): Promise<string> {
    const svg = this.queue.then(
      () =>
        new Promise<string>((resolve, reject) => {
          if (this.stopped) return reject(this.stopped);
          const done = () => this.worker.off('message', onMessage).off('error', reject).off('exit', onExit);
          const onMessage = (m: { svg: string } | { error: string }) => {
            done();
            if ('svg' in m) resolve(m.svg);
            else reject(new Error(m.error));
          };
          const onExit = (code: number) => {
            done();
            reject(new Error(`the chart layout thread stopped (exit code ${code})`));
          };
          this.worker.on('message', onMessage).on('error', reject).on('exit', onExit);
          this.worker.postMessage({ spec });
        }),
    );
    this.queue = svg.catch(() => undefined);
    return svg;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** From this many charts on, their SVGs are laid out on a thread (SvgThread): below it, loading vega there (~0.7 s) costs more than the main heap's growth. */
const SVG_THREAD_FROM = 24;

/**
 * Threads drawing PNGs at once. Drawing took twice as long as laying out (the 200-rep whole log's 404
 * charts: 39 ms against 19 ms a chart), so one drawing thread held the rest back; each chart is drawn once
 * whichever thread draws it, so more threads cost no more CPU. At least two, beside the layout thread,
 * even on two cores (there the charts took 10-19% less time, paired); a thread starts only once it has a
 * chart to draw.
 */
const pngThreads = (charts: number): number => Math.max(1, Math.min(4, Math.max(2, availableParallelism() - 1), Math.ceil(charts / CHARTS_PER_THREAD)));

/** Renders the charts in order; PNGs too when asked, drawn on threads while the next charts are laid out. */
export async function renderCharts(charts: readonly Chart[], opts: { png?: boolean; onChart?: () => void } = {}): Promise<RenderedChart[]> {
  const threads = opts.png ? Array.from({ length: pngThreads(charts.length) }, () => new PngThread()) : [];
  const layout = charts.length >= SVG_THREAD_FROM ? new SvgThread() : null;
  try {
    const started: { chart: Chart; svg: string; png?: Promise<Buffer> }[] = [];
    for (const [i, chart] of charts.entries()) {
      const svg = await (layout ? layout.render(chart.spec) : renderSvg(chart.spec));
      const png = threads.length ? threads[i % threads.length].render(svg, 2) : undefined;
      // Awaited below; until then a failed drawing must not count as an unhandled rejection.
      if (png) png.then(opts.onChart, () => undefined);
      else opts.onChart?.();
      started.push({ chart, svg, png });
    }
    const out: RenderedChart[] = [];
    for (const r of started) out.push({ chart: r.chart, svg: r.svg, png: await r.png });
    return out;
  } finally {
    await Promise.all([...threads.map((t) => t.close()), layout?.close()]);
  }
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

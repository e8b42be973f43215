import type { BoardLevel } from '../core/charts/index.js';
import { bi, tr, type Bi, type Lang } from '../core/i18n.js';
import type { RenderedChart } from './render-chart.js';

export interface DashboardPage {
  lang: Lang;
  title: string;
  /** Lines under the title: as-of date, inputs. */
  meta: string[];
  levels: { level: BoardLevel; charts: RenderedChart[] }[];
  /** What was refused-but-allowed, guessed or reconciled: a heading and its lines, shown above the charts (none: no block). */
  checks: string[];
  /** Method notes and data-quality lines at the foot. */
  notes: string[];
  /** The numbers behind the charts, inlined as JSON (id `perf-data`). */
  data: unknown;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON safe inside a <script> element. */
const inlineJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** Vega names clip paths and gradients `clip1`, `gradient_0` …: prefix them so many inline SVGs can share a page. */
const scopeIds = (svg: string, prefix: string) =>
  svg.replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`).replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);

const STYLE = `
:root{color-scheme:light;font-family:${"'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei',system-ui,sans-serif"};color:#222;background:#f6f7f9}
body{margin:0}
header{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid #ddd;padding:12px 20px;display:flex;flex-wrap:wrap;gap:8px 24px;align-items:baseline}
header h1{font-size:20px;margin:0}
header .meta{color:#555;font-size:13px}
header label{font-size:14px}
select{font:inherit;font-size:14px;padding:2px 4px}
main{padding:8px 20px 24px}
section.level{margin:16px 0 28px}
section.level h2{font-size:18px;margin:8px 0}
.charts{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
figure.chart{margin:0;background:#fff;border:1px solid #e2e2e2;border-radius:4px;padding:4px;max-width:100%;overflow-x:auto}
figure.chart svg{display:block;max-width:100%;height:auto}
.alerts{margin:6px 0 12px;padding:0;list-style:none}
.alerts li{background:#fff8e5;border-left:4px solid #e0a800;padding:6px 10px;margin:4px 0;font-size:13px}
.alerts li.critical{background:#fdecea;border-color:#c62828}
.alerts .what{font-weight:600}
.alerts .sev{display:inline-block;font-size:11px;font-weight:600;padding:0 6px;margin-right:6px;border-radius:3px;background:#e0a800;color:#fff}
.alerts li.critical .sev{background:#c62828}
.alerts .detail{color:#444}
.none{color:#2e7d32;font-size:13px}
.checks{margin:12px 20px 0;background:#fff8e5;border-left:4px solid #e0a800;padding:8px 12px;font-size:13px}
.checks h2{font-size:14px;margin:0 0 4px}
.checks ul{margin:0;padding-left:18px}
footer{padding:12px 20px 24px;color:#555;font-size:12px}
footer li{margin:2px 0}
@media print{
  :root{background:#fff}
  header{position:static;border:0}
  header label{display:none}
  section.level{break-before:page}
  section.level:first-of-type{break-before:auto}
  figure.chart{border:0;break-inside:avoid}
  .alerts li{break-inside:avoid}
}`;

/** Few lines on purpose: the selector only shows or hides sections rendered at build time. */
const SCRIPT = `(function(){var s=document.getElementById('level');var all=document.querySelectorAll('section.level');
function show(){var v=s.value;for(var i=0;i<all.length;i++)all[i].hidden=!(v==='*'||all[i].getAttribute('data-level')===v);}
var h=decodeURIComponent(location.hash.slice(1));if(h&&s.querySelector('option[value="'+h.replace(/"/g,'')+'"]'))s.value=h;
s.addEventListener('change',function(){history.replaceState(null,'','#'+encodeURIComponent(s.value));show();});show();})();`;

function alertList(lang: Lang, level: BoardLevel): string {
  const t = (b: Bi) => esc(tr(lang, b));
  if (level.alerts.length === 0) return `<p class="none">${t(bi('No active alerts.', '没有生效中的预警。'))}</p>`;
  const items = level.alerts.map(
    (a) =>
      `<li class="${a.severity}"><div class="what"><span class="sev">${t(a.severity === 'critical' ? bi('critical', '严重') : bi('warning', '警告'))}</span>${t(a.title)}</div>${a.details.map((d) => `<div class="detail">${t(d)}</div>`).join('')}<div class="detail">→ ${t(a.action)}</div></li>`,
  );
  return `<h3>${t(bi(`Active alerts (${level.alerts.length})`, `生效中的预警（${level.alerts.length}）`))}</h3><ul class="alerts">${items.join('')}</ul>`;
}

/**
 * One self-contained page: styles, SVG charts, data and a few lines of script inline; a content
 * security policy forbids any request, so it opens the same offline, from an email or a share.
 */
export function dashboardHtml(page: DashboardPage): string {
  const { lang } = page;
  const t = (b: Bi) => esc(tr(lang, b));
  const group = (kind: BoardLevel['level'], label: Bi) => {
    const opts = page.levels
      .filter((l) => l.level.level === kind)
      .map((l) => `<option value="${esc(l.level.id)}"${l.level.id === 'company' ? ' selected' : ''}>${esc(tr(lang, l.level.label))}</option>`);
    return opts.length ? `<optgroup label="${t(label)}">${opts.join('')}</optgroup>` : '';
  };
  const selector = `<label>${t(bi('Level', '层级'))} <select id="level"><option value="*">${t(bi('All levels (for printing)', '全部层级（打印用）'))}</option>${group('company', bi('Company', '公司'))}${group('team', bi('Teams', '团队'))}${group('rep', bi('Reps', '销售'))}</select></label>`;
  const sections = page.levels.map(({ level, charts }, i) => {
    const figs = charts.map(
      (c) => `<figure class="chart" data-chart="${esc(c.chart.id)}" data-kind="${c.chart.kind}" data-marks="${esc(JSON.stringify(c.chart.marks))}">${scopeIds(c.svg, `c${i}-${c.chart.id}`)}</figure>`,
    );
    return `<section class="level" data-level="${esc(level.id)}" data-kind="${level.level}"><h2>${esc(tr(lang, level.label))}${level.team ? ` <small>· ${t(bi('team', '团队'))} ${esc(level.team)}</small>` : ''}</h2><div class="charts">${figs.join('')}</div>${alertList(lang, level)}</section>`;
  });
  // Before any chart, as the text reports put them before any table.
  const [heading, ...lines] = page.checks;
  const checks = heading ? `<aside class="checks" id="checks"><h2>${esc(heading)}</h2><ul>${lines.map((l) => `<li>${esc(l.trim())}</li>`).join('')}</ul></aside>\n` : '';
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${esc(page.title)}</h1><div class="meta">${page.meta.map(esc).join(' · ')}</div>${selector}</header>
${checks}<main>
${sections.join('\n')}
</main>
<footer><ul>${page.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></footer>
<script type="application/json" id="perf-data">${inlineJson(page.data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

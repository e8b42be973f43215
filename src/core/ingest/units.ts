import { foldWidth } from '../values/text.js';

/** The unit written in a header such as `合同金额（万元）`, `Amount (USD)` or `金额/万`. */
export interface HeaderUnit {
  /** as written, e.g. `万元` */
  text: string;
  /** power of ten the column's amounts are scaled by (万 4, 千/k 3, 百万/M 6, 亿 8) */
  shift: number;
  /** ISO code when the unit names a currency */
  currency?: string;
}

// A bracketed tail — ( ) （ ） [ ] 【 】 — or a `/` tail, as Chinese and English exports write units.
const BRACKETED = /^(.+?)\s*[(（[【]\s*([^()（）[\]【】]{1,20})\s*[)）\]】]\s*$/;
const SLASHED = /^(.+?)\s*[/／]\s*([^/／]{1,12})$/;

const CURRENCIES: [RegExp, string][] = [
  [/人民币|rmb|cny|[¥￥]|元/i, 'CNY'],
  [/usd|us\$|美元|\$/i, 'USD'],
  [/eur|€|欧元/i, 'EUR'],
  [/gbp|£|英镑/i, 'GBP'],
  [/hkd|港元|港币/i, 'HKD'],
  [/jpy|日元/i, 'JPY'],
  [/brl|r\$|雷亚尔/i, 'BRL'],
];

// Checked in order: 百万 before 万, 千元 before 元-only units.
const SCALES: [RegExp, number][] = [
  [/百万|million|\bmio\b|\bmn\b|\bmm\b|^m$|\bm\b/i, 6],
  [/亿/, 8],
  [/万/, 4],
  [/千|thousands?|'000|\b000s\b|^k$|\bk\b/i, 3],
];

/** Reads a unit text; `null` when it says nothing perf understands (then the header is left whole). */
export function parseUnit(raw: string): HeaderUnit | null {
  const text = foldWidth(raw).trim();
  if (text === '') return null;
  const currency = CURRENCIES.find(([re]) => re.test(text))?.[1];
  // `USD` alone, or `$` alone, must not read the `m`/`k` rules against letters of a currency code.
  const rest = currency ? text.replace(/usd|us\$|eur|gbp|hkd|jpy|brl|rmb|cny/gi, ' ') : text;
  const shift = SCALES.find(([re]) => re.test(rest))?.[1] ?? 0;
  return { text, shift, currency };
}

/**
 * Splits `合同金额（万元）` into `合同金额` and its unit. Any bracketed or `/` tail is split off so the name
 * can be matched (`Owner (full name)` is an owner column); the unit is kept only when it is understood.
 */
export function splitHeaderUnit(header: string): { name: string; unit: HeaderUnit | null } | null {
  const m = BRACKETED.exec(header) ?? SLASHED.exec(header);
  if (!m) return null;
  return { name: m[1].trim(), unit: parseUnit(m[2]) };
}

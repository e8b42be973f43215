import { formatLocal } from '../calendar.js';
import type { Cell } from './types.js';

/**
 * A control character (below U+0020, or DEL): what the converter cleans out of names, which break SVG charts
 * and workbook XML downstream. Also a UTF-8 byte's test: no byte of a multi-byte character is one.
 */
export const isControl = (code: number): boolean => code < 0x20 || code === 0x7f;

/**
 * The order of names and keys in every output: one collation, English's, whatever the machine's locale.
 * `localeCompare` without a locale follows the machine (LANG): under zh_CN Chinese names sorted by pinyin
 * before Latin ones, elsewhere after them, so the same input gave other outputs on other machines. One
 * collator, not a localeCompare per comparison: sorting a whole log's misses compares millions of times.
 */
let collator: Intl.Collator | undefined;
// Made on first use: building it loads ICU's collation data, which a run that sorts nothing need not pay.
export const compareText = (a: string, b: string): number => (collator ??= new Intl.Collator('en')).compare(a, b);

/**
 * Loose matching keys for headers, stage labels and activity types: what a person would call
 * "the same word" whatever the width, case, spacing or punctuation.
 */

// Spaces, punctuation (ASCII and CJK, brackets, _ - /), symbols, control and format characters (BOM, ZWSP).
const NOISE = /[\s\p{P}\p{S}\p{Cc}\p{Cf}]+/gu;

// Stage and type columns repeat a handful of labels over a million rows; NFKC and a Unicode regex
// per cell would dominate, so recent keys are remembered (bounded, cleared when full).
const CACHE_LIMIT = 10_000;
const cache = new Map<string, string>();

/** NFKC, lowercase, and no spaces/punctuation/symbols: `Ｃｌｏｓｅ　Ｄａｔｅ`, `close_date`, `CLOSE-DATE` → `closedate`. */
export function normaliseKey(s: string): string {
  let key = cache.get(s);
  if (key !== undefined) return key;
  // Lowercasing or stripping can leave a composable pair behind, so compose again: keys are idempotent.
  key = s.normalize('NFKC').toLowerCase().replace(NOISE, '').normalize('NFKC');
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(s, key);
  return key;
}

/**
 * True when NFKC could change the string: anything beyond ASCII and the CJK Unified Ideographs block
 * (年, 万, 元 … have no compatibility forms, so Chinese text rarely needs the slow fold).
 */
function mayNeedFold(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f && (c < 0x4e00 || c > 0x9fff)) return true;
  }
  return false;
}

/** Trimmed, and NFKC-folded when needed (full-width digits, `，`, `￥`, ideographic space). */
export function foldWidth(s: string): string {
  const t = s.trim();
  return mayNeedFold(t) ? t.normalize('NFKC').trim() : t;
}

/** A cell as a person would read it back: trimmed text; dates as `2026-03-31` or `2026-03-31 14:05`. */
export function cellLabel(raw: Cell): string {
  if (raw === null) return '';
  if (typeof raw === 'string') return raw.trim();
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? '' : formatLocal(raw.getTime());
  return String(raw);
}

/** Looks a label up by its {@link normaliseKey}; `fallback` when the cell is not text or not listed. */
export function lookupLabel<T>(table: ReadonlyMap<string, T>, raw: Cell, fallback: T): { value: T; label: string } {
  const label = cellLabel(raw);
  const value = typeof raw === 'string' ? table.get(normaliseKey(label)) : undefined;
  return { value: value ?? fallback, label };
}

/** A lookup table from alias spellings (normalised here) to values. */
export function aliasTable<T extends string>(aliases: Readonly<Record<T, readonly string[]>>): ReadonlyMap<string, T> {
  const table = new Map<string, T>();
  for (const value of Object.keys(aliases) as T[]) for (const alias of aliases[value]) table.set(normaliseKey(alias), value);
  return table;
}

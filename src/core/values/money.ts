import { bi } from '../i18n.js';
import { decimalCents, scanDecimal, type NumberStyle } from './decimal.js';
import { foldWidth } from './text.js';
import type { Cell, ParseResult } from './types.js';

const EXPECTED = bi('expected an amount such as 1,234.56, ¥1,234 or 12.5万', '应为金额，例如 1,234.56、¥1,234 或 12.5万');
const NOT_FINITE = bi('expected a finite amount', '应为有限的金额数值');
const PERCENT = bi('expected an amount, not a percentage', '应为金额，而不是百分比');
const AMBIGUOUS = bi(
  'ambiguous separators in an amount: write 1,234.56 (or 1.234,56 with both marks)',
  '金额的分隔符有歧义：请写成 1,234.56（或同时带两种分隔符的 1.234,56）',
);
const ABBREVIATED = bi(
  'expected an amount without abbreviations like k or M: write 12,000 or 1.2万',
  '金额不能使用 k、M 等缩写，请写成 12,000 或 1.2万',
);
const MIXED_CURRENCY = bi('expected one currency per amount', '一个金额只能有一种货币');

// Amounts are stored in the units written; the currency marker is only checked for consistency.
const SYMBOLS = new Map([['¥', 'cny'], ['$', 'usd'], ['€', 'eur'], ['£', 'gbp']]);
const CODES = new Map([['rmb', 'cny'], ['cny', 'cny'], ['usd', 'usd'], ['eur', 'eur'], ['gbp', 'gbp']]);
const YUAN = '元'; // a unit word: only after the number
// Powers of ten, applied to the digit string.
const MULTIPLIERS = new Map([['万', 4], ['亿', 8]]);
const PLAIN = /^-?\d{1,15}(?:\.\d{1,2})?$/;
const MAX_LENGTH = 64; // longer text is not an amount; also keeps every value finite

const ok = (value: number): ParseResult<number> => ({ ok: true, value: value === 0 ? 0 : value });
const fail = (reason: typeof EXPECTED): ParseResult<number> => ({ ok: false, reason });

/**
 * Rounded to cents; sign kept symmetric so -1.005 and 1.005 round alike. From the double's exact decimal
 * value (toFixed), not `n * 100`: that product is rounded itself, and moved 40,000,000,000,000.2 to .21.
 */
function roundCents(n: number): number {
  if (Math.abs(n) >= Number.MAX_SAFE_INTEGER / 100) return n; // no cents left to round
  const c = Number(Math.abs(n).toFixed(2));
  return n < 0 ? -c : c;
}

export interface MoneyOptions {
  /** the column's decided number style; default point (`1,234.56`) */
  style?: NumberStyle;
  /** power of ten from the header's unit (`金额（万元）` → 4); a 万/亿 in the cell itself wins */
  shift?: number;
  /** collects the currency each amount is marked with (ISO code, e.g. CNY, USD) */
  currencies?: Set<string>;
}

/**
 * A signed amount rounded to cents: currency signs and codes (¥ ￥ $ € £ RMB CNY USD 元), 万/亿,
 * thousands separators, full-width digits, `-`/`−`/`(…)` negatives.
 */
export function parseMoney(raw: Cell, opts: MoneyOptions = {}): ParseResult<number> {
  const r = parseAnyMoney(raw, opts);
  // Past 2^53 cents an amount can no longer be held to the cent; no deal is that large.
  return r.ok && Math.abs(r.value) >= Number.MAX_SAFE_INTEGER / 100 ? fail(TOO_LARGE) : r;
}

const TOO_LARGE = bi('an amount below 90 trillion (this one is too large to be a deal)', '小于 90 万亿的金额（该值过大，不像是一笔交易）');

function parseAnyMoney(raw: Cell, opts: MoneyOptions): ParseResult<number> {
  const shift = opts.shift ?? 0;
  if (typeof raw === 'number') return Number.isFinite(raw) ? ok(roundCents(shift ? raw * 10 ** shift : raw)) : fail(NOT_FINITE);
  if (typeof raw !== 'string') return fail(EXPECTED);
  if (!shift && opts.style !== 'comma' && PLAIN.test(raw)) return ok(Number(raw));
  return parseMoneyText(raw, opts);
}

const isLetter = (c: number) => c >= 97 && c <= 122; // text is lowercased

function parseMoneyText(raw: string, opts: MoneyOptions): ParseResult<number> {
  if (raw.length > MAX_LENGTH) return fail(EXPECTED);
  const t = foldWidth(raw).toLowerCase();
  let i = 0;
  let j = t.length;
  let negative = false;
  let signed = false;
  let paren = false;
  let closed = false;
  let prefixCurrency = '';
  let suffixCurrency = '';
  let shift = -1;

  for (;;) {
    while (t.charCodeAt(i) === 32) i++;
    const c = t[i];
    const symbol = SYMBOLS.get(c);
    const code = isLetter(t.charCodeAt(i)) ? CODES.get(t.slice(i, i + 3)) : undefined;
    if (!prefixCurrency && symbol) {
      prefixCurrency = symbol;
      i++;
    } else if (!prefixCurrency && code) {
      prefixCurrency = code;
      i += 3;
    } else if (!signed && !paren && (c === '-' || c === '−' || c === '+')) {
      signed = true;
      negative = c !== '+';
      i++;
    } else if (!signed && !paren && c === '(') {
      paren = true;
      i++;
    } else break;
  }

  for (;;) {
    while (j > i && t.charCodeAt(j - 1) === 32) j--;
    if (j <= i) break;
    const c = t[j - 1];
    const symbol = c === YUAN ? 'cny' : SYMBOLS.get(c);
    const code = j - 3 >= i && isLetter(t.charCodeAt(j - 1)) ? CODES.get(t.slice(j - 3, j)) : undefined;
    const multiplier = MULTIPLIERS.get(c);
    if (c === '%') return fail(PERCENT);
    if (paren && !closed && c === ')') {
      closed = true;
      j--;
    } else if (!suffixCurrency && shift < 0 && symbol) {
      suffixCurrency = symbol;
      j--;
    } else if (!suffixCurrency && shift < 0 && code) {
      suffixCurrency = code;
      j -= 3;
    } else if (shift < 0 && multiplier !== undefined) {
      shift = multiplier;
      j--;
    } else break;
  }

  if (paren !== closed) return fail(EXPECTED);
  if (prefixCurrency && suffixCurrency && prefixCurrency !== suffixCurrency) return fail(MIXED_CURRENCY);
  const core = t.slice(i, j);
  const first = core.charCodeAt(0);
  if (first >= 48 && first <= 57 && isLetter(core.charCodeAt(core.length - 1))) return fail(ABBREVIATED);
  const scan = scanDecimal(core, opts.style);
  if (scan === 'ambiguous') return fail(AMBIGUOUS);
  if (scan === 'invalid') return fail(EXPECTED);
  // At most MAX_LENGTH digits, so always finite.
  const value = decimalCents(scan, shift < 0 ? (opts.shift ?? 0) : shift);
  const currency = prefixCurrency || suffixCurrency;
  if (currency && opts.currencies) opts.currencies.add(currency.toUpperCase());
  return ok(negative || paren ? -value : value);
}

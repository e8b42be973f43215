import { bi } from '../i18n.js';
import { decimalValue, scanDecimal, type NumberStyle } from './decimal.js';
import { foldWidth } from './text.js';
import type { Cell, ParseResult } from './types.js';

const EXPECTED = bi('expected a number such as 42, 1,234.5 or 3.75', '应为数字，例如 42、1,234.5 或 3.75');
const AMBIGUOUS = bi(
  'ambiguous separators in a number: write 1,234.5 (or 1.234,5 with both marks)',
  '数字的分隔符有歧义：请写成 1,234.5（或同时带两种分隔符的 1.234,5）',
);
const NOT_INTEGER = bi('expected a whole number such as 42', '应为整数，例如 42');

const PLAIN = /^-?\d{1,15}(?:\.\d{1,15})?$/;
const SCIENTIFIC = /^\d+(?:\.\d+)?e[+-]?\d{1,3}$/i;
const MAX_LENGTH = 64;

const ok = (value: number): ParseResult<number> => ({ ok: true, value: value === 0 ? 0 : value });
const fail = (reason: typeof EXPECTED): ParseResult<number> => ({ ok: false, reason });

/** A finite number: plain decimals, thousands separators, full-width digits, `-`/`−`, Excel's `1.5E+06`. */
export function parseNumber(raw: Cell, style: NumberStyle = 'point'): ParseResult<number> {
  if (typeof raw === 'number') return Number.isFinite(raw) ? ok(raw) : fail(EXPECTED);
  if (typeof raw !== 'string') return fail(EXPECTED);
  if (style === 'point' && PLAIN.test(raw)) return ok(Number(raw));
  if (raw.length > MAX_LENGTH) return fail(EXPECTED);
  let t = foldWidth(raw);
  let negative = false;
  const sign = t[0];
  if (sign === '-' || sign === '−' || sign === '+') {
    negative = sign !== '+';
    t = t.slice(1).trimStart();
  }
  let value: number;
  if (SCIENTIFIC.test(t)) value = Number(t);
  else {
    const scan = scanDecimal(t, style);
    if (scan === 'ambiguous') return fail(AMBIGUOUS);
    if (scan === 'invalid') return fail(EXPECTED);
    value = decimalValue(scan);
  }
  if (!Number.isFinite(value)) return fail(EXPECTED);
  return ok(negative ? -value : value);
}

/** A safe integer written as {@link parseNumber} accepts it (`1,200` yes, `1.5` no). */
export function parseInteger(raw: Cell): ParseResult<number> {
  const r = parseNumber(raw);
  if (r.ok && !Number.isSafeInteger(r.value)) return fail(NOT_INTEGER);
  return r;
}

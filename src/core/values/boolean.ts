import { bi } from '../i18n.js';
import { foldWidth } from './text.js';
import type { Cell, ParseResult } from './types.js';

const EXPECTED = bi(
  'expected yes or no, such as 是/否, Y/N, true/false, 1/0 or ✓/✗',
  '应为是或否，例如 是/否、Y/N、true/false、1/0 或 ✓/✗',
);

const TRUE = ['是', '有', '对', '有效', '完整', 'yes', 'y', 'true', 't', '1', 'x', '✓', '✔', '√', '☑', '☒'];
const FALSE = ['否', '无', '没有', '错', '无效', '不完整', 'no', 'n', 'false', 'f', '0', '✗', '✘', '×', '☐'];

// Keys are lowercase and NFKC-folded; lookups try the raw text first so common spellings skip folding.
const WORDS = new Map<string, boolean>([...TRUE.map((w) => [w, true] as const), ...FALSE.map((w) => [w, false] as const)]);

const YES: ParseResult<boolean> = { ok: true, value: true };
const NO: ParseResult<boolean> = { ok: true, value: false };
const FAIL: ParseResult<boolean> = { ok: false, reason: EXPECTED };
const result = (b: boolean | undefined) => (b === undefined ? FAIL : b ? YES : NO);

/** Yes/no in the spellings CRM exports use; booleans and 1/0 cells as such. Case- and width-insensitive. */
export function parseBoolean(raw: Cell): ParseResult<boolean> {
  if (typeof raw === 'boolean') return raw ? YES : NO;
  if (typeof raw === 'number') return raw === 1 ? YES : raw === 0 ? NO : FAIL;
  if (typeof raw !== 'string') return FAIL;
  return result(WORDS.get(raw) ?? WORDS.get(foldWidth(raw).toLowerCase()));
}

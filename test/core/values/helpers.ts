import { expect } from 'vitest';
import type { ParseResult } from '../../../src/core/values/types.js';

/** Asserts a rejection whose reason names what was expected in both languages. */
export function expectRejected<T>(r: ParseResult<T>, en: string | RegExp, zh: string | RegExp): void {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.reason.en).toMatch(en);
  expect(r.reason.zh).toMatch(zh);
  expect(r.reason.zh).toMatch(/[\u4e00-\u9fff]/);
}

export function valueOf<T>(r: ParseResult<T>): T {
  if (!r.ok) throw new Error(`rejected: ${r.reason.en}`);
  return r.value;
}

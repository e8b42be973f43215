import type { Bi } from '../i18n.js';

/** A raw cell as readers deliver it: CSV gives strings; XLSX may give numbers, booleans and dates. */
export type Cell = string | number | boolean | Date | null;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: Bi };

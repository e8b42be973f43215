import type { z } from 'zod';
import { columnFields, type ColumnField } from '../../schema/field.js';
import { KINDS, ROW_SCHEMAS, type Kind } from '../../schema/rows.js';
import type { Cell } from '../values/types.js';
import { normaliseKey } from '../values/text.js';
import { splitHeaderUnit, type HeaderUnit } from './units.js';

export type ColumnOverrides = Partial<Record<Kind, Record<string, string | undefined>>>;

export interface ColumnMapping {
  kind: Kind;
  /** canonical field → column index */
  fields: Record<string, number>;
  headers: string[];
  /** headers no field claimed */
  unmapped: string[];
  /** required fields whose column was not found */
  missing: string[];
  /** headers that would have matched a field already claimed by an earlier column */
  shadowed: { header: string; field: string }[];
  /** units read from headers such as `合同金额（万元）`, by field */
  units: Record<string, HeaderUnit>;
}

const fieldsByKind = new Map<Kind, ColumnField[]>(KINDS.map((k) => [k, columnFields(ROW_SCHEMAS[k] as z.ZodObject)]));

export const kindFields = (kind: Kind): ColumnField[] => fieldsByKind.get(kind)!;

// alias → field, per kind; built once
const aliasIndex = new Map<Kind, Map<string, string>>(
  KINDS.map((k) => {
    const index = new Map<string, string>();
    for (const f of kindFields(k)) {
      for (const alias of [f.name, ...f.meta.aliases]) {
        const key = normaliseKey(alias);
        if (!index.has(key)) index.set(key, f.name);
      }
    }
    return [k, index];
  }),
);

export const headerText = (cell: Cell): string => (cell instanceof Date ? cell.toISOString() : cell == null ? '' : String(cell).trim());

export function mapColumns(kind: Kind, headerCells: Cell[], overrides: ColumnOverrides = {}): ColumnMapping {
  const headers = headerCells.map(headerText);
  const normalised = headers.map(normaliseKey);
  const fields: Record<string, number> = {};
  const claimed = new Set<number>();
  const shadowed: ColumnMapping['shadowed'] = [];

  // Explicit config wins over aliases.
  for (const [field, header] of Object.entries(overrides[kind] ?? {})) {
    if (header === undefined) continue;
    const at = normalised.indexOf(normaliseKey(header));
    if (at >= 0) {
      fields[field] = at;
      claimed.add(at);
    }
  }
  const index = aliasIndex.get(kind)!;
  const units: Record<string, HeaderUnit> = {};
  normalised.forEach((key, col) => {
    if (claimed.has(col) || key === '') return;
    // The unit comes off first so `合同金额(元)` matches `合同金额` and keeps 元.
    const split = splitHeaderUnit(headers[col]);
    const splitField = split && index.get(normaliseKey(split.name));
    const field = splitField || index.get(key);
    if (!field) return;
    if (field in fields) shadowed.push({ header: headers[col], field });
    else {
      fields[field] = col;
      claimed.add(col);
      if (splitField && split.unit) units[field] = split.unit;
    }
  });
  const missing = kindFields(kind)
    .filter((f) => f.meta.requiredColumn && !(f.name in fields))
    .map((f) => f.name);
  const unmapped = headers.filter((h, col) => h !== '' && !claimed.has(col));
  return { kind, fields, headers, unmapped, missing, shadowed, units };
}

/** The kinds a header row can be read as, best first (most fields matched). */
export function candidateKinds(headerCells: Cell[], overrides: ColumnOverrides = {}): ColumnMapping[] {
  return KINDS.map((k) => mapColumns(k, headerCells, overrides))
    .filter((m) => m.missing.length === 0 && Object.keys(m.fields).length >= 2)
    .sort((a, b) => Object.keys(b.fields).length - Object.keys(a.fields).length);
}

export const looksLikeHeader =
  (kind: Kind | undefined, overrides: ColumnOverrides = {}) =>
  (cells: Cell[]): boolean =>
    kind ? mapColumns(kind, cells, overrides).missing.length === 0 : candidateKinds(cells, overrides).length > 0;

/** Aliases accepted for a field, for "missing column" messages. */
export const aliasesOf = (kind: Kind, field: string): readonly string[] =>
  kindFields(kind).find((f) => f.name === field)?.meta.aliases ?? [];

/** The canonical field a header names for a kind, by its aliases (no config overrides). */
export const aliasOf = (kind: Kind, header: string): string | undefined => aliasIndex.get(kind)!.get(normaliseKey(header));

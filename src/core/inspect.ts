import type { Problem } from '../schema/problem.js';
import type { Kind } from '../schema/rows.js';
import { formatLocal, type LocalTime } from './calendar.js';
import { kindFields } from './ingest/columns.js';

export interface FieldRange {
  field: string;
  min: string;
  max: string;
}

export interface ColumnProblems {
  column: string;
  count: number;
  codes: Record<string, number>;
}

/** Collects what `perf inspect` reports about a file's canonical rows, in one pass. */
export class InspectAccumulator {
  rows = 0;
  readonly samples: Record<string, unknown>[] = [];
  private readonly ranges = new Map<string, { min: LocalTime; max: LocalTime }>();
  private readonly dateFields: string[];

  constructor(readonly kind: Kind) {
    this.dateFields = kindFields(kind)
      .filter((f) => f.meta.kind === 'date')
      .map((f) => f.name);
  }

  add(row: Record<string, unknown>): void {
    this.rows++;
    if (this.samples.length < 5) this.samples.push(displayRow(row, this.dateFields));
    for (const f of this.dateFields) {
      const t = row[f];
      if (typeof t !== 'number') continue;
      const r = this.ranges.get(f);
      if (!r) this.ranges.set(f, { min: t, max: t });
      else {
        if (t < r.min) r.min = t;
        if (t > r.max) r.max = t;
      }
    }
  }

  dateRanges(): FieldRange[] {
    return this.dateFields
      .filter((f) => this.ranges.has(f))
      .map((f) => ({ field: f, min: formatLocal(this.ranges.get(f)!.min), max: formatLocal(this.ranges.get(f)!.max) }));
  }
}

/** A canonical row with its dates written out, for people and JSON. */
export function displayRow(row: Record<string, unknown>, dateFields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== undefined) out[k] = dateFields.includes(k) && typeof v === 'number' ? formatLocal(v) : v;
  return out;
}

export function problemsByColumn(problems: Problem[]): ColumnProblems[] {
  const by = new Map<string, ColumnProblems>();
  for (const p of problems) {
    const key = p.column ?? '';
    const entry = by.get(key) ?? { column: key, count: 0, codes: {} };
    entry.count++;
    entry.codes[p.code] = (entry.codes[p.code] ?? 0) + 1;
    by.set(key, entry);
  }
  return [...by.values()].sort((a, b) => b.count - a.count);
}

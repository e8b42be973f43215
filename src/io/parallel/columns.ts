/**
 * Canonical rows travel from a reading thread to the main thread as columns: typed arrays move without
 * copying, and text that repeats (rep, customer, type) is sent once per thread and shared by every row
 * that holds it, instead of one string per cell.
 */

/** Past this many distinct values a text column (ids, notes) is sent as it is: interning would not pay. */
const MAX_DISTINCT = 1 << 16;

export type Column =
  | { key: string; kind: 'ids'; ids: Int32Array } // -1: absent
  | { key: string; kind: 'num'; values: Float64Array } // NaN: absent
  | { key: string; kind: 'bool'; values: Int8Array } // -1: absent
  | { key: string; kind: 'any'; values: unknown[] }; // undefined: absent

export interface EncodedRows {
  rows: Int32Array;
  columns: Column[];
  /** text interned since the previous batch of the same thread, per column */
  dict: { key: string; strings: string[] }[];
}

type Row = Record<string, unknown>;

export class RowEncoder {
  private readonly dicts = new Map<string, Map<string, number>>();
  /** columns that proved too varied to intern */
  private readonly plain = new Set<string>();

  /** `keys`: the row schema's fields, in its order; rows hold a subset of them plus `row`. */
  constructor(private readonly keys: readonly string[]) {}

  encode(batch: Row[]): { encoded: EncodedRows; transfer: ArrayBuffer[] } {
    const n = batch.length;
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = batch[i].row as number;
    const columns: Column[] = [];
    const dict: EncodedRows['dict'] = [];
    const transfer: ArrayBuffer[] = [rows.buffer as ArrayBuffer];
    for (const key of this.keys) {
      let kind: string | undefined;
      let mixed = false;
      for (let i = 0; i < n; i++) {
        const v = batch[i][key];
        if (v === undefined) continue;
        const k = typeof v;
        if (kind === undefined) kind = k;
        else if (k !== kind) {
          mixed = true;
          break;
        }
      }
      if (kind === undefined) continue;
      if (mixed || (kind !== 'string' && kind !== 'number' && kind !== 'boolean') || (kind === 'string' && this.plain.has(key))) {
        columns.push({ key, kind: 'any', values: batch.map((r) => r[key]) });
      } else if (kind === 'number') {
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const v = batch[i][key];
          values[i] = v === undefined ? NaN : (v as number);
        }
        columns.push({ key, kind: 'num', values });
        transfer.push(values.buffer as ArrayBuffer);
      } else if (kind === 'boolean') {
        const values = new Int8Array(n);
        for (let i = 0; i < n; i++) {
          const v = batch[i][key];
          values[i] = v === undefined ? -1 : v ? 1 : 0;
        }
        columns.push({ key, kind: 'bool', values });
        transfer.push(values.buffer as ArrayBuffer);
      } else {
        let d = this.dicts.get(key);
        if (!d) this.dicts.set(key, (d = new Map()));
        const fresh: string[] = [];
        const ids = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          const v = batch[i][key] as string | undefined;
          if (v === undefined) {
            ids[i] = -1;
            continue;
          }
          let id = d.get(v);
          if (id === undefined) {
            id = d.size;
            d.set(v, id);
            fresh.push(v);
          }
          ids[i] = id;
        }
        if (d.size > MAX_DISTINCT) {
          // Send this batch's values as they are; the receiver's dictionary for the column is never read again.
          this.plain.add(key);
          this.dicts.delete(key);
          columns.push({ key, kind: 'any', values: batch.map((r) => r[key]) });
          continue;
        }
        if (fresh.length) dict.push({ key, strings: fresh });
        columns.push({ key, kind: 'ids', ids });
        transfer.push(ids.buffer as ArrayBuffer);
      }
    }
    return { encoded: { rows, columns, dict }, transfer };
  }
}

/** The receiving side of one {@link RowEncoder} (one per thread: each interns on its own). */
export class RowDecoder {
  private readonly dicts = new Map<string, string[]>();

  /** Dictionaries must be learned in the order the thread sent its batches. */
  learn(e: EncodedRows): void {
    for (const { key, strings } of e.dict) {
      let d = this.dicts.get(key);
      if (!d) this.dicts.set(key, (d = []));
      for (const s of strings) d.push(s);
    }
  }

  /** Rows rebuilt in order; `base` is added to each row number. */
  decode(e: EncodedRows, base: number, emit: (row: Row) => void): void {
    const cols = e.columns.map((c) => (c.kind === 'ids' ? { c, d: this.dicts.get(c.key)! } : { c, d: null }));
    const n = e.rows.length;
    for (let i = 0; i < n; i++) {
      const out: Row = { row: e.rows[i] + base };
      for (const { c, d } of cols) {
        switch (c.kind) {
          case 'ids': {
            const id = c.ids[i];
            if (id >= 0) out[c.key] = d![id];
            break;
          }
          case 'num': {
            const v = c.values[i];
            if (v === v) out[c.key] = v;
            break;
          }
          case 'bool': {
            const v = c.values[i];
            if (v >= 0) out[c.key] = v === 1;
            break;
          }
          case 'any': {
            const v = c.values[i];
            if (v !== undefined) out[c.key] = v;
          }
        }
      }
      emit(out);
    }
  }
}

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LedgerEntry, Vintage } from '../core/accuracy/index.js';
import { EXIT, PerfError } from '../core/errors.js';
import { bi } from '../core/i18n.js';
import type { Measure } from '../core/plan/types.js';
import { openState, openStateReadOnly, type Migration, type StateDb } from './state.js';

/**
 * The forecast ledger (`perf forecast --record`, read by `perf accuracy`): one vintage per as-of and
 * inputs (their hashes and the plan's options), and its entries. A vintage is written in one transaction,
 * so a store never holds half a run; the same as-of on the same inputs is recorded once.
 */
const MIGRATIONS: Migration[] = [
  {
    name: 'ledger-1',
    sql: `CREATE TABLE ledger_vintages (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      as_of TEXT NOT NULL,
      inputs_hash TEXT NOT NULL,
      inputs TEXT NOT NULL,
      measure TEXT NOT NULL CHECK (measure IN ('amount', 'count')),
      method TEXT NOT NULL,
      band REAL NOT NULL,
      target_quantile REAL,
      recorded_at TEXT NOT NULL,
      UNIQUE (as_of, inputs_hash)
    );
    CREATE TABLE ledger_entries (
      vintage_id INTEGER NOT NULL REFERENCES ledger_vintages (id),
      level TEXT NOT NULL CHECK (level IN ('company', 'team', 'rep')),
      name TEXT NOT NULL,
      team TEXT,
      period TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('month', 'quarter')),
      horizon INTEGER NOT NULL,
      mean REAL NOT NULL,
      lower80 REAL,
      upper80 REAL,
      target REAL,
      floor REAL,
      ceiling REAL,
      bonus REAL,
      method TEXT NOT NULL,
      PRIMARY KEY (vintage_id, level, name, period)
    );`,
  },
];

export interface InputFile {
  role: string;
  file: string;
}

export interface NewVintage {
  asOf: string;
  inputs: InputFile[];
  /** the plan's options: another method or horizon on the same files is another vintage */
  options: Record<string, unknown>;
  measure: Measure;
  method: string;
  band: number;
  targetQuantile: number | null;
  entries: LedgerEntry[];
}

export interface RecordResult {
  id: number;
  seq: number;
  /** false: this as-of and these inputs were recorded before; nothing was written */
  created: boolean;
  /** vintages recorded earlier at the same as-of on other inputs */
  others: number;
  inputsHash: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function hashInputs(inputs: InputFile[]): Vintage['inputs'] {
  return inputs.map((i) => {
    if (i.file === '-')
      throw new PerfError(EXIT.usage, bi('--record needs the deals as a file, not stdin: the file\'s hash names the vintage', '--record 需要以文件形式提供商机数据，而不是标准输入：记录版本以文件哈希标识'));
    return { role: i.role, file: i.file, sha256: sha256(readFileSync(i.file)) };
  });
}

const seqOf = (db: StateDb, id: number, asOf: string) =>
  (db.prepare('SELECT count(*) AS n FROM ledger_vintages WHERE as_of = ? AND id <= ?').get(asOf, id) as { n: number }).n;

/** Records a vintage (once per as-of and inputs), in one transaction. */
export function recordVintage(path: string, v: NewVintage, recordedAt: string): RecordResult {
  const inputs = hashInputs(v.inputs);
  const inputsHash = sha256(JSON.stringify({ files: inputs.map((i) => [i.role, i.sha256]), options: v.options }));
  const db = openState(path, MIGRATIONS);
  try {
    const write = db.transaction((): RecordResult => {
      const known = db.prepare('SELECT id FROM ledger_vintages WHERE as_of = ? AND inputs_hash = ?').get(v.asOf, inputsHash) as { id: number } | undefined;
      const others = (db.prepare('SELECT count(*) AS n FROM ledger_vintages WHERE as_of = ? AND inputs_hash <> ?').get(v.asOf, inputsHash) as { n: number }).n;
      if (known) return { id: known.id, seq: seqOf(db, known.id, v.asOf), created: false, others, inputsHash };
      const id = Number(
        db
          .prepare('INSERT INTO ledger_vintages (as_of, inputs_hash, inputs, measure, method, band, target_quantile, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(v.asOf, inputsHash, JSON.stringify(inputs), v.measure, v.method, v.band, v.targetQuantile, recordedAt).lastInsertRowid,
      );
      const add = db.prepare(
        `INSERT INTO ledger_entries (vintage_id, level, name, team, period, kind, horizon, mean, lower80, upper80, target, floor, ceiling, bonus, method)
         VALUES (@id, @level, @name, @team, @period, @kind, @horizon, @mean, @lower80, @upper80, @target, @floor, @ceiling, @bonus, @method)`,
      );
      for (const e of v.entries) add.run({ id, ...e });
      return { id, seq: seqOf(db, id, v.asOf), created: true, others, inputsHash };
    });
    // IMMEDIATE: two runs recording the same as-of at once wait for each other, and the second finds the first's vintage.
    return write.immediate();
  } finally {
    db.close();
  }
}

interface VintageRow {
  id: number;
  as_of: string;
  inputs_hash: string;
  inputs: string;
  measure: Measure;
  method: string;
  band: number;
  target_quantile: number | null;
  recorded_at: string;
}

/** Every recorded vintage, read without changing the store; none when there is no store or no ledger in it. */
export function readLedger(path: string): Vintage[] {
  const file = resolve(path);
  if (!existsSync(file)) return [];
  const db = openStateReadOnly(file);
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger_vintages'").get()) return [];
    const rows = db.prepare('SELECT * FROM ledger_vintages ORDER BY as_of, id').all() as VintageRow[];
    const entries = db.prepare('SELECT level, name, team, period, kind, horizon, mean, lower80, upper80, target, floor, ceiling, bonus, method FROM ledger_entries WHERE vintage_id = ? ORDER BY level, name, period');
    const seen = new Map<string, number>();
    return rows.map((r) => {
      const seq = (seen.get(r.as_of) ?? 0) + 1;
      seen.set(r.as_of, seq);
      return {
        id: r.id,
        asOf: r.as_of,
        seq,
        inputsHash: r.inputs_hash,
        inputs: JSON.parse(r.inputs) as Vintage['inputs'],
        measure: r.measure,
        method: r.method,
        band: r.band,
        targetQuantile: r.target_quantile,
        recordedAt: r.recorded_at,
        entries: entries.all(r.id) as LedgerEntry[],
      };
    });
  } finally {
    db.close();
  }
}

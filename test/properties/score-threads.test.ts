/**
 * Scoring an activity CSV in pieces (each piece scored by its own continuation accumulator, the states
 * moved to the file's row numbers and merged in file order: src/cli/score/pieces.ts) gives exactly what
 * one serial pass gives: the whole ScoreResult (misses and point audit in their order, with every
 * evidence row), the reading's problems and counts — for each kind of spool the command uses. Rows out
 * of time order make a merge refuse, and the rest is then read in order: still the serial result.
 * The pieces run on the calling thread here, and once on worker threads (which load the build, dist/).
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isoDate, localTime } from '../../src/core/calendar.js';
import { ScoreAccumulator, type ScoreResult } from '../../src/core/score/index.js';
import { countingSpool, memorySpool, type SpoolFactory } from '../../src/core/spool.js';
import { scorePieces } from '../../src/cli/score/pieces.js';
import { RosterMatch } from '../../src/cli/load.js';
import type { Context } from '../../src/cli/context.js';
import type { Check } from '../../src/schema/check.js';
import { rosterOf } from '../../src/core/teams.js';
import { streamDataset, type ParallelOptions } from '../../src/io/read.js';
import { fileSpool } from '../../src/io/spool.js';
import { defaultConfig } from '../../src/schema/config/index.js';
import type { Activity, Deal, Lead, TeamMember } from '../../src/schema/rows.js';

const dir = mkdtempSync(join(tmpdir(), 'perf-score-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const HOUR = 3_600_000;
const START = localTime(2026, 3, 2);
const AS_OF = localTime(2026, 11, 20);
const REPS = ['Ann', 'Bob', '张伟'];
const CUSTOMERS = ['A', 'B', 'Say "hi", Inc.', ''];
const TYPES = ['call', 'visit', 'objection log', 'objection log', 'lead assigned', 'email', 'demo', 'needs analysis', 'revisit', 'lunch'];

const row = fc.record({
  rep: fc.constantFrom(...REPS),
  // mostly a few customers; now and then one of many, met once or twice (its checks fail with a row of evidence)
  customer: fc.oneof({ arbitrary: fc.constantFrom(...CUSTOMERS), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 40 }).map((i) => `C${i}`), weight: 1 }),
  deal: fc.constantFrom('', '', 'D0', 'D1'),
  lead: fc.constantFrom('', '', '', 'L0', 'L1', 'L7'),
  type: fc.constantFrom(...TYPES),
  /** minutes since the previous row (in order), or since START (any order) */
  step: fc.integer({ min: 0, max: 400 }),
  /** hours behind that, within slackDays (7) */
  back: fc.integer({ min: 0, max: 150 }),
  // -5: refused by the row schema (zod words it), which a reading thread loads only on meeting such a row
  duration: fc.constantFrom('5', '30', '60', '', 'abc', '-5'),
  effective: fc.constantFrom('Yes', 'No', '', 'maybe'),
  shape: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'blank', 'ragged', 'baddate'),
});
type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const stamp = (t: number) => {
  const d = new Date(t);
  return `${isoDate(t)} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
};

/** `ragged`: rows with an extra field stay in (a piece with structural problems is read again, numbered, on the main thread). */
function render(rows: Row[], inOrder: boolean, ragged: boolean): string {
  const lines = ['Activity ID,Sales Rep,Account Name,Opportunity ID,Lead ID,Activity Type,Activity Date,Duration Minutes,Effective'];
  let t = START;
  rows.forEach((r, i) => {
    t = inOrder ? t + r.step * 60_000 : START + r.step * 600_000;
    if (r.shape === 'blank') return lines.push('');
    const at = Math.min(AS_OF + 2 * 86_400_000, inOrder ? t - r.back * HOUR : t);
    // The leads file's leads (L7, L8) are followed up in the log, never assigned again there: a lead
    // assigned earlier across a cut is the one refusal rows in order can meet, and is left to a few runs.
    const lead = r.type === 'lead assigned' && r.lead === 'L7' ? 'L5' : r.lead;
    const cells = [`A${i}`, r.rep, r.customer, r.deal, lead, r.type, r.shape === 'baddate' ? '2026-02-30 25:00' : stamp(at), r.duration, r.effective].map(quote);
    if (r.shape === 'ragged' && ragged) cells.push('extra');
    lines.push(cells.join(','));
  });
  return lines.join('\n') + '\n';
}

const deals: fc.Arbitrary<Deal[]> = fc
  // Deals of frequent customers, tagged on rows (D0, D1) or not, and of rare ones (few interviews before the close).
  .array(
    fc.record({ id: fc.constantFrom('D0', 'D1', 'D2', 'D3', 'D4'), rep: fc.constantFrom(...REPS), customer: fc.oneof(fc.constantFrom('A', 'B'), fc.integer({ min: 0, max: 40 }).map((i) => `C${i}`)), h: fc.integer({ min: 0, max: 5000 }) }),
    { maxLength: 8 },
  )
  .map((ds) => ds.map((d, i): Deal => ({ row: i + 2, id: d.id, rep: d.rep, customer: d.customer, stage: 'won', stage_label: 'won', closed_at: START + d.h * HOUR })));

const leads: fc.Arbitrary<Lead[]> = fc
  .array(fc.record({ id: fc.constantFrom('L7', 'L8'), rep: fc.constantFrom(...REPS), customer: fc.constantFrom('A', 'B', undefined), h: fc.integer({ min: 0, max: 6000 }) }), { maxLength: 4 })
  .map((ls) => ls.map((l, i): Lead => ({ row: i + 2, id: l.id, rep: l.rep, customer: l.customer, assigned_at: START + l.h * HOUR })));

type SpoolKind = 'memory' | 'file' | 'counting';
const spools: Record<SpoolKind, () => SpoolFactory> = { memory: () => memorySpool, file: () => fileSpool(3, dir), counting: () => countingSpool };

const plain = (r: ScoreResult, counting: boolean) => ({
  ...r,
  misses: counting ? r.misses.length : [...r.misses],
  missesByKbi: r.misses.byKbi,
  audit: counting ? r.audit.length : [...r.audit],
});

interface Run {
  path: string;
  deals: Deal[];
  leads: Lead[];
  period: { from: number; to: number };
  spool: SpoolKind;
  /** working days a contact's objection log may come after it: past slackDays (7), a log the piece holds after its first week decides a contact before the cut */
  window?: number;
}

/** The modules a run uses: the sources, or the build (worker threads load modules by their files). */
interface Modules {
  ScoreAccumulator: typeof ScoreAccumulator;
  scorePieces: typeof scorePieces;
  streamDataset: typeof streamDataset;
}
const SOURCES: Modules = { ScoreAccumulator, scorePieces, streamDataset };
const built = async (): Promise<Modules> => {
  const dist = (path: string) => import(pathToFileURL(resolve(import.meta.dirname, '../../dist/src', path)).href);
  return { ...(await dist('core/score/index.js')), ...(await dist('cli/score/pieces.js')), ...(await dist('io/read.js')) };
};

/** One run of `perf score`'s reading and scoring: serially, or in pieces (returns how many pieces merged). */
async function score(x: Run, parallel: ParallelOptions | null, { ScoreAccumulator, scorePieces, streamDataset }: Modules = SOURCES) {
  const acc = new ScoreAccumulator({
    config: x.window === undefined ? defaultConfig().score : { ...defaultConfig().score, objection: { ...defaultConfig().score.objection, withinWorkingDays: x.window } },
    period: x.period,
    asOf: AS_OF,
    file: x.path,
    deals: x.deals,
    dealsFile: 'deals.csv',
    leads: x.leads,
    leadsFile: 'leads.csv',
    spool: spools[x.spool](),
  });
  const sink = scorePieces(acc, undefined);
  let merged = 0;
  const counted = { ...sink, merge: (value: unknown, base: number) => sink.merge(value, base) && ++merged > 0 };
  const info = await streamDataset(
    x.path,
    { kind: 'activities', timeZone: 'Asia/Shanghai', dateFormat: 'auto', parallel: parallel ?? { threads: 1 }, sink: parallel ? counted : undefined },
    (a: Activity) => acc.add(a),
  );
  return { info, result: plain(acc.finish(), x.spool === "counting"), merged };
}

const input = (inOrder: boolean) =>
  fc.record({
    // The converter decides date orders from the first 1,000 rows: the first piece must hold them.
    rows: fc.array(row, { minLength: 1450, maxLength: 1600 }),
    deals,
    leads,
    /** 1: the command's own shares (one per thread, the main thread's larger) */
    pieces: fc.integer({ min: 1, max: 6 }),
    whole: fc.boolean(),
    spool: fc.constantFrom<SpoolKind>('memory', 'file', 'counting'),
    ragged: fc.boolean(),
    window: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  }).map((x) => ({ ...x, text: render(x.rows, inOrder, x.ragged) }));

type Input = ReturnType<typeof input> extends fc.Arbitrary<infer T> ? T : never;

async function compare(x: Omit<Input, 'rows'>) {
  const path = join(dir, `a${n++}.csv`);
  writeFileSync(path, x.text);
  const size = statSync(path).size;
  const firstBytes = Math.floor(size * 0.78);
  // The whole log, or the last months only (the pieces then hold the period).
  const period = x.whole ? { from: localTime(2026, 3, 1), to: localTime(2026, 11, 30) } : { from: localTime(2026, 7, 1), to: localTime(2026, 11, 30) };
  const run: Run = { path, deals: x.deals, leads: x.leads, period, spool: x.spool, window: x.window };
  const serial = await score(run, null);
  const pieceBytes = x.pieces === 1 ? undefined : Math.max(64, Math.floor((size - firstBytes) / x.pieces));
  const split = await score(run, { inProcess: true, minBytes: 0, firstBytes, pieceBytes });
  expect(split.info).toEqual(serial.info);
  expect(split.result).toEqual(serial.result);
  return { merged: split.merged, result: split.result };
}

describe('scoring an activity CSV in pieces', () => {
  it('gives the serial result, row numbers and problems included, for rows in time order within slackDays', async () => {
    let merged = 0;
    await fc.assert(fc.asyncProperty(input(true), async (x) => void (merged += (await compare(x)).merged)), { numRuns: 40, endOnFailure: true });
    // Pieces were merged, not read again serially (a lead's assignment moved earlier across a cut may refuse one).
    expect(merged).toBeGreaterThan(40);
  });

  it('gives the serial result for rows in any order (merges refused, the rest read in order)', async () => {
    await fc.assert(fc.asyncProperty(input(false), async (x) => void (await compare(x))), { numRuns: 10, endOnFailure: true });
  });

  it("keeps a won deal's interview read in a later piece as the miss's evidence, numbered as in the file", async () => {
    // One interview with customer Z, near the end: the deal closing after it misses its second, with that row as evidence.
    const rows: Row[] = Array.from({ length: 1500 }, (_, i) => ({
      rep: REPS[i % 3], customer: 'A', deal: '', lead: '', type: 'call', step: 180, back: 0, duration: '5', effective: 'Yes', shape: 'ok',
    }));
    rows[1450] = { ...rows[1450], rep: 'Ann', customer: 'Z', type: 'needs analysis' };
    const deal: Deal = { row: 2, id: 'D9', rep: 'Ann', customer: 'Z', stage: 'won', stage_label: 'won', closed_at: START + 1480 * 3 * HOUR };
    const { merged, result } = await compare({ text: render(rows, true, false), deals: [deal], leads: [], pieces: 3, whole: true, spool: 'memory', ragged: false, window: undefined });
    expect(merged).toBe(2);
    const misses = result.misses as { deal: string | null; kbi: string; rows: number[] }[];
    expect(misses.find((m) => m.deal === 'D9' && m.kbi === 'needs')?.rows).toEqual([1452]);
  });

  it("puts the rows read in pieces in the roster's teams and counts those that named another, as one pass does", async () => {
    // Ann's rows name East (the roster: North), 张伟's West (the roster's Zhang Wei: South), Bob's none.
    const teamOf: Record<string, string> = { Ann: 'East', Bob: '', 张伟: 'West' };
    const lines = ['Activity ID,Sales Rep,Team,Account Name,Activity Type,Activity Date,Effective'];
    for (let i = 0; i < 1500; i++) lines.push(`A${i},${REPS[i % 3]},${teamOf[REPS[i % 3]]},C${i % 7},call,${stamp(START + i * 3 * HOUR)},Yes`);
    const path = join(dir, `t${n++}.csv`);
    writeFileSync(path, lines.join('\n') + '\n');
    const members: TeamMember[] = [
      { row: 2, rep: 'Ann', team: 'North' },
      { row: 3, rep: 'Bob', team: 'North' },
      { row: 4, rep: 'Zhang Wei', team: 'South', aliases: '张伟' },
    ];
    const run = async (parallel: ParallelOptions | null) => {
      const checks: Check[] = [];
      const ctx = { checks, refuse: () => undefined, addChecks: (cs: readonly Check[]) => void checks.push(...cs) } as unknown as Context;
      const match = new RosterMatch(ctx, { file: 'teams.csv', rows: members, problems: [], problemCount: 0 });
      const acc = new ScoreAccumulator({ config: defaultConfig().score, period: { from: localTime(2026, 3, 1), to: localTime(2026, 11, 30) }, asOf: AS_OF, file: path, roster: rosterOf(members), spool: memorySpool });
      let merged = 0;
      const sink = scorePieces(acc, match);
      const info = await streamDataset(
        path,
        { kind: 'activities', timeZone: 'Asia/Shanghai', dateFormat: 'auto', parallel: parallel ?? { threads: 1 }, sink: parallel ? { ...sink, merge: (v: unknown, b: number) => sink.merge(v, b) && ++merged > 0 } : undefined },
        (a: Activity) => {
          match.see(a);
          acc.add(a);
        },
      );
      match.settle(info);
      return { checks: checks.filter((c) => c.code === 'roster_team').map((c) => c.message.en), reps: acc.finish().reps.map((r) => [r.rep, r.team]), merged };
    };
    const serial = await run(null);
    const size = statSync(path).size;
    const split = await run({ inProcess: true, minBytes: 0, firstBytes: Math.floor(size * 0.7), pieceBytes: Math.floor(size * 0.1) });
    expect(split.merged).toBeGreaterThan(0);
    expect(serial.checks).toEqual([`1,000 rows of 2 reps in ${path} name a team other than the roster's; the roster's team is used (Ann: export East, roster North; Zhang Wei: export West, roster South)`]);
    expect(split.checks).toEqual(serial.checks);
    expect(new Set(split.reps.map(([rep, team]) => `${rep} ${team}`))).toEqual(new Set(['Ann North', 'Bob North', 'Zhang Wei South']));
  });

  it('gives the serial result on a worker thread (the build)', async () => {
    const [x] = fc.sample(input(true), { seed: 19, numRuns: 1 });
    // Three times the rows over the same months: large enough for a worker's piece past the first 1,000 rows.
    const rows = Array.from({ length: 3 }, () => x.rows.map((r) => ({ ...r, step: Math.floor(r.step / 3) }))).flat();
    const path = join(dir, `w${n++}.csv`);
    writeFileSync(path, render(rows, true, x.ragged));
    const run: Run = { path, deals: x.deals, leads: x.leads, period: { from: localTime(2026, 3, 1), to: localTime(2026, 11, 30) }, spool: 'memory' };
    const serial = await score(run, null);
    // The converter decides date orders from the first 1,000 rows: the first piece holds them.
    const split = await score(run, { threads: 2, minBytes: 0, firstBytes: Math.floor(statSync(path).size * 0.3) }, await built());
    expect(split.info).toEqual(serial.info);
    expect(split.result).toEqual(serial.result);
    expect(split.merged).toBe(1);
  });
});

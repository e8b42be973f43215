/**
 * A piece's state as it crosses threads. Its many small objects — a pair per rep × customer, its slot,
 * the continuation's records per pair and per rep × lead or customer — cost the structured clone most of
 * its time and bytes: it writes every object's property names and every string each time it meets them,
 * and the receiving thread builds each object again key by key. Packed, their numbers travel in one
 * Float64Array (moved, not copied) and their names once each in a string table; the rest of the state
 * travels as the clone copies it. Unpacking gives back the state `ScoreAccumulator.state()` made, save
 * the slots, which come back holding only what the merge reads of them: their weeks, pair, follow-up
 * candidates and log times (the
 * deals, leads and months to revisit they point to are the constructor's, the rest serves the pass).
 */
import { emptySlot, ruleKey, type Contact, type Continuation, type FollowCandidates, type FollowIndex, type LeadCheck, type PairSlot, type PairState, type PieceState, type RuleItems } from './state.js';

/** The fields packed into `numbers` and `strings`; the others are carried in `rest`. */
type Packed = 'pairs' | 'slots' | 'openPairs' | 'cont' | 'leadChecks' | 'ruleItems';

export interface PackedState {
  rest: Omit<PieceState, Packed>;
  strings: string[];
  numbers: Float64Array;
}

/** Appends to a Float64Array that doubles as it fills: no array of boxed numbers to grow and copy. */
class Writer {
  // 4 MB: the pieces of a file large enough for threads write 2.5–3.5 MB (1M-row bench logs); growing costs copies.
  nums = new Float64Array(1 << 19);
  length = 0;
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  private room(n: number): void {
    if (this.length + n <= this.nums.length) return;
    let size = this.nums.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Float64Array(size);
    grown.set(this.nums);
    this.nums = grown;
  }

  num(n: number): void {
    this.room(1);
    this.nums[this.length++] = n;
  }

  list(xs: readonly number[]): void {
    const n = xs.length;
    this.room(n + 1);
    this.nums[this.length] = n;
    // One native copy: pack runs once, mostly before the JIT has compiled a loop of its own.
    this.nums.set(xs, this.length + 1);
    this.length += n + 1;
  }

  str(s: string): void {
    let i = this.index.get(s);
    if (i === undefined) {
      this.index.set(s, (i = this.strings.length));
      this.strings.push(s);
    }
    this.num(i);
  }

  /** A count to write here, of items written after it: `add` one as each is. */
  count(): { add(): void } {
    const at = this.length;
    this.num(0);
    return { add: () => this.nums[at]++ };
  }

  /** the numbers written, in a buffer of their own (to move to the other thread) */
  done(): Float64Array {
    return this.nums.slice(0, this.length);
  }
}

class Reader {
  private at = 0;
  constructor(
    private readonly nums: Float64Array,
    private readonly strings: string[],
  ) {}

  num(): number {
    return this.nums[this.at++];
  }

  /** Exactly as long as the list: pushed one by one, every small list would take room for 17 numbers or more (measured: twice the memory). */
  list(): number[] {
    const n = this.nums[this.at++];
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.nums[this.at + i];
    this.at += n;
    return out;
  }

  str(): string {
    return this.strings[this.nums[this.at++]];
  }
}

function writeFollow(w: Writer, f: FollowCandidates): void {
  w.list(f.head);
  w.num(f.afterAt);
  w.num(f.afterRow);
}

const readFollow = (r: Reader): FollowCandidates => ({ head: r.list(), afterAt: r.num(), afterRow: r.num() });

export function packState(s: PieceState): PackedState {
  const { pairs, slots, openPairs, cont, leadChecks, ruleItems, ...rest } = s;
  const w = new Writer();
  const pairIndex = new Map<PairState, number>();
  w.num(pairs.length);
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i];
    pairIndex.set(p, i);
    w.str(p.rep);
    w.str(p.key);
    w.num(p.isCustomer ? 1 : 0);
    w.list(p.needsAt);
    w.list(p.needsRows);
    w.list(p.activeMonths);
    w.list(p.contacts);
    w.list(p.logs);
  }
  w.num(openPairs.size);
  for (const p of openPairs) w.num(pairIndex.get(p)!);
  // forEach rather than for … of [key, value]: no entry array per slot (this runs once, little of it compiled).
  const kept = w.count();
  slots.forEach((byKey, rep) =>
    byKey.forEach((slot, key) => {
      if (!(slot.weeks || slot.follow || slot.logTimes)) return;
      kept.add();
      w.str(rep);
      w.str(key);
      w.num((slot.weeks ? 1 : 0) | (slot.follow ? 2 : 0) | (slot.logTimes ? 4 : 0));
      if (slot.weeks) w.list(slot.weeks);
      if (slot.follow) writeFollow(w, slot.follow);
      if (slot.logTimes) {
        w.list(slot.logTimes.head);
        w.num(slot.logTimes.after);
      }
    }),
  );
  w.num(cont.first);
  w.num(cont.min);
  w.num(cont.provisional.length);
  for (const { p, c } of cont.provisional) {
    w.num(pairIndex.get(p)!);
    w.num(c.at);
    w.num(c.deadline);
    w.num(c.row);
  }
  w.num(cont.assignedBefore.length);
  for (const { rep, id, at } of cont.assignedBefore) {
    w.str(rep);
    w.str(id);
    w.num(at);
  }
  const leads = w.count();
  cont.follow.forEach((byId, rep) =>
    byId.forEach((f, id) => {
      leads.add();
      w.str(rep);
      w.str(id);
      writeFollow(w, f);
    }),
  );
  w.num(leadChecks.length);
  for (const l of leadChecks) {
    w.str(l.id);
    w.str(l.rep);
    if (l.customer === undefined) w.num(-1);
    else w.str(l.customer);
    w.num(l.assigned);
    // NaN: none (no time or row is NaN)
    w.num(l.followUp ?? NaN);
    w.num(l.followRow ?? NaN);
    w.str(l.file);
    w.num(l.row);
  }
  w.num(ruleItems.size);
  for (const g of ruleItems.values()) {
    w.num(g.index);
    w.str(g.rep);
    w.str(g.bucket);
    w.num(g.month);
    w.list(g.ats);
    w.list(g.rows);
  }
  return { rest, strings: w.strings, numbers: w.done() };
}

export function unpackState(packed: PackedState): PieceState {
  const r = new Reader(packed.numbers, packed.strings);
  const slots = new Map<string, Map<string, PairSlot>>();
  const slot = (rep: string, key: string) => {
    let byKey = slots.get(rep);
    if (!byKey) slots.set(rep, (byKey = new Map()));
    let sl = byKey.get(key);
    if (!sl) byKey.set(key, (sl = emptySlot()));
    return sl;
  };
  const pairs: PairState[] = [];
  for (let n = r.num(); n > 0; n--) {
    const rep = r.str();
    const key = r.str();
    const p: PairState = {
      pk: `${rep}\t${key}`,
      rep,
      key,
      isCustomer: r.num() === 1,
      needsAt: r.list(),
      needsRows: r.list(),
      activeMonths: r.list(),
      contacts: r.list(),
      logs: r.list(),
    };
    pairs.push(p);
    slot(rep, key).pair = p;
  }
  const openPairs = new Set<PairState>();
  for (let n = r.num(); n > 0; n--) openPairs.add(pairs[r.num()]);
  for (let n = r.num(); n > 0; n--) {
    const rep = r.str();
    const sl = slot(rep, r.str());
    const has = r.num();
    if (has & 1) sl.weeks = r.list();
    if (has & 2) sl.follow = readFollow(r);
    if (has & 4) sl.logTimes = { head: r.list(), after: r.num() };
  }
  const first = r.num();
  const min = r.num();
  const provisional: { p: PairState; c: Contact }[] = [];
  for (let n = r.num(); n > 0; n--) {
    const p = pairs[r.num()];
    provisional.push({ p, c: { at: r.num(), deadline: r.num(), row: r.num() } });
  }
  const assignedBefore: Continuation['assignedBefore'] = [];
  for (let n = r.num(); n > 0; n--) assignedBefore.push({ rep: r.str(), id: r.str(), at: r.num() });
  const follow: FollowIndex = new Map();
  for (let n = r.num(); n > 0; n--) {
    const rep = r.str();
    const id = r.str();
    let byId = follow.get(rep);
    if (!byId) follow.set(rep, (byId = new Map()));
    byId.set(id, readFollow(r));
  }
  const cont: Continuation = { first, min, provisional, follow, assignedBefore };
  const leadChecks: LeadCheck[] = [];
  for (let n = r.num(); n > 0; n--) {
    const id = r.str();
    const rep = r.str();
    const c = r.num();
    const customer = c < 0 ? undefined : packed.strings[c];
    const assigned = r.num();
    const followUp = r.num();
    const followRow = r.num();
    leadChecks.push({ id, rep, customer, assigned, followUp: followUp === followUp ? followUp : undefined, followRow: followRow === followRow ? followRow : null, file: r.str(), row: r.num() });
  }
  const ruleItems = new Map<string, RuleItems>();
  for (let n = r.num(); n > 0; n--) {
    const index = r.num();
    const rep = r.str();
    const bucket = r.str();
    ruleItems.set(ruleKey(index, rep, bucket), { index, rep, bucket, month: r.num(), ats: r.list(), rows: r.list() });
  }
  return { ...packed.rest, leadChecks, ruleItems, pairs, slots, openPairs, cont } as PieceState;
}

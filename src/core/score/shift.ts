/**
 * A piece of the activity log read on its own numbers its rows from the piece's start: how many records
 * precede it is known only once the pieces before it are counted. Its state is moved to the file's
 * numbers before the merge; the rows of the deals and leads files stay as they are.
 * test/properties/score-threads.test.ts holds every field to a serial read (and fails when one is left out).
 */
import type { FollowCandidates, PieceState } from './state.js';

const shift = (rows: number[], base: number) => {
  for (let i = 0; i < rows.length; i++) rows[i] += base;
};

function shiftFollow(f: FollowCandidates, base: number): void {
  // at, row side by side
  for (let i = 1; i < f.head.length; i += 2) f.head[i] += base;
  if (f.afterAt !== Infinity) f.afterRow += base;
}

/** Adds `base` to every activity row number the state holds. */
export function shiftRows(s: PieceState, base: number): void {
  if (base === 0) return;
  for (const r of s.reps.values()) for (const w of r.weeks.values()) shift(w.touchRows, base);
  for (const p of s.pairs) {
    shift(p.needsRows, base);
    // at, deadline, row side by side
    for (let i = 2; i < p.contacts.length; i += 3) p.contacts[i] += base;
  }
  for (const { c } of s.cont.provisional) c.row += base;
  for (const byId of s.cont.follow.values()) for (const f of byId.values()) shiftFollow(f, base);
  for (const byKey of s.slots.values()) for (const slot of byKey.values()) if (slot.follow) shiftFollow(slot.follow, base);
  for (const d of s.dealsById.values()) {
    shift(d.demoRows, base);
    shift(d.lateDemoRows, base);
    shift(d.needsRows, base);
  }
  // Only counted at the finish, but kept exact like the rest.
  for (const u of s.upkeep) shift(u.rows, base);
  s.leadChecks.forEach((l, i) => {
    if (i >= s.fileLeads) l.row += base;
    if (l.followRow !== null) l.followRow += base;
  });
  for (const g of s.ruleItems.values()) shift(g.rows, base);
  if (typeof s.misses !== 'number') for (const m of s.misses) shift(m.rows, base);
  if (s.firstLate) s.firstLate = { ...s.firstLate, row: s.firstLate.row + base };
}

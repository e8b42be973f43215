/**
 * Scoring a large activity CSV on every core: each reading thread scores its piece of the log in a
 * continuation accumulator and sends back the accumulator's state, which the main thread moves to the
 * file's row numbers and merges in file order (`ScoreAccumulator.merge`). A refused merge (rows out of
 * time order across the cut) makes the reader read that piece and the rest in order, into the main
 * accumulator, as one pass would. This module is also what a worker loads (`openPieceConsumer`).
 */
import { ScoreAccumulator, type ScoreOptions } from '../../core/score/index.js';
import { shiftRows } from '../../core/score/shift.js';
import { packState, unpackState, type PackedState } from '../../core/score/pack.js';
import { countingSpool, memorySpool } from '../../core/spool.js';
import type { PieceConsumer, PieceSink } from '../../io/parallel/piece.js';
import type { Activity } from '../../schema/rows.js';
import type { RosterMatch } from '../load.js';
import { onRoster, type TeamOverrides } from '../../core/teams.js';

/** What a worker needs to score like the main thread: plain data, sent once. */
interface PieceOptions {
  score: Omit<ScoreOptions, 'spool' | 'continuation'>;
  /** the main accumulator only counts its misses (text report): so does the piece */
  counting: boolean;
  /** the roster's aliases (--team): reps are renamed and put in the roster's team as the rows arrive, as on the main thread */
  aliases: Map<string, string> | null;
}

interface PieceValue {
  state: PackedState;
  /** the reps as the rows named them, for the roster's reconciliation */
  seen: string[];
  /** the rows put in the roster's team where they named another, for the run's check */
  overrides: TeamOverrides;
}

export function openPieceConsumer(o: PieceOptions): PieceConsumer {
  const acc = new ScoreAccumulator({ ...o.score, continuation: true, spool: o.counting ? countingSpool : memorySpool });
  const seen = new Set<string>();
  const overrides: TeamOverrides = new Map();
  const { aliases } = o;
  const roster = o.score.roster;
  return {
    add(row) {
      const a = row as unknown as Activity;
      if (aliases && roster) {
        seen.add(a.rep);
        a.rep = aliases.get(a.rep) ?? a.rep;
        onRoster(a, roster, overrides);
      }
      acc.add(a);
    },
    finish: () => {
      const state = packState(acc.state());
      return { value: { state, seen: [...seen], overrides } satisfies PieceValue, transfer: [state.numbers.buffer as ArrayBuffer] };
    },
  };
}

/** The sink that scores a large activity CSV's pieces on their threads into `acc`. */
export function scorePieces(acc: ScoreAccumulator, roster: RosterMatch | undefined): PieceSink {
  const { spool, continuation, ...score } = acc.opts;
  const options: PieceOptions = { score, counting: !!acc.misses.discards, aliases: roster?.aliases ?? null };
  return {
    module: import.meta.url,
    options,
    merge(value, base) {
      const { state: packed, seen, overrides } = value as PieceValue;
      const state = unpackState(packed);
      shiftRows(state, base);
      if (!acc.merge(ScoreAccumulator.resume(acc.opts, state))) return false;
      for (const rep of seen) roster?.see({ rep });
      roster?.addOverrides(overrides);
      return true;
    },
  };
}

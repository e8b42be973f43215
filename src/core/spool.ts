/**
 * Lists kept only for the outputs (a score's misses and point audit) grow with the rows of the whole
 * log. The core fills them through this interface, so the shell can keep them on disk past a budget
 * (src/io/spool.ts) while the core stays free of files.
 */

/** Read-only entries of a result: counted, and iterated (as often as needed) in their final order. */
export interface Entries<T> extends Iterable<T> {
  readonly length: number;
}

/** Entries added one by one; iteration yields them sorted by the spool's order, ties in the order added. */
export interface Spool<T> extends Entries<T> {
  push(item: T): void;
  /** true when pushed items are only counted: the caller need not build them */
  readonly discards?: boolean;
}

export type SpoolFactory = <T>(compare: (a: T, b: T) => number) => Spool<T>;

/** Everything in memory: what the core uses unless the shell passes a spilling factory. */
export const memorySpool: SpoolFactory = <T>(compare: (a: T, b: T) => number): Spool<T> => {
  const items: T[] = [];
  let sorted = true;
  return {
    get length() {
      return items.length;
    },
    push(item) {
      items.push(item);
      sorted = false;
    },
    [Symbol.iterator]() {
      // Array.prototype.sort is stable, so ties keep the order they were added in.
      if (!sorted) items.sort(compare);
      sorted = true;
      return items[Symbol.iterator]();
    },
  };
};

/**
 * Counts without keeping: for an output that shows only how many entries there are (the text report),
 * so nothing is held or spilled that would never be read. Reading the entries is a bug in the caller.
 */
export const countingSpool: SpoolFactory = <T>(): Spool<T> => {
  let count = 0;
  return {
    discards: true,
    get length() {
      return count;
    },
    push() {
      count++;
    },
    [Symbol.iterator](): Iterator<T> {
      throw new Error('a counting spool keeps no entries to read');
    },
  };
};

/** The entries of `source` that `keep` accepts, each passed through `fix` as it is read; `length` is given by the caller, who counted them. */
export function entriesView<T>(source: Iterable<T>, length: number, keep: (item: T) => boolean, fix: (item: T) => T): Entries<T> {
  return {
    length,
    *[Symbol.iterator]() {
      for (const item of source) if (keep(item)) yield fix(item);
    },
  };
}

/** Each entry passed through `f` as it is read: an output's view of a spool, built per entry and never held. */
export function mapEntries<T, U>(source: Entries<T>, f: (item: T) => U): Entries<U> {
  return {
    length: source.length,
    *[Symbol.iterator]() {
      for (const item of source) yield f(item);
    },
  };
}

/**
 * Holds items until no later-generated item can sort before them, so rows stream out in time order
 * while memory stays bounded by what is still "in flight" (deals not yet closed, activities not yet due).
 */
export class DayBuffer<T> {
  private byDay = new Map<number, T[]>();

  push(day: number, item: T): void {
    const list = this.byDay.get(day);
    if (list) list.push(item);
    else this.byDay.set(day, [item]);
  }

  /** Items of days before `limit`, day by day, each day's items in `order`. */
  *drain(limit: number, order?: (a: T, b: T) => number): Generator<T[]> {
    const days = [...this.byDay.keys()].filter((d) => d < limit).sort((a, b) => a - b);
    for (const d of days) {
      const list = this.byDay.get(d)!;
      this.byDay.delete(d);
      if (order) list.sort(order);
      yield list;
    }
  }

  drainAll(order?: (a: T, b: T) => number): Generator<T[]> {
    return this.drain(Number.POSITIVE_INFINITY, order);
  }
}

/** Replaying a field history on a deals export's cells: hand-built logs, values checked cell by cell. */
import { describe, expect, it } from 'vitest';
import { pushCounts, replayLog, rowsAt, type RawDeals } from '../../../src/core/changes/history.js';
import { mapColumns } from '../../../src/core/ingest/columns.js';
import type { HistoryRow } from '../../../src/schema/rows.js';

const day = (d: number, h = 0) => Date.UTC(2026, 10, d, h);
const header = ['Deal ID', 'Owner', 'Stage', 'Amount', 'Created', 'Close Date', 'Expected Close Date'];
const deals: RawDeals = {
  file: 'deals.csv',
  mapping: mapColumns('deals', header),
  rows: [
    { row: 2, cells: ['A', 'Ann', 'Won', '900', '2026-08-01', '2026-11-20', ''] },
    { row: 3, cells: ['B', 'Bob', 'Proposal', '500', '2026-11-10', '', '2026-12-20'] },
  ],
  createdAt: new Map([[2, Date.UTC(2026, 7, 1)], [3, day(10)]]),
};
const h = (row: number, deal_id: string, field: string, at: number, new_value?: string, old_value?: string): HistoryRow => ({ row, deal_id, field, at, new_value, old_value });

describe('a field history replayed on the export', () => {
  it('undoes the changes from the date on, with old values (Salesforce: StageName, CloseDate by their API names)', () => {
    const log = replayLog(deals, [
      h(2, 'A', 'StageName', day(20, 9), 'Won', 'Negotiation'),
      h(3, 'A', 'CloseDate', day(20, 9), '2026-11-20', undefined),
      h(4, 'A', 'Amount', day(5), '800', '700'),
      h(5, 'A', 'Amount', day(18), '900', '800'),
      h(6, 'A', 'Probability', day(18), '90', '60'),
      h(7, 'Z', 'Amount', day(18), '1', '2'),
    ], true);
    expect([...log.unmatched]).toEqual([['Probability', 1]]);
    expect([...log.unknownDeals]).toEqual(['Z']);
    // the end of Nov 15: the stage and close date not yet set, the amount after its first change; B untouched
    expect(rowsAt(deals, log, day(16))).toEqual([{ row: 2, cells: ['A', 'Ann', 'Negotiation', '800', '2026-08-01', null, ''] }, deals.rows[1]]);
    // B was created on Nov 10
    expect(rowsAt(deals, log, day(10)).map((r) => r.row)).toEqual([2]);
    // the end of Nov 20 includes the changes of Nov 20 09:00
    expect(rowsAt(deals, log, day(21))[0].cells).toEqual(deals.rows[0].cells);
    // before Nov 5 the amount is the first change's old value
    expect(rowsAt(deals, log, day(1))[0].cells[3]).toBe('700');
  });

  it('without an old-value column (HubSpot), takes each value from the change before it, blank before the first', () => {
    const log = replayLog(deals, [
      h(2, 'B', 'amount', day(10, 1), '300'),
      h(3, 'B', 'amount', day(12), '500'),
      h(4, 'B', 'Expected Close Date', day(12), '2026-12-20'),
    ], false);
    const at = (until: number) => rowsAt(deals, log, until).find((r) => r.row === 3)!.cells;
    expect(at(day(12))[3]).toBe('300');
    expect(at(day(12))[6]).toBe(null);
    expect(at(day(13))[3]).toBe('500');
  });

  it('leaves out a deal created (by its own date or a "created"/新建 entry) or deleted (deleted/作废) by then', () => {
    const log = replayLog(deals, [h(2, 'A', '新建', day(3)), h(3, 'A', '作废', day(25))], true);
    expect(rowsAt(deals, log, day(3)).map((r) => r.row)).toEqual([]);
    expect(rowsAt(deals, log, day(4)).map((r) => r.row)).toEqual([2]);
    expect(rowsAt(deals, log, day(11)).map((r) => r.row)).toEqual([2, 3]);
    expect(rowsAt(deals, log, day(26)).map((r) => r.row)).toEqual([3]);
  });

  it('counts only the moves of the expected close to a later date, inside the two dates', () => {
    const log = replayLog(deals, [
      h(2, 'B', 'Expected Close Date', day(11), '2026-12-31', '2026-12-01'), // later
      h(3, 'B', 'Expected Close Date', day(12), '2026-12-10', '2026-12-31'), // earlier
      h(4, 'B', 'Expected Close Date', day(14), '2026-12-20', '2026-12-10'), // later
      h(5, 'B', 'Expected Close Date', day(28), '2027-01-05', '2026-12-20'), // after the range
    ], true);
    const parse = (c: unknown) => (typeof c === 'string' && c ? Date.parse(c) : null);
    expect(pushCounts(log, 6, day(11), day(27), parse)).toEqual(new Map([['B', 2]]));
    expect(pushCounts(log, 6, day(12), day(27), parse)).toEqual(new Map([['B', 1]]));
  });
});

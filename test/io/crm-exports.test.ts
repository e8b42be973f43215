import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localTime } from '../../src/core/calendar.js';
import { readDataset } from '../../src/io/read.js';

// One header line (and one won deal) per CRM product, as its documented export names the columns.
const DIR = join(import.meta.dirname, '..', 'fixtures', 'crm-headers');
const read = (file: string) => readDataset(join(DIR, file), { kind: 'deals', timeZone: 'Asia/Shanghai', dateFormat: 'auto' });

const expected: Record<string, { amount: number; currency: string | null; rep: string }> = {
  'salesforce.csv': { amount: 12500, currency: 'USD', rep: 'Ann Lee' },
  'hubspot.csv': { amount: 12500, currency: null, rep: 'Ann Lee' },
  'zoho.csv': { amount: 12500, currency: 'USD', rep: 'Ann Lee' },
  'pipedrive.csv': { amount: 12500, currency: 'EUR', rep: 'Ann Lee' },
  'odoo.csv': { amount: 12500, currency: null, rep: 'Ann Lee' },
  'fxiaoke.csv': { amount: 125000, currency: 'CNY', rep: '王芳' },
  'xiaoshouyi.csv': { amount: 125000, currency: 'CNY', rep: '王芳' },
  'dingtalk.csv': { amount: 125000, currency: null, rep: '王芳' },
};

describe('exports of the common CRMs map without configuration', () => {
  it('has a fixture for each CRM product', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s: a won deal with its owner, amount (unit applied), close and create dates', async (file, want) => {
    const d = await read(file);
    expect(d.problems).toEqual([]);
    expect(d.rows).toHaveLength(1);
    const deal = d.rows[0];
    expect(deal).toMatchObject({ rep: want.rep, stage: 'won', amount: want.amount, closed_at: expect.any(Number), created_at: expect.any(Number) });
    expect(deal.closed_at! - localTime(2026, 3, 14)).toBeGreaterThanOrEqual(0);
    expect(deal.closed_at! - localTime(2026, 3, 15)).toBeLessThan(0);
    expect(d.currency).toBe(want.currency);
  });
});

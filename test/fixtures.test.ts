import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayNumber, localTime } from '../src/core/calendar.js';
import { GEN_KINDS, memoryOutput, scenario, writeKindCsv, type GenKind } from '../bench/generate.js';
import { FIXTURE_FILES, makeFixtures } from '../bench/make-fixtures.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

function csv(seed: number, kind: GenKind, lang: 'en' | 'zh' = 'en'): Buffer {
  const sc = scenario({
    kind: 'all', rows: 400, reps: 8, teams: 3, customers: 60, seed,
    startDay: dayNumber(localTime(2024, 1, 1)), endDay: dayNumber(localTime(2026, 11, 30)),
  });
  const out = memoryOutput();
  writeKindCsv(sc, kind, out, { lang, seed, encoding: lang === 'zh' ? 'gb18030' : 'utf-8' });
  return out.bytes();
}

describe('generator', () => {
  it.each(GEN_KINDS)('writes identical bytes for the same seed (%s)', (kind) => {
    expect(csv(7, kind).equals(csv(7, kind))).toBe(true);
    expect(csv(7, kind, 'zh').equals(csv(7, kind, 'zh'))).toBe(true);
    expect(csv(7, kind).equals(csv(8, kind))).toBe(false);
  });

  it('writes exactly the requested number of deals and leads', () => {
    expect(csv(3, 'deals').toString('utf8').trimEnd().split('\n')).toHaveLength(401);
    expect(csv(3, 'leads').toString('utf8').trimEnd().split('\n')).toHaveLength(201);
  });
});

describe('fixtures', () => {
  let fresh: string;
  beforeAll(async () => {
    fresh = mkdtempSync(join(tmpdir(), 'perf-fixtures-'));
    await makeFixtures(fresh);
  });
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it.each(FIXTURE_FILES.filter((f) => !f.endsWith('.xlsx')))('regenerating reproduces %s byte for byte', (file) => {
    expect(readFileSync(join(fresh, file)).equals(readFileSync(join(FIXTURES, file)))).toBe(true);
  });

  it('regenerating reproduces activity.xlsx cell for cell', async () => {
    // XLSX zips carry write times, so compare the sheet, not the bytes.
    const values = async (dir: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, 'activity.xlsx'));
      return wb.worksheets.map((ws) => ({ name: ws.name, rows: ws.getSheetValues() }));
    };
    expect(await values(fresh)).toEqual(await values(FIXTURES));
  });

  it('keeps the Chinese deals file in GBK and equal to the English one', () => {
    const bytes = readFileSync(join(FIXTURES, 'deals-zh.gbk.csv'));
    const text = iconv.decode(bytes, 'gb18030');
    expect(iconv.encode(text, 'gbk').equals(bytes)).toBe(true);
    const zh = parse(text, { columns: true }) as Record<string, string>[];
    const en = parse(readFileSync(join(FIXTURES, 'deals.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const yuan = (s: string) => (s.endsWith('万') ? Math.round(Number(s.slice(0, -1)) * 10_000) : Number(s.replace(/[￥,]/g, '')));
    expect(zh.map((r) => [r['商机编号'], yuan(r['合同金额'])])).toEqual(en.map((r) => [r['Opportunity ID'], Number(r['Amount'])]));
    expect(zh.some((r) => r['合同金额'].endsWith('万'))).toBe(true);
  });

  it('ties activities and leads to the deals, reps and accounts', () => {
    const read = (f: string) => parse(readFileSync(join(FIXTURES, f), 'utf8'), { columns: true }) as Record<string, string>[];
    const deals = read('deals.csv');
    const reps = new Set(read('teams.csv').map((r) => r['Sales Rep']));
    const dealIds = new Set(deals.map((d) => d['Opportunity ID']));
    const leadIds = new Set(read('leads.csv').map((l) => l['Lead ID']));
    for (const d of deals) expect(reps.has(d['Opportunity Owner'])).toBe(true);
    for (const a of read('activity.csv')) {
      expect(reps.has(a['Sales Rep'])).toBe(true);
      if (a['Opportunity ID']) expect(dealIds.has(a['Opportunity ID'])).toBe(true);
      if (a['Lead ID']) expect(leadIds.has(a['Lead ID'])).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { candidateKinds, mapColumns } from '../../../src/core/ingest/columns.js';

describe('column mapping', () => {
  it.each([
    ['Opportunity Owner', 'rep'],
    ['owner', 'rep'],
    ['sales_agent', 'rep'],
    ['销售', 'rep'],
    ['负责人', 'rep'],
    ['客户经理', 'rep'],
    ['销售人员', 'rep'],
    ['Close Date', 'closed_at'],
    ['won date', 'closed_at'],
    ['签约日期', 'closed_at'],
    ['赢单日期', 'closed_at'],
    ['成交日期', 'closed_at'],
    ['Amount', 'amount'],
    ['close_value', 'amount'],
    ['合同金额', 'amount'],
    ['金额(元)', 'amount'],
    ['金额（元）', 'amount'],
    ['Stage', 'stage'],
    ['deal_stage', 'stage'],
    ['阶段', 'stage'],
    ['商机阶段', 'stage'],
    ['ＣＬＯＳＥ　ＤＡＴＥ', 'closed_at'],
    ['  close-date ', 'closed_at'],
  ])('reads the deals header %j as %s', (header, field) => {
    const m = mapColumns('deals', ['x', header]);
    expect(m.fields[field]).toBe(1);
  });

  it('lets config map any header, ahead of the aliases', () => {
    const m = mapColumns('deals', ['我的列名', '负责人', '签约日期'], { deals: { rep: '我的列名' } });
    expect(m.fields.rep).toBe(0);
    expect(m.shadowed).toEqual([{ header: '负责人', field: 'rep' }]);
    expect(m.missing).toEqual([]);
  });

  it('reports required columns that are missing and the headers it did not use', () => {
    const m = mapColumns('deals', ['Owner', 'Account Name', 'Colour']);
    expect(m.missing).toEqual(['closed_at']);
    expect(m.unmapped).toEqual(['Colour']);
  });

  it('detects the kind of a header row, best match first', () => {
    expect(candidateKinds(['opportunity_id', 'sales_agent', 'deal_stage', 'close_date', 'close_value'])[0].kind).toBe('deals');
    expect(candidateKinds(['记录编号', '客户经理', '行为类型', '发生时间'])[0].kind).toBe('activities');
    expect(candidateKinds(['mql_id', 'first_contact_date', 'landing_page_id', 'origin'])[0].kind).toBe('leads');
    expect(candidateKinds(['sales_agent', 'manager', 'regional_office'])[0].kind).toBe('teams');
    expect(candidateKinds(['销售报表 2026', '', ''])).toEqual([]);
  });
});

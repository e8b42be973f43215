import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseStage } from '../../../src/core/values/stage.js';

const WON = ['Won', 'Closed Won', 'Closed-Won', 'closed_won', 'CLOSED WON', 'ｃｌｏｓｅｄ　ｗｏｎ', 'win', '赢单', '成交', '已成交', '已签约', '签约', '已赢单', '赢得', '【赢单】'];
const LOST = ['Lost', 'Closed Lost', 'closed-lost', 'lose', '输单', '丢单', '已丢单', '失败', '关闭-丢单', '关闭丢单', '关闭－丢单', '已输单'];
const OPEN = ['Prospecting', 'Engaging', '谈判', '方案', 'Closed', 'Negotiation/Review', 'won?maybe'];

describe('parseStage', () => {
  it.each(WON)('%j → won', (raw) => expect(parseStage(raw).stage).toBe('won'));
  it.each(LOST)('%j → lost', (raw) => expect(parseStage(raw).stage).toBe('lost'));
  it.each(OPEN)('%j → open', (raw) => expect(parseStage(raw).stage).toBe('open'));
  it('keeps the raw label trimmed', () => {
    expect(parseStage('  Closed Won ')).toEqual({ stage: 'won', label: 'Closed Won' });
    expect(parseStage(' 谈判 ')).toEqual({ stage: 'open', label: '谈判' });
    expect(parseStage(null)).toEqual({ stage: 'open', label: '' });
    expect(parseStage(3)).toEqual({ stage: 'open', label: '3' });
  });
  it('never throws', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.double(), fc.boolean(), fc.date()), (raw) => void parseStage(raw)));
  });
});

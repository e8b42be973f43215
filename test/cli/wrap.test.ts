import { describe, expect, it } from 'vitest';
import { wrapText } from '../../src/cli/render.js';

describe('wrapText in Chinese', () => {
  // 甲乙丙丁（权重） is 16 columns wide: at 10 columns the line is full just after "（".
  it('never ends a line with opening punctuation: the bracket goes down with what it opens', () => {
    const lines = wrapText('甲乙丙丁（权重：触达）', 10).split('\n');
    expect(lines[0]).toBe('甲乙丙丁');
    expect(lines[1].trim().startsWith('（权重')).toBe(true);
    expect(lines.every((l) => !l.trimEnd().endsWith('（'))).toBe(true);
  });
  it('never starts a line with closing punctuation', () => {
    const lines = wrapText('甲乙丙丁戊，己庚', 10).split('\n');
    expect(lines.every((l) => !l.trim().startsWith('，'))).toBe(true);
  });
});

describe('wrapText keeps a number with its unit', () => {
  it('moves "1042 h" down whole rather than leaving the unit to start a line', () => {
    // "oldest waiting 1042" fills 19 of 20 columns: breaking at the space after it would start a line with "h".
    const lines = wrapText('oldest waiting 1042 h now', 20).split('\n');
    expect(lines[0]).toBe('oldest waiting');
    expect(lines[1].trim()).toBe('1042 h now');
  });
  it('still breaks before a word that only starts like a unit', () => {
    const lines = wrapText('oldest waiting 1042 hours now', 20).split('\n');
    expect(lines[0]).toBe('oldest waiting 1042');
  });
  it('keeps 小时 with its number in Chinese', () => {
    // 已等待 1042 fills 11 of 13 columns: 小时 does not fit after it.
    const lines = wrapText('已等待 1042 小时', 13).split('\n');
    expect(lines.some((l) => l.trim().startsWith('小时'))).toBe(false);
    expect(lines.some((l) => l.includes('1042 小时'))).toBe(true);
  });
});

describe('wrapText before a run of closing punctuation', () => {
  it('moves "）；" down together with the character they close, never starting a line with either', () => {
    // At 23 columns the second line fills up at "；" right after "）": both go down, with 动.
    const lines = wrapText('次数 = 每单一次（两份快照只能看到一次变动）；无日期', 23).split('\n');
    expect(lines.map((l) => l.trim())).toEqual(['次数 = 每单一次（两份快', '照只能看到一次变', '动）；无日期']);
  });
});

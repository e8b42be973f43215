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

import { describe, expect, it } from 'vitest';
import { perfInProcess } from './helpers.js';

describe('--help', () => {
  it('is in Chinese with --lang zh: headings, descriptions of commands and options, examples', async () => {
    const top = await perfInProcess(['--lang', 'zh', '--help']);
    expect(top.code).toBe(0);
    expect(top.out).toContain('用法：');
    expect(top.out).toContain('命令：');
    expect(top.out).toContain('按公司、团队、销售滚动预测赢单');
    expect(top.out).toContain('退出码：');
    const forecast = await perfInProcess(['--lang', 'zh', 'forecast', '--help']);
    expect(forecast.out).toContain('选项：');
    expect(forecast.out).toContain('市场调整 CSV');
    expect(forecast.out).toContain('显示命令帮助');
    expect(forecast.out).toContain('示例：');
    expect(forecast.out).not.toContain('Examples:');
  });

  it('is in Chinese under a zh locale, and in English otherwise', async () => {
    const zh = await perfInProcess(['score', '--help'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.out).toContain('销售行为评分');
    const en = await perfInProcess(['score', '--help']);
    expect(en.out).toContain('Usage:');
    expect(en.out).toContain('score sales behaviour');
    expect(en.out).toContain('Examples:');
  });
});

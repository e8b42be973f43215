import { describe, expect, it } from 'vitest';
import { perfInProcess } from './helpers.js';
import { linesWiderThan } from './terminal-width.js';

describe('--help', () => {
  it('is in Chinese with --lang zh: headings, descriptions of commands and options, examples', async () => {
    const top = await perfInProcess(['--lang', 'zh', '--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('用法：');
    expect(top.stdout).toContain('命令：');
    expect(top.stdout).toContain('按公司、团队、销售滚动预测赢单');
    expect(top.stdout).toContain('退出码：');
    const forecast = await perfInProcess(['--lang', 'zh', 'forecast', '--help']);
    expect(forecast.stdout).toContain('选项：');
    expect(forecast.stdout).toContain('市场调整 CSV');
    expect(forecast.stdout).toContain('显示命令帮助');
    expect(forecast.stdout).toContain('示例：');
    expect(forecast.stdout).not.toContain('Examples:');
  });

  it('is in Chinese under a zh locale, and in English otherwise', async () => {
    const zh = await perfInProcess(['score', '--help'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.stdout).toContain('销售行为评分');
    const en = await perfInProcess(['score', '--help']);
    expect(en.stdout).toContain('Usage:');
    expect(en.stdout).toContain('score sales behaviour');
    expect(en.stdout).toContain('Examples:');
  });

  it('has no English description left in any command\'s Chinese help', async () => {
    const commands = ['inspect', 'init', 'forecast', 'target check', 'backtest', 'score', 'changes', 'audit', 'evaluate', 'alerts', 'accuracy', 'dashboard', 'calibrate prep', 'calibrate plan', 'calibrate minutes', 'calibrate record', 'calibrate tasks', 'calibrate done'];
    const english: string[] = [];
    for (const c of commands) {
      const r = await perfInProcess(['--lang', 'zh', ...c.split(' '), '--help']);
      expect(r.code, c).toBe(0);
      // A description is the text after the flag or argument; examples (sales-perf …) stay as typed.
      for (const l of r.stdout.split('\n'))
        if (!/sales-perf|^\s*#/.test(l) && /[a-z]{4,} [a-z]{3,} [a-z]{4,}/i.test(l.replace(/^\s*\S+(?: <[^>]+>)?\s+/, ''))) english.push(`${c}: ${l.trim()}`);
    }
    expect(english).toEqual([]);
  });

  it('fits 80 columns in both languages, Chinese descriptions wrapped by their width, examples left whole', async () => {
    const commands = ['', 'inspect', 'forecast', 'target check', 'target', 'score', 'audit', 'evaluate', 'alerts', 'dashboard', 'calibrate', 'calibrate prep'];
    const wide: string[] = [];
    for (const lang of ['en', 'zh'])
      for (const c of commands) {
        // not a terminal: commander lays the help out for 80 columns
        const r = await perfInProcess(['--lang', lang, ...c.split(' ').filter(Boolean), '--help']);
        expect(r.code, c).toBe(0);
        wide.push(...linesWiderThan(r.stdout, 80).filter((l) => !/^\s*(sales-perf |#)/.test(l)).map((l) => `${lang} ${c}: ${l}`));
      }
    expect(wide).toEqual([]);
    const target = await perfInProcess(['--lang', 'zh', 'target', '--help']);
    // the continuation of a wrapped description lines up under its start
    expect(target.stdout).toMatch(/\n  check \[options\] <deals>  对建议目标做"三无"审查：[^\n]*\n {27}\S/);
  });
});

/**
 * Every cron line in docs/ runs as cron would run it (`sh -c`, `\%` → `%`), with /srv/sales replaced by a
 * scratch folder holding the sample exports, dates shifted so the data end yesterday (cron lines carry no
 * --as-of), and `sales-perf` on PATH. Each must exit 0, as the page promises.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, tempDir } from '../cli/helpers.js';

const DAY = 86_400_000;

/** The cron lines of every page: the command after the five schedule fields of each crontab entry in a ```cron block. */
export function cronLines(): { page: string; line: string; command: string }[] {
  const out: { page: string; line: string; command: string }[] = [];
  for (const page of readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(join(ROOT, 'docs', page), 'utf8');
    for (const block of text.matchAll(/^```cron\n([\s\S]*?)^```/gm))
      for (const line of block[1].split('\n')) {
        const m = /^\s*(?:\S+\s+){5}(.+)$/.exec(line);
        if (m && !line.trimStart().startsWith('#')) out.push({ page, line, command: m[1].replace(/\\%/g, '%') });
      }
  }
  return out;
}

/** Shifts every YYYY-MM-DD in a sample export by whole weeks, so the data end yesterday and weekdays stay weekdays. */
function shiftDates(text: string, days: number): string {
  return text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (_m, y, mo, d) => new Date(Date.UTC(+y, +mo - 1, +d) + days * DAY).toISOString().slice(0, 10));
}

describe('the cron lines in docs/', () => {
  const { dir, cleanup } = tempDir('perf-cron-');
  afterAll(cleanup);
  const lines = cronLines();

  it('are there to test', () => {
    expect(lines.length).toBeGreaterThanOrEqual(3);
  });

  // The sample exports end 2026-11-26; move them to end yesterday (whole weeks, so working days stay working days).
  const today = Math.floor(Date.now() / DAY);
  const shift = Math.floor((today - 1 - Date.UTC(2026, 10, 26) / DAY) / 7) * 7;
  const home = join(dir, 'srv/sales');
  for (const sub of ['exports', 'out', 'log', 'bin', 'home']) mkdirSync(join(home, sub), { recursive: true });
  for (const f of ['deals.csv', 'activity.csv', 'leads.csv', 'teams.csv'])
    writeFileSync(join(home, 'exports', f), shiftDates(readFileSync(join(FIXTURES, f), 'utf8'), shift));
  writeFileSync(join(home, 'bin/sales-perf'), `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin/perf.js')}" "$@"\n`);
  chmodSync(join(home, 'bin/sales-perf'), 0o755);

  it.each(lines.map((l) => [l.page, l.line] as const))('%s: %s', (page, line) => {
    const { command } = lines.find((l) => l.line === line && l.page === page)!;
    const r = spawnSync('sh', ['-c', command.replaceAll('/srv/sales', home)], {
      encoding: 'utf8',
      env: { PATH: `${join(home, 'bin')}:${process.env.PATH}`, HOME: join(home, 'home'), LANG: 'en_US.UTF-8', SHELL: '/bin/sh' },
    });
    expect({ code: r.status, stderr: r.stderr }).toMatchObject({ code: 0 });
  }, 600_000);
});

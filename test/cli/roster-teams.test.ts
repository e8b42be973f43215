/**
 * A roster (--team) puts every rep of it in its team in every command, as the forecast groups them, and
 * says first how many rows named another team. The exports: Wang Yu's rows (some under the alias 王宇)
 * name East where the roster says North; Li Lei's name no team (the roster's North); Zhou Jie's agree
 * (South); Sun Qi is not on the roster and keeps the export's East.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, perfInProcess, tempDir } from './helpers.js';

const { dir, cleanup } = tempDir('perf-roster-teams-');
afterAll(cleanup);
const file = (name: string, lines: string[]) => {
  writeFileSync(join(dir, name), lines.join('\n') + '\n');
  return join(dir, name);
};

const REPS = [
  ['Wang Yu', 'East'],
  ['王宇', 'East'],
  ['Li Lei', ''],
  ['Zhou Jie', 'South'],
  ['Sun Qi', 'East'],
] as const;
const team = file('teams.csv', [
  'Sales Rep,Team,Manager,Manager Email,Email,Aliases',
  'Wang Yu,North,Ma Li,ma.li@example.com,wang.yu@example.com,王宇',
  'Li Lei,North,Ma Li,ma.li@example.com,li.lei@example.com,',
  'Zhou Jie,South,Gao Fei,gao.fei@example.com,zhou.jie@example.com,',
]);
// One won deal a month per row of REPS, 2025-01 to 2026-09 (21 months): 42 of Wang Yu's name East.
const months = Array.from({ length: 21 }, (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
const deals = file('deals.csv', [
  'Opportunity ID,Opportunity Owner,Team,Account Name,Stage,Amount,Created Date,Close Date',
  ...months.flatMap((m, i) => REPS.map(([rep, t], k) => `D${i}-${k},${rep},${t},C${i}-${k},Won,${1000 + 100 * ((i + k) % 4)},${m}-02,${m}-10`)),
]);
// A call a day in 2026-09 per row of REPS: 56 of Wang Yu's name East.
const activity = file('activity.csv', [
  'Activity ID,Sales Rep,Team,Account Name,Activity Type,Activity Date,Effective',
  ...Array.from({ length: 28 }, (_, d) => REPS.map(([rep, t], k) => `A${d}-${k},${rep},${t},C${k},call,2026-09-${String(d + 1).padStart(2, '0')} 10:00,Yes`)).flat(),
]);
const ROSTER_LINE = /^ {2}roster: (\d+) rows of 1 rep in .+ name a team other than the roster's; the roster's team is used \(Wang Yu: export (\S+), roster North\)$/m;

/** The report's checks block (up to the first blank line), its lines joined where the report wrapped them. */
const checksBlock = (stdout: string) => stdout.split('\n\n')[0].replace(/\n {4}/g, ' ');

describe('a roster whose teams the exports name otherwise', () => {
  it('score: the teams follow the roster, a row without a team takes it, an off-roster rep keeps the export\'s; said first, counted', async () => {
    const args = ['--as-of', '2026-10-01', 'score', activity, '--team', team, '--month', '2026-09'];
    const j = JSON.parse((await perfInProcess([...args, '--json'])).stdout);
    expect(Object.fromEntries(j.reps.map((r: { rep: string; team: string }) => [r.rep, r.team]))).toEqual({ 'Wang Yu': 'North', 'Li Lei': 'North', 'Zhou Jie': 'South', 'Sun Qi': 'East' });
    expect(j.teams.map((t: { team: string; reps: number }) => [t.team, t.reps])).toEqual([['East', 1], ['North', 2], ['South', 1]]);
    const check = j.checks.find((c: { code: string }) => c.code === 'roster_team');
    expect(check.message.en).toBe(`56 rows of 1 rep in ${activity} name a team other than the roster's; the roster's team is used (Wang Yu: export East, roster North)`);
    expect(check.message.zh).toBe(`${activity} 中有 1 名销售的 56 行所填团队与花名册不同，按花名册的团队计（Wang Yu：导出为 East，花名册为 North）`);
    const text = await perfInProcess([...args, '--width', '400']);
    expect(checksBlock(text.stdout)).toMatch(ROSTER_LINE);
    const zh = await perfInProcess([...args, '--lang', 'zh', '--width', '400']);
    expect(checksBlock(zh.stdout)).toContain(`  花名册：${check.message.zh}`);
  });

  it('evaluate: the team roll-up follows the roster; the deals\' and the activity log\'s rows are said in one line', async () => {
    const args = ['--as-of', '2026-10-01', 'evaluate', '--deals', deals, '--activity', activity, '--team', team, '--period', '2026-Q3'];
    const j = JSON.parse((await perfInProcess([...args, '--json'])).stdout);
    expect(Object.fromEntries(j.reps.map((r: { name: string; team: string }) => [r.name, r.team]))).toEqual({ 'Wang Yu': 'North', 'Li Lei': 'North', 'Zhou Jie': 'South', 'Sun Qi': 'East' });
    // 2026-Q3: Wang Yu's 2 deals a month (amounts 1000 + 100 × (i + k) mod 4, i = 18…20) and Li Lei's 1.
    const won = Object.fromEntries(j.teams.map((t: { name: string; actual: number }) => [t.name, t.actual]));
    expect(won).toEqual({ North: 1200 + 1300 + 1000 + 1300 + 1000 + 1100 + 1000 + 1100 + 1200, South: 1100 + 1200 + 1300, East: 1200 + 1300 + 1000 });
    const checks = j.checks.filter((c: { code: string }) => c.code === 'roster_team');
    expect(checks.map((c: { message: { en: string } }) => c.message.en)).toEqual([
      `98 rows of 1 rep in ${deals} and ${activity} name a team other than the roster's; the roster's team is used (Wang Yu: export East, roster North)`,
    ]);
    const text = await perfInProcess([...args, '--width', '400']);
    expect(checksBlock(text.stdout).match(ROSTER_LINE)?.[1]).toBe('98');
  });

  it('audit: the team concentration rolls Wang Yu up under North, as the forecast does', async () => {
    const j = JSON.parse((await perfInProcess(['--as-of', '2026-10-01', 'audit', deals, '--team', team, '--json'])).stdout);
    const teams = j.concentration.filter((c: { level: string; periodKind: string }) => c.level === 'team' && c.periodKind === 'quarter').map((c: { unit: string; deals: number }) => [c.unit, c.deals]);
    expect(teams).toEqual([['East', 21], ['North', 63], ['South', 21]]);
    expect(j.checks.find((c: { code: string }) => c.code === 'roster_team').message.en).toMatch(/^42 rows of 1 rep /);
  });

  it('alerts: a lead alert goes to the manager of the roster\'s team, not of the team the leads export names', async () => {
    const leads = file('leads.csv', ['Lead ID,Owner,Team,Account Name,Assigned At', 'L1,Wang Yu,South,X,2026-09-25 09:00', 'L2,王宇,South,Y,2026-09-26 09:00']);
    const args = ['--as-of', '2026-10-01', 'alerts', deals, '--leads', leads, '--team', team, '--state', join(dir, 's.db'), '--dry-run'];
    const r = await perfInProcess([...args, '--json']);
    const lead = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).find((a) => a.rule === 'lead-follow-up');
    expect(lead).toMatchObject({ key: 'lead-follow-up:rep=Wang Yu', team: 'North', recipients: [{ role: 'rep', name: 'Wang Yu' }, { role: 'manager', name: 'Ma Li' }] });
    expect(lead.recipients).toHaveLength(2);
    const text = await perfInProcess([...args, '--width', '400']);
    expect(checksBlock(text.stdout)).toContain(`  roster: 44 rows of 1 rep in ${deals} and ${leads} name a team other than the roster's; the roster's team is used (Wang Yu: export East/South, roster North)`);
  });
});

describe('a file given as the roster that is another export', () => {
  it('refuses an activity log given to --team, which maps a rep column and nothing else; a plain list of reps is still a roster', async () => {
    const wrong = await perfInProcess(['forecast', fixture('deals.csv'), '--team', fixture('activity.csv'), '--as-of', '2026-11-27']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.replace(/\n {2}/g, ' ')).toContain('read as a team list it has a rep column only (no team, region, manager or email), and it looks like a file of activities');
    const list = file('reps.csv', ['Rep', 'Zhang Wei', 'Li Na']);
    const plain = await perfInProcess(['forecast', fixture('deals.csv'), '--team', list, '--as-of', '2026-11-27']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/roster: 4 reps in the data are not on the roster/);
  });
});
